#include "gateway/core/ServerStatus.h"

using namespace Qt::StringLiterals;

namespace sy {

QString serverStateName(ServerState state)
{
    switch (state) {
    case ServerState::Stopped:
        return u"stopped"_s;
    case ServerState::Starting:
        return u"starting"_s;
    case ServerState::Ready:
        return u"ready"_s;
    case ServerState::Stopping:
        return u"stopping"_s;
    case ServerState::Backoff:
        return u"restarting"_s;
    case ServerState::Failed:
        break;
    }
    return u"failed"_s;
}

} // namespace sy
