#include "tests/support/RawHttpClient.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

namespace sy::testing {

RawHttpClient::RawHttpClient(QObject* parent)
    : QObject(parent)
    , m_socket(new QTcpSocket(this))
{
    m_clock.start();
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &RawHttpClient::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &RawHttpClient::onDisconnected);
}

RawHttpClient::~RawHttpClient()
{
    m_socket->disconnect(this);
    m_socket->abort();
}

bool RawHttpClient::connectToHost(const QHostAddress& address, quint16 port, int timeoutMs)
{
    m_closed = false;
    bool failed = false;
    const auto connection = connect(m_socket, &QTcpSocket::errorOccurred, this, [&failed]() { failed = true; });
    m_socket->connectToHost(address, port);
    waitUntil([&]() { return failed || m_socket->state() == QAbstractSocket::ConnectedState; }, timeoutMs);
    disconnect(connection);
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

bool RawHttpClient::isConnected() const
{
    return !m_closed && m_socket->state() == QAbstractSocket::ConnectedState;
}

void RawHttpClient::send(const QByteArray& bytes)
{
    m_socket->write(bytes);
    m_socket->flush();
}

void RawHttpClient::disconnectFromHost()
{
    m_socket->disconnectFromHost();
}

void RawHttpClient::abort()
{
    m_socket->abort();
    onDisconnected();
}

QByteArray RawHttpClient::buildRequest(const QByteArray& method,
                                       const QByteArray& path,
                                       const QByteArray& body,
                                       const Headers& headers) const
{
    QByteArray out = method + ' ' + path + " HTTP/1.1\r\nHost: " + m_socket->peerAddress().toString().toLatin1() + ':'
        + QByteArray::number(m_socket->peerPort()) + "\r\n";
    bool hasType = false;
    for (const auto& [name, value] : headers) {
        out += name + ": " + value + "\r\n";
        hasType = hasType || name.compare("content-type", Qt::CaseInsensitive) == 0;
    }
    if (!body.isEmpty() || method == "POST" || method == "PUT") {
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        if (!hasType)
            out += "Content-Type: application/json\r\n";
    }
    return out + "\r\n" + body;
}

std::optional<RawHttpResponse> RawHttpClient::request(
    const QByteArray& method, const QByteArray& path, const QByteArray& body, const Headers& headers, int timeoutMs)
{
    send(buildRequest(method, path, body, headers));
    return readResponse(timeoutMs);
}

std::optional<RawHttpResponse> RawHttpClient::readResponse(int timeoutMs)
{
    auto& responses = m_parser.responses();
    waitUntil([&]() { return !responses.isEmpty() && responses.first().complete; }, timeoutMs);
    if (responses.isEmpty())
        return std::nullopt;
    // An incomplete response is only handed out once the connection has closed under it.
    if (!responses.first().complete && !m_closed)
        return std::nullopt;
    m_stream = {};
    return responses.takeFirst();
}

std::optional<RawHttpResponse> RawHttpClient::waitForHead(int timeoutMs)
{
    auto& responses = m_parser.responses();
    waitUntil([&]() { return !responses.isEmpty(); }, timeoutMs);
    if (responses.isEmpty())
        return std::nullopt;
    return responses.first();
}

std::optional<SseEvent> RawHttpClient::readEvent(int timeoutMs)
{
    extractEvents(); // the front response may have arrived before the previous one was taken
    waitUntil([&]() { return !m_stream.events.isEmpty() || streamEnded(); }, timeoutMs);
    if (m_stream.events.isEmpty())
        return std::nullopt;
    return m_stream.events.takeFirst();
}

QList<SseEvent> RawHttpClient::readAllEvents(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QList<SseEvent> events;
    while (auto event = readEvent(static_cast<int>(std::max<qint64>(0, deadline.remainingTime()))))
        events.append(*event);
    return events;
}

bool RawHttpClient::streamEnded() const
{
    const auto& responses = m_parser.responses();
    if (!m_stream.events.isEmpty())
        return false;
    if (responses.isEmpty())
        return m_closed || m_parser.hasError();
    return responses.first().complete || m_closed;
}

bool RawHttpClient::waitForDisconnected(int timeoutMs)
{
    return waitUntil([&]() { return m_closed; }, timeoutMs);
}

std::optional<RawHttpResponse> RawHttpClient::fetch(quint16 port,
                                                    const QByteArray& method,
                                                    const QByteArray& path,
                                                    const QByteArray& body,
                                                    const Headers& headers,
                                                    int timeoutMs)
{
    RawHttpClient client;
    if (!client.connectToHost(QHostAddress::LocalHost, port, timeoutMs))
        return std::nullopt;
    return client.request(method, path, body, headers, timeoutMs);
}

void RawHttpClient::onReadyRead()
{
    const QByteArray data = m_socket->readAll();
    m_received += data;
    m_parser.feed(data, elapsedMs());
    extractEvents();
}

void RawHttpClient::onDisconnected()
{
    if (m_closed)
        return;
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    m_closed = true;
    m_parser.connectionClosed(elapsedMs());
    extractEvents();
}

void RawHttpClient::extractEvents()
{
    auto& responses = m_parser.responses();
    if (responses.isEmpty() || !frontIsStream())
        return;
    const RawHttpResponse& front = responses.first();
    if (!m_stream.started) {
        m_stream.started = true;
        if (front.header("content-encoding").toLower() == "gzip")
            m_stream.gzip = std::make_unique<GzipDecoder>();
    }
    QByteArray fresh = front.body.sliced(m_stream.consumed);
    m_stream.consumed = front.body.size();
    m_stream.text += m_stream.gzip ? m_stream.gzip->decode(fresh) : fresh;
    splitEvents();
}

void RawHttpClient::splitEvents()
{
    m_stream.text.replace("\r\n", "\n"); // SSE allows CRLF or LF line ends (a lone CR too, unused here)
    for (;;) {
        const qsizetype end = m_stream.text.indexOf("\n\n");
        if (end < 0)
            return;
        SseEvent event;
        event.raw = m_stream.text.first(end + 2);
        event.arrivalMs = elapsedMs();
        m_stream.text.remove(0, end + 2);
        for (const QByteArray& line : event.raw.split('\n')) {
            if (line.startsWith("data:"))
                event.data += (event.data.isEmpty() ? "" : "\n") + line.sliced(5).trimmed();
            else if (line.startsWith("event:"))
                event.event = line.sliced(6).trimmed();
        }
        m_stream.events.append(event);
    }
}

bool RawHttpClient::frontIsStream() const
{
    const auto& responses = m_parser.responses();
    return !responses.isEmpty() && responses.first().header("content-type").startsWith("text/event-stream");
}

bool RawHttpClient::waitUntil(const std::function<bool()>& done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired() || m_closed)
            return done(); // once closed, onDisconnected() has already taken the last bytes
        QEventLoop loop;
        connect(m_socket, &QTcpSocket::readyRead, &loop, &QEventLoop::quit);
        connect(m_socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
        connect(m_socket, &QTcpSocket::errorOccurred, &loop, &QEventLoop::quit);
        connect(m_socket, &QTcpSocket::connected, &loop, &QEventLoop::quit);
        QTimer::singleShot(std::max<qint64>(1, deadline.remainingTime()), &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

} // namespace sy::testing
