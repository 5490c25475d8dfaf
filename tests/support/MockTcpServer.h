#pragma once

#include <QTcpServer>

#include <functional>

namespace sy::testing {

/** A QTcpServer that hands raw descriptors to a callback, so they can be adopted on another thread. */
class MockTcpServer : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MockTcpServer)

public:
    explicit MockTcpServer(std::function<void(qintptr)> onConnection, QObject* parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    std::function<void(qintptr)> m_onConnection;
};

} // namespace sy::testing
