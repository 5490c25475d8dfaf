#pragma once

#include "gateway/core/GatewayConfig.h"

#include <QHash>
#include <QHostAddress>
#include <QSet>
#include <QTcpServer>
#include <QTimer>

namespace sy {

class ClientTransport;
class ConnectionGuard;
class IRequestHandler;

/**
 * One listening socket of the front. It gives every client connection a ConnectionGuard, which
 * serves it; it refuses clients outside the allowed addresses (403) and over the connection
 * limits (503) before they cost anything more; and with TLS configured it completes the
 * handshake before the guard sees the connection.
 *
 * A connection counts toward the limits from its accept on, TLS handshake included (issue #15).
 * Loopback clients count toward max_connections only: every app on this machine shares
 * 127.0.0.1, so a per-address cap would let one local app lock out all the others.
 */
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(const FrontSettings& settings, IRequestHandler* handler, QObject* parent = nullptr);

    /** Open client connections, those still in their TLS handshake included. */
    int connectionCount() const { return m_open; }
    /** Limits and the allow-list apply to connections accepted from now on. TLS stays as it was. */
    void setSettings(const FrontSettings& settings);
    const FrontSettings& settings() const { return m_settings; }
    /** Shuts down every open connection (see ConnectionGuard::shutdown). */
    void shutdownConnections();

signals:
    void connectionRefused(const QHostAddress& peer, const QString& reason);
    void connectionClosed();

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    /** Plain TCP: a bare descriptor where the platform allows (Linux), Qt's socket elsewhere. */
    ClientTransport* createPlainTransport(qintptr descriptor, const QHostAddress& peer);
    void startTls(qintptr descriptor, const QHostAddress& peer);
    /** Counts the connection toward the limits until @p owner is destroyed. */
    void count(QObject* owner, const QHostAddress& peer);
    void admit(ClientTransport* transport);
    void refuse(qintptr descriptor, const QHostAddress& peer, int status, const QString& reason);

    FrontSettings m_settings;
    IRequestHandler* m_handler;
    QSet<ConnectionGuard*> m_guards;
    QHash<QHostAddress, int> m_perClient; ///< non-loopback clients only
    int m_open = 0;
    QTimer m_sweep; ///< checks every connection's deadline; see ConnectionGuard::checkDeadline
};

} // namespace sy
