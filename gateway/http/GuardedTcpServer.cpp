#include "gateway/http/GuardedTcpServer.h"

#include "gateway/core/ApiError.h"
#include "gateway/http/ConnectionGuard.h"
#include "gateway/http/HttpWire.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcAccept, "switchyard.http.accept", QtInfoMsg)

namespace sy {

namespace {

constexpr int kHandshakeTimeoutMs = 10'000;

bool isLoopback(const QHostAddress& peer)
{
    bool mapped = false;
    const QHostAddress v4(peer.toIPv4Address(&mapped)); // dual-stack sockets report ::ffff:127.0.0.1
    return (mapped ? v4 : peer).isLoopback();
}

} // namespace

GuardedTcpServer::GuardedTcpServer(const FrontSettings& settings, IRequestHandler* handler, QObject* parent)
    : QTcpServer(parent)
    , m_settings(settings)
    , m_handler(handler)
    , m_sweep(this)
{
    // Deadlines are seconds long, so checking four times a second is precise enough.
    m_sweep.setInterval(250);
    connect(&m_sweep, &QTimer::timeout, this, [this] {
        const qint64 now = QDeadlineTimer::current().deadline();
        const QList<ConnectionGuard*> guards = m_guards.values(); // a check may close a connection
        for (ConnectionGuard* guard : guards)
            guard->checkDeadline(now);
        if (m_guards.isEmpty())
            m_sweep.stop();
    });
}

void GuardedTcpServer::setSettings(const FrontSettings& settings)
{
    const TlsSettings tls = m_settings.tls;
    m_settings = settings;
    m_settings.tls = tls; // a listener is plain or TLS for life; a TLS change means a new listener
}

QTcpSocket* GuardedTcpServer::createSocket(qintptr descriptor)
{
    QTcpSocket* socket = m_settings.tls.isEnabled() ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return nullptr;
    }
    return socket;
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    QTcpSocket* socket = createSocket(descriptor);
    if (!socket)
        return;
    const QHostAddress peer = socket->peerAddress();
    const FrontLimits& limits = m_settings.limits;
    if (!m_settings.access.allows(peer)) {
        refuse(socket, 403, u"address %1 is not in the allowed list (gateway.allowed_ips)"_s.arg(peer.toString()));
        return;
    }
    if (m_open >= limits.maxConnections) {
        refuse(socket, 503, u"the gateway is at its limit of %1 connections"_s.arg(limits.maxConnections));
        return;
    }
    if (!isLoopback(peer) && m_perClient.value(peer) >= limits.maxConnectionsPerClient) {
        refuse(socket, 503, u"this client is at its limit of %1 connections"_s.arg(limits.maxConnectionsPerClient));
        return;
    }
    count(socket, peer);
    // Small requests and SSE events must not wait for Nagle's algorithm.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto* ssl = qobject_cast<QSslSocket*>(socket);
    if (!ssl) {
        admit(socket);
        return;
    }
    // The guard sees the connection only once it is encrypted.
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(m_settings.tls.certificateChain);
    if (m_settings.tls.privateKey)
        tls.setPrivateKey(*m_settings.tls.privateKey);
    ssl->setSslConfiguration(tls);
    connect(ssl, &QSslSocket::encrypted, this, [this, ssl] { admit(ssl); });
    connect(ssl, &QSslSocket::sslErrors, ssl, [ssl] { ssl->abort(); });
    connect(ssl, &QAbstractSocket::disconnected, ssl, [ssl] {
        if (!ssl->isEncrypted())
            ssl->deleteLater();
    });
    QTimer::singleShot(kHandshakeTimeoutMs, ssl, [ssl] {
        if (!ssl->isEncrypted())
            ssl->abort();
    });
    ssl->startServerEncryption();
}

void GuardedTcpServer::count(QTcpSocket* socket, const QHostAddress& peer)
{
    ++m_open;
    const bool perClient = !isLoopback(peer);
    if (perClient)
        ++m_perClient[peer];
    connect(socket, &QObject::destroyed, this, [this, peer, perClient] {
        --m_open;
        if (perClient && --m_perClient[peer] <= 0)
            m_perClient.remove(peer);
        emit connectionClosed();
    });
}

void GuardedTcpServer::admit(QTcpSocket* socket)
{
    auto* guard = new ConnectionGuard(socket, m_settings.limits, m_handler, socket);
    m_guards.insert(guard);
    connect(guard, &QObject::destroyed, this, [this, guard] { m_guards.remove(guard); });
    // Later, not now: the guard may be in the middle of telling its requests the client is gone.
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    if (!m_sweep.isActive())
        m_sweep.start();
}

void GuardedTcpServer::shutdownConnections()
{
    const QList<ConnectionGuard*> guards = m_guards.values();
    for (ConnectionGuard* guard : guards)
        guard->shutdown();
}

void GuardedTcpServer::refuse(QTcpSocket* socket, int status, const QString& reason)
{
    qCWarning(lcAccept) << "refusing connection from" << socket->peerAddress().toString() << ':' << reason;
    emit connectionRefused(socket->peerAddress(), reason);
    ApiError error = status == 403
        ? ApiError{403, u"Access forbidden: %1."_s.arg(reason), "permission_error", "ip_not_allowed", {}, std::nullopt}
        : ApiError::serviceUnavailable(u"Too many connections: %1."_s.arg(reason), "too_many_connections", 1);
    // Over TLS nothing readable can be sent before a handshake: just close.
    if (!qobject_cast<QSslSocket*>(socket))
        socket->write(HttpWire::errorResponse(error, true));
    socket->disconnectFromHost();
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(5000, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
}

} // namespace sy
