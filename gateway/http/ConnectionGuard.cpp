#include "gateway/http/ConnectionGuard.h"

#include "gateway/core/ApiError.h"
#include "gateway/http/HttpWire.h"
#include "gateway/http/IRequestHandler.h"
#include "gateway/http/WireResponseChannel.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcGuard, "switchyard.http.guard", QtInfoMsg)

namespace sy {

namespace {

// How long a closing connection may take to flush its last response before it is cut.
constexpr int kLingerMs = 5000;
// Output below this counts as drained, for streaming back-pressure.
constexpr qint64 kDrainedBytes = 256 * 1024;

ApiError framerError(RequestFramer::Error error, const FrontLimits& limits)
{
    switch (error) {
    case RequestFramer::Error::BodyTooLarge:
        return ApiError::payloadTooLarge(limits.maxBodyBytes);
    case RequestFramer::Error::HeadTooLarge:
        return {431,
                u"Request headers are larger than the limit of %1 bytes."_s.arg(limits.maxHeadBytes),
                "invalid_request_error",
                "headers_too_large",
                {},
                std::nullopt};
    case RequestFramer::Error::NotImplemented:
        return {501,
                u"Unsupported Transfer-Encoding; only chunked is supported."_s,
                "invalid_request_error",
                "unsupported_transfer_encoding",
                {},
                std::nullopt};
    case RequestFramer::Error::ExpectationFailed:
        return {417,
                u"Unsupported Expect header; only 100-continue is supported."_s,
                "invalid_request_error",
                "expectation_failed",
                {},
                std::nullopt};
    default:
        return ApiError::badRequest(u"Malformed HTTP request."_s, "malformed_http_request");
    }
}

} // namespace

ConnectionGuard::ConnectionGuard(ClientTransport* transport,
                                 const FrontLimits& limits,
                                 IRequestHandler* handler,
                                 QObject* parent)
    : QObject(parent)
    , m_transport(transport)
    , m_limits(limits)
    , m_handler(handler)
    , m_peer(transport->peerAddress())
    , m_framer(RequestFramer::Limits{limits.maxHeadBytes, limits.maxBodyBytes})
{
    rearmTimer();
    transport->setReceiver(this);
}

ConnectionGuard::~ConnectionGuard()
{
    if (m_transport)
        m_transport->setReceiver(nullptr);
}

bool ConnectionGuard::isConnected() const
{
    return !m_gone && m_transport && m_transport->isOpen();
}

qint64 ConnectionGuard::pendingBytes() const
{
    return m_transport ? m_transport->bytesToWrite() : 0;
}

qint64 ConnectionGuard::pendingBytes(quint64 slot) const
{
    // A stream queued behind a slow response pauses its backend like one whose client reads slowly.
    if (!m_slots.empty() && m_slots.front().id != slot) {
        for (const Slot& s : m_slots) {
            if (s.id == slot)
                return s.pending.size();
        }
    }
    return pendingBytes();
}

bool ConnectionGuard::stopsReading() const
{
    return m_failing || m_gone || m_lastRequestTaken || !m_transport || m_deadline == Deadline::Linger;
}

void ConnectionGuard::transportReceived(const char* data, qsizetype size)
{
    // Pipelined requests are all read and dispatched: their number is capped (scan), their
    // responses queue in order, and a body in flight is bounded by the framer's limits.
    if (!stopsReading())
        scan(data, size);
}

void ConnectionGuard::scan(const char* data, qsizetype size)
{
    for (;;) {
        const RequestFramer::Step step = m_framer.feed(data, size);
        data += step.consumed;
        size -= step.consumed;
        m_scanned += step.consumed;
        switch (step.event) {
        case RequestFramer::Event::HeadComplete:
            onHeadComplete();
            continue;
        case RequestFramer::Event::MessageComplete:
            // One response under way plus maxPipelinedRequests waiting behind it.
            if (int(m_slots.size()) > m_limits.maxPipelinedRequests) {
                failConnection(ApiError::badRequest(u"Too many pipelined requests."_s, "too_many_pipelined_requests"));
                return;
            }
            dispatch();
            if (stopsReading())
                return;
            continue;
        case RequestFramer::Event::Failed:
            failConnection(framerError(m_framer.error(), m_limits));
            return;
        case RequestFramer::Event::NeedMore:
            rearmTimer();
            return;
        }
    }
}

void ConnectionGuard::onHeadComplete()
{
    const RequestFramer::Head& head = m_framer.head();
    const bool bodyFollows = head.chunked || m_framer.remainingBodyBytes() > 0;
    m_bodyStartMs = bodyFollows ? QDeadlineTimer::current().deadline() : 0;
    m_bodyStartOffset = m_scanned;
    if (!head.expectContinue || !bodyFollows)
        return;
    // The interim response must not land inside a response that is still being written.
    if (m_slots.empty())
        sendContinue();
    else
        m_continuePending = true;
}

void ConnectionGuard::sendContinue()
{
    m_continuePending = false;
    if (isConnected())
        m_transport->write(HttpWire::kContinue);
}

void ConnectionGuard::dispatch()
{
    HttpRequest request = m_framer.takeRequest();
    request.peer = m_peer;
    Slot slot;
    slot.id = m_nextSlot++;
    m_slots.push_back(slot);
    rearmTimer();
    m_lastRequestTaken = !request.keepAlive;
    auto channel = std::make_unique<WireResponseChannel>(this, slot.id, request.minorVersion, request.keepAlive);
    // The handler may answer at once, even close the connection; the guard outlives the call
    // (it belongs to the transport, which is only ever deleted later).
    m_handler->handleRequest(std::move(request), std::move(channel));
}

void ConnectionGuard::write(quint64 slot, QByteArrayView bytes)
{
    if (!isConnected() || bytes.isEmpty())
        return;
    for (Slot& s : m_slots) {
        if (s.id != slot)
            continue;
        if (&s == &m_slots.front()) {
            m_transport->write(bytes);
            return;
        }
        m_queuedBytes += bytes.size();
        if (m_queuedBytes > m_limits.maxQueuedResponseBytes && !m_failing) {
            // Pipelined responses pile up behind one the client does not read: memory is not for it.
            // Cut from the event loop: the caller is in the middle of writing.
            m_failing = true;
            QMetaObject::invokeMethod(
                this, [this] { cut("responses queued behind a slow one exceed their limit"); }, Qt::QueuedConnection);
            return;
        }
        s.pending.append(bytes);
        return;
    }
}

void ConnectionGuard::finish(quint64 slot, bool close)
{
    for (Slot& s : m_slots) {
        if (s.id == slot) {
            s.finished = true;
            s.close = close;
            break;
        }
    }
    advanceSlots();
}

void ConnectionGuard::advanceSlots()
{
    while (!m_slots.empty() && m_slots.front().finished) {
        const bool close = m_slots.front().close;
        m_slots.pop_front();
        if (close) {
            closeGracefully();
            return;
        }
        if (!m_slots.empty() && !m_slots.front().pending.isEmpty() && isConnected()) {
            m_queuedBytes -= m_slots.front().pending.size();
            m_transport->write(std::exchange(m_slots.front().pending, {}));
        }
    }
    if (m_slots.empty() && m_continuePending && m_framer.isReadingBody())
        sendContinue();
    rearmTimer();
}

void ConnectionGuard::failConnection(const ApiError& error)
{
    if (m_failing)
        return;
    m_failing = true;
    if (!isConnected())
        return;
    qCDebug(lcGuard) << "refusing request from" << m_peer << error.status << error.message;
    if (m_slots.empty()) {
        m_transport->write(HttpWire::errorResponse(error, true));
        closeGracefully();
    } else {
        // A response is under way: an error cannot be spliced into it.
        m_transport->abort();
    }
}

void ConnectionGuard::shutdown()
{
    if (!isConnected())
        return;
    if (m_slots.empty())
        closeGracefully();
    else
        m_transport->abort(); // still answering after the drain period: cut it
}

void ConnectionGuard::closeGracefully()
{
    if (!m_transport)
        return;
    arm(Deadline::Linger, std::chrono::milliseconds(kLingerMs));
    m_transport->close();
}

void ConnectionGuard::arm(Deadline deadline, std::chrono::milliseconds timeout)
{
    m_deadline = deadline;
    m_deadlineAtMs = timeout.count() > 0 ? QDeadlineTimer::current().deadline() + timeout.count() : 0;
}

void ConnectionGuard::checkDeadline(qint64 nowMs)
{
    if (m_deadlineAtMs != 0 && nowMs >= m_deadlineAtMs) {
        m_deadlineAtMs = 0;
        onTimeout();
    }
    checkBodyRate(nowMs);
    checkWriteProgress(nowMs);
}

void ConnectionGuard::checkBodyRate(qint64 nowMs)
{
    const qint64 rate = m_limits.bodyMinBytesPerSecond;
    // Not while the client waits for our 100 Continue.
    if (m_bodyStartMs == 0 || rate <= 0 || m_failing || m_continuePending || !m_framer.isReadingBody())
        return;
    // body_timeout of grace, then the body must keep up the minimum rate on average: a trickle of
    // a byte every few seconds has no gap long enough for the gap timer but ends here.
    const qint64 received = m_scanned - m_bodyStartOffset;
    const qint64 allowedMs = m_limits.bodyTimeout.count() + received * 1000 / rate;
    if (nowMs - m_bodyStartMs <= allowedMs)
        return;
    qCInfo(lcGuard) << "request body from" << m_peer << "arrives slower than" << rate << "bytes/s; closing";
    failConnection({408,
                    u"The request body arrived too slowly (below %1 bytes/s on average)."_s.arg(rate),
                    "invalid_request_error",
                    "request_timeout",
                    {},
                    std::nullopt});
}

void ConnectionGuard::checkWriteProgress(qint64 nowMs)
{
    if (!m_transport || m_gone || m_limits.writeTimeout.count() <= 0)
        return;
    if (m_transport->bytesToWrite() == 0) {
        m_writeStalledSinceMs = 0;
        return;
    }
    // transportWritten clears the mark whenever the kernel takes some; measured from the first
    // sweep that saw output waiting.
    if (m_writeStalledSinceMs == 0) {
        m_writeStalledSinceMs = nowMs;
        return;
    }
    if (nowMs - m_writeStalledSinceMs >= m_limits.writeTimeout.count())
        cut("the client took no response bytes within gateway.write_timeout");
}

void ConnectionGuard::cut(const char* why)
{
    if (!m_transport || m_gone)
        return;
    qCInfo(lcGuard) << "closing the connection from" << m_peer << ':' << why;
    // Reset rather than close: a plain close leaves the kernel sending its buffered megabytes to a
    // client that does not read them, for minutes.
    m_transport->abort(true);
    transportClosed(); // every request on it is told now, whatever state the transport was in
}

void ConnectionGuard::rearmTimer()
{
    if (m_deadline == Deadline::Linger || m_gone)
        return;
    if (m_framer.isReadingHead()) {
        if (m_deadline != Deadline::Head)
            arm(Deadline::Head, m_limits.headerTimeout);
    } else if (m_framer.isReadingBody()) {
        arm(Deadline::Body, m_limits.bodyTimeout); // restarted on every read: a gap limit
    } else if (m_slots.empty()) {
        if (m_deadline != Deadline::KeepAlive)
            arm(Deadline::KeepAlive, m_limits.keepAliveTimeout);
    } else {
        m_deadline = Deadline::None;
        m_deadlineAtMs = 0;
    }
}

void ConnectionGuard::onTimeout()
{
    switch (m_deadline) {
    case Deadline::KeepAlive:
        closeGracefully();
        break;
    case Deadline::Head:
    case Deadline::Body:
        failConnection({408,
                        u"The request was not received in time."_s,
                        "invalid_request_error",
                        "request_timeout",
                        {},
                        std::nullopt});
        break;
    case Deadline::Linger:
        if (m_transport)
            m_transport->abort();
        break;
    case Deadline::None:
        break;
    }
}

void ConnectionGuard::attach(quint64 slot, ResponseChannel* channel)
{
    m_channels.append({slot, channel});
}

void ConnectionGuard::detach(quint64 slot)
{
    m_channels.removeIf([slot](const auto& entry) { return entry.first == slot; });
}

void ConnectionGuard::transportWritten()
{
    m_writeStalledSinceMs = 0; // the client took something
    if (!m_transport || m_transport->bytesToWrite() > kDrainedBytes || m_slots.empty())
        return;
    // Only the oldest open slot writes to the socket, so only its channel can be waiting.
    const quint64 front = m_slots.front().id;
    for (const auto& [slot, channel] : std::as_const(m_channels)) {
        if (slot == front) {
            channel->notifyDrained();
            return;
        }
    }
}

void ConnectionGuard::transportClosed()
{
    if (m_gone)
        return;
    m_gone = true;
    m_deadlineAtMs = 0;
    m_slots.clear();
    m_queuedBytes = 0;
    // A listener may detach its channel while being told; walk a copy.
    const auto channels = m_channels;
    for (const auto& entry : channels)
        entry.second->notifyClientGone();
}

} // namespace sy
