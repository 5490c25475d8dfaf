#include "tests/support/MockWorker.h"

#include "tests/support/MockConnection.h"

#include <QTcpSocket>

#include <unistd.h>

namespace sy::testing {

MockWorker::MockWorker(MockState* state, QObject* parent)
    : QObject(parent)
    , m_state(state)
{ }

void MockWorker::adopt(qintptr descriptor)
{
    auto* socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(static_cast<int>(descriptor));
        return;
    }
    new MockConnection(socket, m_state, this);
}

} // namespace sy::testing
