#include "gateway/http/GuardedTcpServer.h"

#include "gateway/core/ApiError.h"
#include "gateway/http/ConnectionGuard.h"
#include "gateway/http/HttpWire.h"
#include "gateway/http/QtClientTransport.h"
#ifdef Q_OS_LINUX
#include "gateway/http/PosixClientTransport.h"
#endif

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

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

QHostAddress peerOf(qintptr descriptor)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(int(descriptor), reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return {};
    return QHostAddress(reinterpret_cast<const sockaddr*>(&address));
}

/** A Qt socket on @p descriptor (closed if that fails). */
template <typename Socket>
Socket* adopt(qintptr descriptor, QObject* parent)
{
    auto* socket = new Socket(parent);
    if (socket->setSocketDescriptor(descriptor))
        return socket;
    delete socket;
    ::close(int(descriptor));
    return nullptr;
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

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    const QHostAddress peer = peerOf(descriptor);
    const FrontLimits& limits = m_settings.limits;
    if (!m_settings.access.allows(peer)) {
        refuse(descriptor,
               peer,
               403,
               u"address %1 is not in the allowed list (gateway.allowed_ips)"_s.arg(peer.toString()));
        return;
    }
    if (m_open >= limits.maxConnections) {
        refuse(descriptor, peer, 503, u"the gateway is at its limit of %1 connections"_s.arg(limits.maxConnections));
        return;
    }
    if (!isLoopback(peer) && m_perClient.value(peer) >= limits.maxConnectionsPerClient) {
        refuse(descriptor,
               peer,
               503,
               u"this client is at its limit of %1 connections"_s.arg(limits.maxConnectionsPerClient));
        return;
    }
    // Small requests and SSE events must not wait for Nagle's algorithm.
    const int on = 1;
    ::setsockopt(int(descriptor), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    if (m_settings.tls.isEnabled()) {
        startTls(descriptor, peer);
        return;
    }
    if (ClientTransport* transport = createPlainTransport(descriptor, peer)) {
        count(transport, peer);
        admit(transport);
    }
}

ClientTransport* GuardedTcpServer::createPlainTransport(qintptr descriptor, const QHostAddress& peer)
{
#ifdef Q_OS_LINUX
    // SWITCHYARD_CLIENT_SOCKETS=qt serves clients with Qt's sockets here too (to compare, or to
    // rule the bare one out).
    static const bool bare = qEnvironmentVariable("SWITCHYARD_CLIENT_SOCKETS") != "qt"_L1;
    if (bare)
        return new PosixClientTransport(int(descriptor), peer, this);
#else
    Q_UNUSED(peer);
#endif
    auto* socket = adopt<QTcpSocket>(descriptor, this);
    return socket ? new QtClientTransport(socket, this) : nullptr;
}

void GuardedTcpServer::startTls(qintptr descriptor, const QHostAddress& peer)
{
    QSslSocket* ssl = adopt<QSslSocket>(descriptor, this);
    if (!ssl)
        return;
    count(ssl, peer); // from the accept on, handshake included
    // The guard sees the connection only once it is encrypted.
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(m_settings.tls.certificateChain);
    if (m_settings.tls.privateKey)
        tls.setPrivateKey(*m_settings.tls.privateKey);
    ssl->setSslConfiguration(tls);
    connect(ssl, &QSslSocket::encrypted, this, [this, ssl] { admit(new QtClientTransport(ssl, this)); });
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

void GuardedTcpServer::count(QObject* owner, const QHostAddress& peer)
{
    ++m_open;
    const bool perClient = !isLoopback(peer);
    if (perClient)
        ++m_perClient[peer];
    connect(owner, &QObject::destroyed, this, [this, peer, perClient] {
        --m_open;
        if (perClient && --m_perClient[peer] <= 0)
            m_perClient.remove(peer);
        emit connectionClosed();
    });
}

void GuardedTcpServer::admit(ClientTransport* transport)
{
    auto* guard = new ConnectionGuard(transport, m_settings.limits, m_handler, transport);
    m_guards.insert(guard);
    connect(guard, &QObject::destroyed, this, [this, guard] { m_guards.remove(guard); });
    // Later, not now: the guard may be in the middle of telling its requests the client is gone.
    connect(transport, &ClientTransport::closed, transport, &QObject::deleteLater);
    if (!m_sweep.isActive())
        m_sweep.start();
}

void GuardedTcpServer::shutdownConnections()
{
    const QList<ConnectionGuard*> guards = m_guards.values();
    for (ConnectionGuard* guard : guards)
        guard->shutdown();
}

void GuardedTcpServer::refuse(qintptr descriptor, const QHostAddress& peer, int status, const QString& reason)
{
    qCWarning(lcAccept) << "refusing connection from" << peer.toString() << ':' << reason;
    emit connectionRefused(peer, reason);
    // Over TLS nothing readable can be sent before a handshake: just close.
    if (m_settings.tls.isEnabled()) {
        ::close(int(descriptor));
        return;
    }
    QTcpSocket* socket = adopt<QTcpSocket>(descriptor, this);
    if (!socket)
        return;
    ApiError error = status == 403
        ? ApiError{403, u"Access forbidden: %1."_s.arg(reason), "permission_error", "ip_not_allowed", {}, std::nullopt}
        : ApiError::serviceUnavailable(u"Too many connections: %1."_s.arg(reason), "too_many_connections", 1);
    socket->write(HttpWire::errorResponse(error, true));
    socket->disconnectFromHost();
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(5000, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
}

} // namespace sy
