#include "gateway/upstream/UpstreamCall.h"

#include "gateway/upstream/ConnectionPool.h"
#include "gateway/upstream/ContentDecoder.h"
#include "gateway/upstream/RequestSerializer.h"

#include <QScopedValueRollback>

#include <utility>

using namespace Qt::StringLiterals;

namespace sy {

using Event = HttpResponseParser::Event;
using Stage = UpstreamConnection::Stage;
using Kind = UpstreamError::Kind;

template <typename Callback>
bool UpstreamCall::callHandler(Callback&& callback)
{
    if (m_silenced || !m_handler)
        return false;
    // The handler may destroy this call; the destructor flips the flag on our stack.
    bool destroyed = false;
    bool* const outer = std::exchange(m_destroyedFlag, &destroyed);
    callback(m_handler);
    if (destroyed) {
        if (outer)
            *outer = true;
        return false;
    }
    m_destroyedFlag = outer;
    return !m_silenced && m_phase != Phase::Finished;
}

UpstreamCall::UpstreamCall(ConnectionPool* pool, const UpstreamRequest& request, IUpstreamHandler* handler)
    : m_pool(pool)
    , m_handler(handler)
    , m_origin(request.origin)
    , m_wire(RequestSerializer::serialize(request))
    , m_timeouts(request.timeouts)
    , m_headRequest(request.method == "HEAD")
    , m_maxDecoded(pool->options().maxResponseBytes)
{
    m_pool->registerCall(this);
}

UpstreamCall::~UpstreamCall()
{
    if (m_destroyedFlag)
        *m_destroyedFlag = true;
    m_silenced = true;
    teardown();
    if (m_pool)
        m_pool->unregisterCall(this);
}

void UpstreamCall::setDeadline(DeadlineQueue::Entry& deadline, qint64 spanMs)
{
    if (m_pool)
        m_pool->setDeadline(deadline, spanMs);
}

void UpstreamCall::clearDeadlines()
{
    if (!m_pool)
        return;
    m_pool->clearDeadline(m_phaseDeadline);
    m_pool->clearDeadline(m_totalDeadline);
    m_pool->clearDeadline(m_pauseDeadline);
}

void UpstreamCall::begin()
{
    const QScopedValueRollback<int> sync(m_syncDepth, m_syncDepth + 1);
    m_parser.reset(m_headRequest);
    if (m_timeouts.total.count() > 0)
        setDeadline(m_totalDeadline, m_timeouts.total.count());
    if (m_origin.host.isEmpty() || m_origin.port == 0) {
        fail(Kind::ConnectFailed, u"invalid upstream origin (%1)"_s.arg(where()));
        return;
    }
    enterPhase(Phase::Queued);
    m_queued = !m_pool->acquire(this, m_origin);
}

void UpstreamCall::abort()
{
    m_silenced = true;
    m_phase = Phase::Finished;
    teardown();
}

void UpstreamCall::detachFromPool()
{
    m_pool = nullptr;
    m_connection = nullptr;
    m_queued = false;
    m_silenced = true;
    m_phase = Phase::Finished;
}

void UpstreamCall::connectionGranted(UpstreamConnection* connection, bool reused)
{
    const QScopedValueRollback<int> sync(m_syncDepth, m_syncDepth + 1);
    m_queued = false;
    m_connection = connection;
    m_reused = reused;
    m_gotBytes = false;
    if (m_paused)
        connection->setReadPaused(true);
    if (connection->stage() == Stage::Ready) {
        send();
        return;
    }
    enterPhase(Phase::Connecting);
    connection->open();
}

void UpstreamCall::connectionReady(UpstreamConnection*)
{
    send();
}

void UpstreamCall::send()
{
    enterPhase(Phase::AwaitingHead);
    // Must stay last: a write failure may be reported (and handled) from inside write().
    m_connection->write(m_wire);
}

void UpstreamCall::connectionReadyRead(UpstreamConnection*)
{
    if (!m_paused)
        readAvailable();
}

void UpstreamCall::connectionClosed(UpstreamConnection*)
{
    if (m_paused)
        m_closePending = true;
    else
        handleClose();
}

/** Returns false when the call ended or was destroyed: the caller must not touch it then. */
bool UpstreamCall::readAvailable()
{
    const QByteArray data = m_connection->readAll();
    if (data.isEmpty())
        return true;
    m_gotBytes = true;
    // The idle deadline moves on every read: to the back of its list, O(1).
    if (m_phase == Phase::Body && m_timeouts.idle.count() > 0 && !m_paused)
        setDeadline(m_phaseDeadline, m_timeouts.idle.count());
    return processInput(data);
}

bool UpstreamCall::processInput(const QByteArray& data)
{
    QByteArrayView in(data);
    QByteArray body; // everything this read produced: one onResponseData per socket read
    for (;;) {
        QByteArrayView piece;
        switch (m_parser.parse(in, piece)) {
        case Event::Head:
            if (!deliverHead())
                return false;
            if (m_paused) {
                m_pending = in.toByteArray();
                return true;
            }
            break;
        case Event::Body:
            if (!body.isEmpty())
                body.append(piece);
            else if (piece.size() == data.size())
                body = data; // the whole read is body: share it instead of copying
            else
                body = piece.toByteArray(); // one exact allocation (append would size for growth)
            break;
        case Event::NeedMore:
            return deliverBody(std::move(body));
        case Event::Complete:
            complete(body, m_parser.keepAlive() && in.isEmpty());
            return false;
        case Event::Error:
            failFromParser();
            return false;
        }
    }
}

bool UpstreamCall::deliverHead()
{
    enterPhase(Phase::Body);
    m_wire = QByteArray(); // response bytes arrived, so no retry: the request copy can go
    HttpHeaders& headers = m_parser.headers();
    const int status = m_parser.status();
    const bool hasBody = !m_headRequest && status != 204 && status != 304;
    if (hasBody && ContentDecoder::supports(headers.combinedValue("content-encoding").trimmed())) {
        // We asked for identity; decode what came anyway, and let the gateway frame the result.
        m_decoder = std::make_unique<ContentDecoder>(m_maxDecoded);
        headers.remove("content-encoding");
        headers.remove("content-length");
    }
    return callHandler([status, &headers](IUpstreamHandler* h) { h->onResponseHead(status, headers); });
}

bool UpstreamCall::deliverBody(QByteArray body)
{
    if (body.isEmpty())
        return true;
    if (m_decoder) {
        QByteArray decoded;
        const ContentDecoder::Result result = m_decoder->decode(body, decoded);
        if (result != ContentDecoder::Result::Ok) {
            const Kind kind = result == ContentDecoder::Result::TooLarge ? Kind::ResponseTooLarge : Kind::ProtocolError;
            fail(kind, u"%1 (%2)"_s.arg(m_decoder->errorString(), where()));
            return false;
        }
        if (decoded.isEmpty())
            return true;
        body = std::move(decoded);
    }
    return callHandler([&body](IUpstreamHandler* h) { h->onResponseData(body); });
}

void UpstreamCall::complete(const QByteArray& body, bool reusable)
{
    // Hand the connection back first, so a handler deleting this call cannot take it down.
    releaseConnection(reusable);
    if (!deliverBody(body))
        return;
    if (m_decoder && m_decoder->finish() != ContentDecoder::Result::Ok) {
        fail(Kind::ProtocolError, u"%1 (%2)"_s.arg(m_decoder->errorString(), where()));
        return;
    }
    if (m_paused)
        enterPhase(Phase::Ending);
    else
        finishOk();
}

void UpstreamCall::finishOk()
{
    enterPhase(Phase::Finished);
    callHandler([](IUpstreamHandler* h) { h->onResponseEnd(); });
}

void UpstreamCall::handleClose()
{
    // Bytes that arrived before the close still belong to the response.
    if (m_connection->bytesAvailable() > 0) {
        if (!readAvailable())
            return;
        if (m_paused) {
            m_closePending = true;
            return;
        }
    }
    if (m_connection->closedStage() != Stage::Ready) {
        failConnect();
        return;
    }
    if (m_phase == Phase::AwaitingHead && m_reused && !m_retried && !m_gotBytes) {
        // The server dropped a keep-alive connection we had just picked: nothing of the response
        // arrived, so sending the request again on a fresh connection is safe. Once only.
        m_retried = true;
        m_parser.reset(m_headRequest);
        m_pool->replace(std::exchange(m_connection, nullptr), this);
        return;
    }
    if (m_parser.finish() == Event::Complete)
        complete({}, false);
    else
        failFromParser();
}

void UpstreamCall::failConnect()
{
    const QAbstractSocket::SocketError error = m_connection->error();
    const bool tls = m_connection->closedStage() == Stage::Handshaking
        || error == QAbstractSocket::SslHandshakeFailedError || error == QAbstractSocket::SslInternalError
        || error == QAbstractSocket::SslInvalidUserDataError;
    fail(tls ? Kind::TlsFailed : Kind::ConnectFailed, u"%1 (%2)"_s.arg(m_connection->errorString(), where()));
}

void UpstreamCall::failFromParser()
{
    if (m_parser.errorKind() != HttpResponseParser::ErrorKind::Truncated) {
        fail(Kind::ProtocolError, u"%1 (%2)"_s.arg(m_parser.errorString(), where()));
        return;
    }
    QString message = m_parser.errorString();
    if (m_connection && m_connection->error() != QAbstractSocket::RemoteHostClosedError)
        message += u": "_s + m_connection->errorString();
    fail(Kind::ConnectionClosed, u"%1 (%2)"_s.arg(message, where()));
}

void UpstreamCall::setReadPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (m_connection)
        m_connection->setReadPaused(paused);
    if (m_phase == Phase::Finished)
        return;
    if (paused) {
        // A paused call does not time out as usual: its deadlines leave the queue until it
        // resumes, and one pause deadline stands in for them (issue #15).
        m_totalLeftMs
            = m_totalDeadline.isQueued() && m_pool ? qMax<qint64>(0, m_totalDeadline.due - m_pool->nowMs()) : -1;
        clearDeadlines();
        startPauseDeadline();
        return;
    }
    if (m_pool)
        m_pool->clearDeadline(m_pauseDeadline);
    if (m_totalLeftMs >= 0)
        setDeadline(m_totalDeadline, m_totalLeftMs);
    enterPhase(m_phase); // the phase's own timeout starts over
    // Deliver from the event loop: the handler may be calling us from inside a callback.
    QMetaObject::invokeMethod(this, &UpstreamCall::resumeDelivery, Qt::QueuedConnection);
}

void UpstreamCall::resumeDelivery()
{
    if (m_paused || m_silenced)
        return;
    if (m_phase == Phase::Ending) {
        finishOk();
        return;
    }
    if (m_phase == Phase::AwaitingHead || m_phase == Phase::Body) {
        // Runs even with nothing pending: a response may have completed with its head.
        if (!processInput(std::exchange(m_pending, {})) || m_paused)
            return;
        if (m_connection && m_connection->bytesAvailable() > 0 && (!readAvailable() || m_paused))
            return;
    }
    if (m_closePending && m_connection) {
        m_closePending = false;
        handleClose();
    }
}

void UpstreamCall::failPaused()
{
    fail(Kind::IdleTimeout,
         u"the client took none of the response for %1 ms, so the call to %2 was stopped"_s.arg(m_pauseLimitMs)
             .arg(where()),
         true);
}

void UpstreamCall::fail(UpstreamError::Kind kind, const QString& message, bool causedByClient)
{
    if (m_phase == Phase::Finished)
        return;
    enterPhase(Phase::Finished);
    teardown();
    const UpstreamError error{kind, message, causedByClient};
    const auto notify = [this, error] { callHandler([&error](IUpstreamHandler* h) { h->onUpstreamError(error); }); };
    if (m_syncDepth > 0)
        QMetaObject::invokeMethod(this, notify, Qt::QueuedConnection);
    else
        notify();
}

void UpstreamCall::releaseConnection(bool reusable)
{
    UpstreamConnection* connection = std::exchange(m_connection, nullptr);
    if (!connection || !m_pool)
        return;
    if (m_paused)
        connection->setReadPaused(false);
    m_pool->release(connection, reusable);
}

void UpstreamCall::teardown()
{
    clearDeadlines();
    if (m_queued && m_pool)
        m_pool->cancelWait(this, m_origin);
    m_queued = false;
    releaseConnection(false);
}

void UpstreamCall::enterPhase(Phase phase)
{
    m_phase = phase;
    std::chrono::milliseconds limit{0};
    if (phase == Phase::Queued || phase == Phase::Connecting)
        limit = m_timeouts.connect;
    else if (phase == Phase::AwaitingHead)
        limit = m_timeouts.firstByte;
    else if (phase == Phase::Body)
        limit = m_timeouts.idle;
    if (phase == Phase::Finished)
        clearDeadlines();
    else if (limit.count() > 0 && !m_paused)
        setDeadline(m_phaseDeadline, limit.count());
    else if (m_pool)
        m_pool->clearDeadline(m_phaseDeadline);
}

// Deadlines live in the pool's queue rather than in a QTimer per call: starting and stopping a
// timer several times per request costs more than the request's own parsing.
void UpstreamCall::startPauseDeadline()
{
    // The longest wait the call would otherwise allow: a stream's idle (stream_timeout), what is
    // left of a whole call's timeout, the first-byte timeout; ten minutes when none is set.
    constexpr qint64 kDefaultPauseLimitMs = 10 * 60'000;
    qint64 limit = qMax(m_timeouts.idle.count(), qMax(m_totalLeftMs, m_timeouts.firstByte.count()));
    if (limit <= 0)
        limit = kDefaultPauseLimitMs;
    m_pauseLimitMs = limit;
    setDeadline(m_pauseDeadline, limit);
}

void UpstreamCall::deadlinePassed(const DeadlineQueue::Entry& deadline)
{
    if (m_phase == Phase::Finished)
        return;
    if (&deadline == &m_pauseDeadline) {
        if (m_paused)
            failPaused();
        return;
    }
    if (m_paused)
        return;
    if (m_phase == Phase::Ending)
        return;
    if (&deadline == &m_totalDeadline) {
        fail(Kind::TotalTimeout,
             u"upstream call exceeded its total timeout of %1 ms (%2)"_s.arg(m_timeouts.total.count()).arg(where()));
        return;
    }
    switch (m_phase) {
    case Phase::Queued:
        fail(Kind::ConnectTimeout,
             u"no connection to %1 became free within %2 ms"_s.arg(where()).arg(m_timeouts.connect.count()));
        return;
    case Phase::Connecting:
        fail(Kind::ConnectTimeout,
             u"connecting to %1 timed out after %2 ms"_s.arg(where()).arg(m_timeouts.connect.count()));
        return;
    case Phase::AwaitingHead:
        fail(Kind::FirstByteTimeout,
             u"no response head from %1 within %2 ms"_s.arg(where()).arg(m_timeouts.firstByte.count()));
        return;
    default:
        fail(Kind::IdleTimeout,
             u"response body from %1 went silent for %2 ms"_s.arg(where()).arg(m_timeouts.idle.count()));
        return;
    }
}

QString UpstreamCall::where() const
{
    const QString host = m_origin.host.contains(u':') ? u'[' + m_origin.host + u']' : m_origin.host;
    return host + u':' + QString::number(m_origin.port);
}

} // namespace sy
