#include "gateway/http/HttpFrontServer.h"

#include "gateway/http/ConnectionGuard.h"
#include "gateway/http/GuardedTcpServer.h"
#include "gateway/http/HeaderNames.h"
#include "gateway/http/HttpWire.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QTcpSocket>

#include <optional>

#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0) && QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
#error "QHttpServer 6.5-6.7 is not supported (responder API without streaming); build with Qt 6.4 or 6.8+."
#endif

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcFront, "switchyard.http.front", QtInfoMsg)

namespace sy {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

HttpRequest convert(const QHttpServerRequest& in, const ConnectionGuard::Handover& handover)
{
    HttpRequest out;
    out.method = methodName(in.method());
    const QUrl url = in.url();
    out.path = url.path(QUrl::FullyEncoded).toUtf8();
    out.query = url.query(QUrl::FullyEncoded).toUtf8();
    out.body = in.body();
    out.peer = in.remoteAddress();
    out.minorVersion = handover.minorVersion;
    out.keepAlive = handover.keepAlive;
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
    const auto fields = in.headers();
    out.headers.reserve(fields.size());
    for (const auto& field : fields)
        out.headers.addShared(field.first, field.second);
#else
    const QHttpHeaders& headers = in.headers();
    for (qsizetype i = 0; i < headers.size(); ++i)
        out.headers.add(headers.nameAt(i), headers.valueAt(i));
#endif
    return out;
}

#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)

// Qt 6.4: the responder holds a raw socket pointer and has no streaming API, so responses are
// formatted here and written through the connection's guard, which also keeps them in order.
class SocketResponseChannel final : public ResponseChannel
{
public:
    SocketResponseChannel(ConnectionGuard* guard, const ConnectionGuard::Handover& h)
        : ResponseChannel(guard, h.slot, h.minorVersion, h.keepAlive)
    { }

protected:
    void writeComplete(int status, const HttpHeaders& headers, const QByteArray& body) override
    {
        QByteArray bytes = HttpWire::head(status, headers, body.size(), body.size());
        bytes += body;
        guard()->write(slot(), bytes);
    }
    void writeStreamHead(int status, const HttpHeaders& headers) override
    {
        HttpHeaders all = headers;
        if (minorVersion() == 1)
            all.addShared(Headers::kTransferEncoding, Headers::kChunked);
        guard()->write(slot(), HttpWire::head(status, all));
    }
    void writeStreamData(const QByteArray& data) override
    {
        guard()->write(slot(), minorVersion() == 1 ? HttpWire::chunk(data) : data);
    }
    void writeStreamEnd(const QByteArray& last) override
    {
        if (minorVersion() == 0) {
            guard()->write(slot(), last);
            return;
        }
        QByteArray bytes = HttpWire::chunk(last);
        bytes += HttpWire::kLastChunk;
        guard()->write(slot(), bytes);
    }
};

#else

QHttpHeaders toQHttpHeaders(const HttpHeaders& headers)
{
    QHttpHeaders out;
    for (const auto& field : headers.fields()) {
        // The responder adds Content-Length and Transfer-Encoding itself.
        if (field.first == "content-length" || field.first == "transfer-encoding")
            continue;
        out.append(QLatin1StringView(field.first), field.second);
    }
    return out;
}

// Qt 6.8+: the responder streams with chunked coding and stays valid after a disconnect. It is
// released as soon as the response is complete, which lets QHttpServer read the next request.
// HTTP/1.0 has no chunked coding, yet the responder's only streaming API sends it: a stream to
// an HTTP/1.0 client is written through the guard instead, close-delimited as on Qt 6.4, and the
// responder, unused, is released at its end (the guard then closes the connection).
class ResponderResponseChannel final : public ResponseChannel
{
public:
    ResponderResponseChannel(ConnectionGuard* guard, const ConnectionGuard::Handover& h, QHttpServerResponder&& r)
        : ResponseChannel(guard, h.slot, h.minorVersion, h.keepAlive)
        , m_responder(std::move(r))
    { }

protected:
    void writeComplete(int status, const HttpHeaders& headers, const QByteArray& body) override
    {
        m_responder->write(body, toQHttpHeaders(headers), QHttpServerResponder::StatusCode(status));
        m_responder.reset();
    }
    void writeStreamHead(int status, const HttpHeaders& headers) override
    {
        if (closeDelimited())
            guard()->write(slot(), HttpWire::head(status, headers));
        else
            m_responder->writeBeginChunked(toQHttpHeaders(headers), QHttpServerResponder::StatusCode(status));
    }
    void writeStreamData(const QByteArray& data) override
    {
        if (closeDelimited())
            guard()->write(slot(), data);
        else
            m_responder->writeChunk(data);
    }
    void writeStreamEnd(const QByteArray& last) override
    {
        if (closeDelimited())
            guard()->write(slot(), last);
        else
            m_responder->writeEndChunked(last);
        m_responder.reset();
    }

private:
    bool closeDelimited() const { return minorVersion() == 0; }

private:
    std::optional<QHttpServerResponder> m_responder;
};

#endif

} // namespace

HttpFrontServer::HttpFrontServer(IRequestHandler* handler, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_handler(handler)
{ }

HttpFrontServer::~HttpFrontServer() = default;

bool HttpFrontServer::parserSendsContinue()
{
    return QT_VERSION >= QT_VERSION_CHECK(6, 8, 0);
}

quint16 HttpFrontServer::listen(const QList<QHostAddress>& addresses,
                                quint16 port,
                                const FrontSettings& settings,
                                QString* error)
{
    QStringList failures;
    QList<GuardedTcpServer*> opened;
    quint16 bound = port;
    for (const QHostAddress& address : addresses) {
        auto* server = new GuardedTcpServer(settings, !parserSendsContinue(), this);
        if (!server->listen(address, bound)) {
            failures.append(u"%1 port %2: %3"_s.arg(address.toString()).arg(bound).arg(server->errorString()));
            delete server;
            continue;
        }
        bound = server->serverPort();
        opened.append(server);
    }
    if (opened.isEmpty()) {
        if (error)
            *error = u"cannot listen on %1"_s.arg(failures.join(u"; "_s));
        return 0;
    }
    for (GuardedTcpServer* server : std::as_const(opened)) {
        bind(server);
        m_listeners.append(server);
        // A listener retired by relisten() goes once its last connection has.
        connect(
            server, &GuardedTcpServer::connectionClosed, this, &HttpFrontServer::dropIdleRetired, Qt::QueuedConnection);
    }
    for (const QString& failure : failures)
        qCWarning(lcFront) << "not listening on" << failure;
    return bound;
}

quint16 HttpFrontServer::relisten(const QList<QHostAddress>& addresses,
                                  quint16 port,
                                  const FrontSettings& settings,
                                  QString* error)
{
    // The old listeners may hold the address we want: close them first, and reopen them if the
    // new ones cannot listen. Their open connections go on either way.
    QList<QPair<GuardedTcpServer*, QPair<QHostAddress, quint16>>> old;
    for (GuardedTcpServer* server : std::as_const(m_listeners)) {
        if (server->isListening()) {
            old.append({server, {server->serverAddress(), server->serverPort()}});
            server->close();
        }
    }
    const quint16 bound = listen(addresses, port, settings, error);
    if (bound == 0) {
        for (const auto& [server, where] : old)
            server->listen(where.first, where.second);
        return 0;
    }
    dropIdleRetired();
    return bound;
}

void HttpFrontServer::dropIdleRetired()
{
    const QList<GuardedTcpServer*> all = m_listeners;
    for (GuardedTcpServer* server : all) {
        if (!server->isListening() && server->connectionCount() == 0) {
            m_listeners.removeOne(server);
            server->deleteLater();
        }
    }
}

void HttpFrontServer::stopListening()
{
    for (GuardedTcpServer* server : std::as_const(m_listeners))
        server->close();
}

void HttpFrontServer::shutdownConnections()
{
    for (GuardedTcpServer* server : std::as_const(m_listeners))
        server->shutdownConnections();
}

void HttpFrontServer::setSettings(const FrontSettings& settings)
{
    for (GuardedTcpServer* server : std::as_const(m_listeners))
        server->setSettings(settings);
    dropIdleRetired();
}

int HttpFrontServer::connectionCount() const
{
    int count = 0;
    for (const GuardedTcpServer* server : m_listeners)
        count += server->connectionCount();
    return count;
}

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)

bool HttpFrontServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    ConnectionGuard* guard = GuardedTcpServer::guardOf(socket);
    if (!guard)
        return true; // not one of our sockets: cannot happen, and nothing safe to write to
    const ConnectionGuard::Handover handover = guard->takeRequest();
    if (handover.slot == 0)
        return true; // the guard is already refusing this connection
    auto channel = std::make_unique<SocketResponseChannel>(guard, handover);
    m_handler->handleRequest(convert(request, handover), std::move(channel));
    return true;
}

void HttpFrontServer::missingHandler(const QHttpServerRequest&, QTcpSocket*) { }

#else

bool HttpFrontServer::handleRequest(const QHttpServerRequest& request, QHttpServerResponder& responder)
{
    ConnectionGuard* guard = nullptr;
    for (GuardedTcpServer* server : std::as_const(m_listeners)) {
        if ((guard = server->guardFor(request.remoteAddress(), request.remotePort())))
            break;
    }
    if (!guard)
        return true;
    const ConnectionGuard::Handover handover = guard->takeRequest();
    if (handover.slot == 0)
        return true;
    auto channel = std::make_unique<ResponderResponseChannel>(guard, handover, std::move(responder));
    m_handler->handleRequest(convert(request, handover), std::move(channel));
    return true;
}

void HttpFrontServer::missingHandler(const QHttpServerRequest&, QHttpServerResponder&) { }

#endif

} // namespace sy
