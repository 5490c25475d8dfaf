#pragma once

#include "gateway/core/GatewayConfig.h"

#include <QHash>
#include <QHostAddress>
#include <QTcpServer>
#include <QTimer>

namespace sy {

class ConnectionGuard;

/**
 * The listening socket handed to QHttpServer::bind(). It creates every client socket itself, so
 * each one gets a ConnectionGuard before QHttpServer sees it, and it refuses connections over
 * the total and per-client limits with a 503 before they cost anything more.
 */
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(const FrontLimits& limits, bool sendContinue, QObject* parent = nullptr);

    /** The guard of the live connection from @p peer : @p port, or null. */
    ConnectionGuard* guardFor(const QHostAddress& peer, quint16 port) const;
    static ConnectionGuard* guardOf(QTcpSocket* socket);

    int connectionCount() const { return int(m_guards.size()); }
    /** Shuts down every open connection (see ConnectionGuard::shutdown). */
    void shutdownConnections();
    /** Limits apply to connections accepted from now on. */
    void setLimits(const FrontLimits& limits) { m_limits = limits; }

signals:
    void connectionRefused(const QHostAddress& peer, const QString& reason);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct PeerKey
    {
        QHostAddress address;
        quint16 port = 0;
        bool operator==(const PeerKey&) const = default;
    };
    friend size_t qHash(const PeerKey& key, size_t seed) { return qHashMulti(seed, key.address, key.port); }

    void refuse(QTcpSocket* socket, const QString& reason);

    FrontLimits m_limits;
    bool m_sendContinue;
    QHash<PeerKey, ConnectionGuard*> m_guards;
    QHash<QHostAddress, int> m_perClient;
    QTimer m_sweep; ///< checks every connection's deadline; see ConnectionGuard::checkDeadline
};

} // namespace sy
