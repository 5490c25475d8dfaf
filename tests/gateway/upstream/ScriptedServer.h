#pragma once

#include "gateway/upstream/UpstreamRequest.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>
#include <memory>

namespace sy {

/**
 * A raw-bytes HTTP/1.1 server for client tests. It splits what arrives into requests (head plus
 * Content-Length body) and answers each one with the next canned response, or hands it to a
 * custom responder that can stall, trickle, or hang up.
 */
class ScriptedServer : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray raw; ///< head and body exactly as received
        QByteArray body;
        int connection = 0; ///< 0-based index of the accepted connection
        int indexOnConnection = 0; ///< 0 for the first request on that connection
    };
    using Responder = std::function<void(QTcpSocket* socket, const Request& request)>;

    explicit ScriptedServer(QObject* parent = nullptr);

    bool listen(const QHostAddress& address = QHostAddress::LocalHost);
    /** Listens for TLS with a built-in self-signed certificate for localhost and 127.0.0.1. */
    bool listenTls(const QHostAddress& address = QHostAddress::LocalHost);
    quint16 port() const { return m_server->serverPort(); }
    UpstreamOrigin origin() const;

    /** Answers the next request with @p response (raw bytes); closes afterwards if asked. */
    void enqueue(const QByteArray& response, bool closeAfter = false);
    /** Replaces the canned queue with custom behaviour. */
    void setResponder(Responder responder) { m_responder = std::move(responder); }

    const QList<Request>& requests() const { return m_requests; }
    int connectionsAccepted() const { return m_accepted; }
    int openConnections() const { return m_open; }
    int maxOpenConnections() const { return m_maxOpen; }
    int disconnects() const { return m_disconnects; }
    QList<QPointer<QTcpSocket>> sockets() const { return m_sockets; }

    /** A complete response with Content-Length framing. */
    static QByteArray response(const QByteArray& body, int status = 200, const QByteArray& extraHeaders = {});

private:
    void adopt(QTcpServer* server);
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket, int connection);
    static qsizetype requestLength(const QByteArray& buffer);

    struct Canned
    {
        QByteArray bytes;
        bool closeAfter = false;
    };

    std::unique_ptr<QTcpServer> m_server;
    bool m_tls = false;
    QList<Canned> m_queue;
    Responder m_responder;
    QList<Request> m_requests;
    QList<QPointer<QTcpSocket>> m_sockets;
    QList<QByteArray> m_buffers;
    QList<int> m_requestCounts;
    int m_accepted = 0;
    int m_open = 0;
    int m_maxOpen = 0;
    int m_disconnects = 0;
};

} // namespace sy
