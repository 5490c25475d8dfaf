#include "tests/support/MockTcpServer.h"

namespace sy::testing {

MockTcpServer::MockTcpServer(std::function<void(qintptr)> onConnection, QObject* parent)
    : QTcpServer(parent)
    , m_onConnection(std::move(onConnection))
{ }

void MockTcpServer::incomingConnection(qintptr descriptor)
{
    m_onConnection(descriptor);
}

} // namespace sy::testing
