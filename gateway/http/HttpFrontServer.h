#pragma once

#include "gateway/core/GatewayConfig.h"
#include "gateway/http/HttpRequest.h"
#include "gateway/http/ResponseChannel.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QList>

#include <memory>

QT_BEGIN_NAMESPACE
class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;
QT_END_NAMESPACE

namespace sy {

class GuardedTcpServer;

/** Receives every request the front accepts. */
class IRequestHandler
{
public:
    virtual ~IRequestHandler() = default;
    virtual void handleRequest(HttpRequest request, std::unique_ptr<ResponseChannel> channel) = 0;
};

/**
 * The QHttpServer adapter: the only place that knows which Qt version it runs on. It turns
 * QHttpServerRequest into HttpRequest and gives each request a ResponseChannel, which writes to
 * the socket directly on Qt 6.4 (whose responder crashes after a disconnect and cannot stream)
 * and through QHttpServerResponder's chunked API on Qt 6.8+.
 */
class HttpFrontServer : public QAbstractHttpServer
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

    /** Qt 6.8's request parser answers `Expect: 100-continue` itself; 6.4's does not. */
    static bool parserSendsContinue();

protected:
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;
#else
    bool handleRequest(const QHttpServerRequest& request, QHttpServerResponder& responder) override;
    void missingHandler(const QHttpServerRequest& request, QHttpServerResponder& responder) override;
#endif

private:
    void dropIdleRetired();

    IRequestHandler* m_handler;
    QList<GuardedTcpServer*> m_listeners; ///< all, including closed ones still serving connections
};

} // namespace sy
