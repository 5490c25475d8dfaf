#pragma once

#include "gateway/core/GatewayConfig.h"
#include "gateway/http/IRequestHandler.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

namespace sy {

class GuardedTcpServer;

/**
 * The gateway's HTTP front: its listeners, one GuardedTcpServer per address. Each connection is
 * served by a ConnectionGuard, which parses requests with RequestFramer and answers through a
 * WireResponseChannel; every request goes to the IRequestHandler (the pipeline).
 *
 * No Qt HTTP server is involved: QHttpServer's parser read requests one byte at a time, a third
 * of the gateway thread's work per request, and everything around it (limits, timeouts,
 * 100-continue, pipelined order, writing to a closed connection) had to be guarded anyway.
 */
class HttpFrontServer : public QObject
{
    Q_OBJECT

public:
    HttpFrontServer(IRequestHandler* handler, QObject* parent = nullptr);
    ~HttpFrontServer() override;

    /**
     * Listens on every address in @p addresses at @p port (0 = any free port, the same for all
     * addresses), in addition to any current listeners. Returns the port, or 0 with @p error set.
     */
    quint16 listen(const QList<QHostAddress>& addresses, quint16 port, const FrontSettings& settings, QString* error);
    /**
     * Moves to new addresses, port or TLS: listens anew first, then stops accepting on the old
     * listeners, whose open connections go on until they end. On failure nothing changes.
     */
    quint16 relisten(const QList<QHostAddress>& addresses, quint16 port, const FrontSettings& settings, QString* error);
    /** Stops accepting; connections already open continue. */
    void stopListening();
    /** Closes every connection, after flushing what was written to it. */
    void shutdownConnections();
    /** Limits and allow-list for connections accepted from now on. */
    void setSettings(const FrontSettings& settings);
    int connectionCount() const;

private:
    void dropIdleRetired();

    IRequestHandler* m_handler;
    QList<GuardedTcpServer*> m_listeners; ///< all, including closed ones still serving connections
};

} // namespace sy
