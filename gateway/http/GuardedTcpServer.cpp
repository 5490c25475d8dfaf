#include "gateway/http/GuardedTcpServer.h"

#include "gateway/core/ApiError.h"
#include "gateway/http/ConnectionGuard.h"
#include "gateway/http/HttpWire.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcAccept, "switchyard.http.accept", QtInfoMsg)

namespace sy {

GuardedTcpServer::GuardedTcpServer(const FrontLimits& limits, bool sendContinue, QObject* parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_sendContinue(sendContinue)
    , m_sweep(this)
{
    // Deadlines are seconds long, so checking four times a second is precise enough.
    m_sweep.setInterval(250);
    connect(&m_sweep, &QTimer::timeout, this, [this] {
        const qint64 now = QDeadlineTimer::current().deadline();
        const QList<ConnectionGuard*> guards = m_guards.values();
        for (ConnectionGuard* guard : guards)
            guard->checkDeadline(now);
        if (m_guards.isEmpty())
            m_sweep.stop();
    });
}

ConnectionGuard* GuardedTcpServer::guardFor(const QHostAddress& peer, quint16 port) const
{
    return m_guards.value(PeerKey{peer, port}, nullptr);
}

ConnectionGuard* GuardedTcpServer::guardOf(QTcpSocket* socket)
{
    return socket ? socket->findChild<ConnectionGuard*>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    const QHostAddress peer = socket->peerAddress();
    if (m_guards.size() >= m_limits.maxConnections) {
        refuse(socket, u"the gateway is at its limit of %1 connections"_s.arg(m_limits.maxConnections));
        return;
    }
    if (m_perClient.value(peer) >= m_limits.maxConnectionsPerClient) {
        refuse(socket, u"this client is at its limit of %1 connections"_s.arg(m_limits.maxConnectionsPerClient));
        return;
    }
    // Small requests and SSE events must not wait for Nagle's algorithm.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);

    auto* guard = new ConnectionGuard(socket, m_limits, m_sendContinue, socket);
    const PeerKey key{peer, socket->peerPort()};
    m_guards.insert(key, guard);
    ++m_perClient[peer];
    connect(guard, &QObject::destroyed, this, [this, key] {
        m_guards.remove(key);
        if (--m_perClient[key.address] <= 0)
            m_perClient.remove(key.address);
    });
    if (!m_sweep.isActive())
        m_sweep.start();
    addPendingConnection(socket);
}

void GuardedTcpServer::shutdownConnections()
{
    const QList<ConnectionGuard*> guards = m_guards.values();
    for (ConnectionGuard* guard : guards)
        guard->shutdown();
}

void GuardedTcpServer::refuse(QTcpSocket* socket, const QString& reason)
{
    qCWarning(lcAccept) << "refusing connection from" << socket->peerAddress().toString() << ':' << reason;
    emit connectionRefused(socket->peerAddress(), reason);
    const ApiError error
        = ApiError::serviceUnavailable(u"Too many connections: %1."_s.arg(reason), "too_many_connections", 1);
    socket->write(HttpWire::errorResponse(error, true));
    socket->disconnectFromHost();
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(5000, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
}

} // namespace sy
