#include "gateway/core/IoEventDispatcher.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include "gateway/core/EpollEventDispatcher.h"
#endif

namespace sy {

QAbstractEventDispatcher* createIoEventDispatcher()
{
#ifdef Q_OS_LINUX
    if (qEnvironmentVariable("SWITCHYARD_EVENT_DISPATCHER") == QLatin1String("qt"))
        return nullptr;
    auto* dispatcher = new EpollEventDispatcher;
    if (dispatcher->isValid())
        return dispatcher;
    delete dispatcher;
#endif
    return nullptr;
}

} // namespace sy
