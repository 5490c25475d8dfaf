#include "ScriptedServer.h"

#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>

namespace sy {

namespace {

// Self-signed P-256 certificate for CN=localhost, SAN 127.0.0.1 and localhost, valid 2000-2100.
constexpr char kKeyPem[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg1QVEL0PcwScXdtMp
2w8qnBHP/hxB/ctNZvBTtwSxCYOhRANCAARhyoQCKDrtgqCQcftukwn18v0HpovT
Kmw0b6Z8vtLs4Xu4a3nHde6ZMBVqkgSY78iTTR6iIWtJ2qV0pNOQYBag
-----END PRIVATE KEY-----
)";
constexpr char kCertificatePem[] = R"(-----BEGIN CERTIFICATE-----
MIIBZDCCAQqgAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlsb2NhbGhv
c3QwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMBQxEjAQBgNVBAMM
CWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABGHKhAIoOu2CoJBx
+26TCfXy/Qemi9MqbDRvpny+0uzhe7hrecd17pkwFWqSBJjvyJNNHqIha0napXSk
05BgFqCjSzBJMBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9zdDAMBgNVHRMBAf8E
AjAAMB0GA1UdDgQWBBT6cCQXVrp49pfm1aEjLqhcqDmw0zAKBggqhkjOPQQDAgNI
ADBFAiEAxyUoHj/muNbnITxPtAhlzIItw9yclAPo6/Jkt9Fd+lgCIGB3XbMnHriK
p8aeSUR/oQS5QsOWOdoFZc5HIQBmhnCG
-----END CERTIFICATE-----
)";

} // namespace

ScriptedServer::ScriptedServer(QObject* parent)
    : QObject(parent)
{ }

void ScriptedServer::adopt(QTcpServer* server)
{
    m_server.reset(server);
    connect(server, &QTcpServer::pendingConnectionAvailable, this, &ScriptedServer::onNewConnection);
}

bool ScriptedServer::listen(const QHostAddress& address)
{
    adopt(new QTcpServer);
    return m_server->listen(address, 0);
}

bool ScriptedServer::listenTls(const QHostAddress& address)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate(QByteArray(kCertificatePem), QSsl::Pem));
    config.setPrivateKey(QSslKey(QByteArray(kKeyPem), QSsl::Ec, QSsl::Pem));
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    auto* server = new QSslServer;
    server->setSslConfiguration(config);
    adopt(server);
    m_tls = true;
    return m_server->listen(address, 0);
}

UpstreamOrigin ScriptedServer::origin() const
{
    UpstreamOrigin origin;
    origin.tls = m_tls;
    origin.host = m_server->serverAddress().toString();
    origin.port = m_server->serverPort();
    return origin;
}

void ScriptedServer::enqueue(const QByteArray& response, bool closeAfter)
{
    m_queue.append({response, closeAfter});
}

QByteArray ScriptedServer::response(const QByteArray& body, int status, const QByteArray& extraHeaders)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " Whatever\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\n" + extraHeaders + "\r\n" + body;
}

void ScriptedServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        const int index = m_accepted++;
        m_sockets.append(socket);
        m_buffers.append(QByteArray());
        m_requestCounts.append(0);
        m_maxOpen = qMax(m_maxOpen, ++m_open);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, index] { onReadyRead(socket, index); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            --m_open;
            ++m_disconnects;
            socket->deleteLater();
        });
    }
}

qsizetype ScriptedServer::requestLength(const QByteArray& buffer)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return -1;
    qint64 contentLength = 0;
    const QByteArray head = buffer.first(headEnd).toLower();
    const qsizetype at = head.indexOf("\r\ncontent-length:");
    if (at >= 0) {
        const qsizetype valueStart = at + 17;
        const qsizetype lineEnd = head.indexOf("\r\n", valueStart);
        contentLength = head.mid(valueStart, lineEnd < 0 ? -1 : lineEnd - valueStart).trimmed().toLongLong();
    }
    const qsizetype total = headEnd + 4 + contentLength;
    return buffer.size() >= total ? total : -1;
}

void ScriptedServer::onReadyRead(QTcpSocket* socket, int connection)
{
    QByteArray& buffer = m_buffers[connection];
    buffer += socket->readAll();
    for (qsizetype length = requestLength(buffer); length > 0; length = requestLength(buffer)) {
        Request request;
        request.raw = buffer.first(length);
        request.body = request.raw.sliced(request.raw.indexOf("\r\n\r\n") + 4);
        request.connection = connection;
        request.indexOnConnection = m_requestCounts[connection]++;
        buffer.remove(0, length);
        m_requests.append(request);
        if (m_responder) {
            m_responder(socket, request);
        } else if (!m_queue.isEmpty()) {
            const Canned canned = m_queue.takeFirst();
            socket->write(canned.bytes);
            if (canned.closeAfter)
                socket->disconnectFromHost();
        }
        if (socket->state() != QAbstractSocket::ConnectedState)
            return;
    }
}

} // namespace sy
