#include "gateway/http/ResponseChannel.h"

#include "gateway/core/ApiError.h"
#include "gateway/http/ConnectionGuard.h"

namespace sy {

ResponseChannel::ResponseChannel(ConnectionGuard* guard, quint64 slot, int minorVersion, bool keepAlive)
    : m_guard(guard)
    , m_slot(slot)
    , m_minorVersion(minorVersion)
    , m_close(!keepAlive)
{
    guard->attach(m_slot, this);
}

ResponseChannel::ResponseChannel(int minorVersion, bool keepAlive)
    : m_slot(0)
    , m_minorVersion(minorVersion)
    , m_close(!keepAlive)
{ }

ResponseChannel::~ResponseChannel()
{
    if (!m_guard)
        return;
    m_guard->detach(m_slot);
    // A channel dropped mid-response leaves a half-written message: the connection cannot be reused.
    if (m_state != State::Finished)
        m_guard->finish(m_slot, true);
}

void ResponseChannel::notifyClientGone()
{
    // A finished response reached the client; closing after it (Connection: close, HTTP/1.0)
    // is not the client leaving early, however soon the disconnect is seen (issue #11).
    if (m_listener && m_state != State::Finished)
        m_listener->onClientGone();
}

void ResponseChannel::notifyDrained()
{
    if (m_listener)
        m_listener->onClientDrained();
}

bool ResponseChannel::isOpen() const
{
    return m_state != State::Finished && clientConnected();
}

ConnectionGuard* ResponseChannel::guard() const
{
    return m_guard;
}

bool ResponseChannel::clientConnected() const
{
    return m_guard && m_guard->isConnected();
}

qint64 ResponseChannel::pendingBytes() const
{
    return m_guard ? m_guard->pendingBytes(m_slot) : 0;
}

void ResponseChannel::send(int status, HttpHeaders headers, const QByteArray& body)
{
    if (m_state != State::Idle)
        return;
    if (isOpen()) {
        for (const auto& field : m_extraHeaders.fields())
            headers.addShared(field.first, field.second);
        if (m_close)
            headers.set("connection", "close");
        writeComplete(status, headers, body);
    }
    finish(false);
}

void ResponseChannel::sendError(const ApiError& error)
{
    HttpHeaders headers;
    headers.add("content-type", "application/json");
    if (error.retryAfterSeconds)
        headers.add("retry-after", QByteArray::number(*error.retryAfterSeconds));
    if (m_errorRenderer) {
        const auto [status, body] = m_errorRenderer(error);
        send(status, headers, body);
        return;
    }
    send(error.status, headers, error.toJson());
}

void ResponseChannel::beginStream(int status, HttpHeaders headers)
{
    if (m_state != State::Idle)
        return;
    m_state = State::Streaming;
    for (const auto& field : m_extraHeaders.fields())
        headers.addShared(field.first, field.second);
    // HTTP/1.0 has no chunked coding: the end of the body is the end of the connection.
    if (m_minorVersion == 0)
        m_close = true;
    if (m_close)
        headers.set("connection", "close");
    if (isOpen())
        writeStreamHead(status, headers);
}

void ResponseChannel::streamData(const QByteArray& data)
{
    if (m_state == State::Streaming && !data.isEmpty() && isOpen())
        writeStreamData(data);
}

void ResponseChannel::endStream(const QByteArray& last)
{
    if (m_state != State::Streaming)
        return;
    if (isOpen())
        writeStreamEnd(last);
    finish(false);
}

void ResponseChannel::abortStream()
{
    if (m_state == State::Finished)
        return;
    finish(true);
}

void ResponseChannel::finish(bool forceClose)
{
    m_state = State::Finished;
    if (m_guard)
        m_guard->finish(m_slot, m_close || forceClose);
}

} // namespace sy
