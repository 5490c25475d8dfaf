#include "gateway/pipeline/RelayStage.h"

#include "gateway/http/HeaderNames.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/pipeline/RequestContext.h"
#include "gateway/upstream/IUpstreamClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcRelay, "switchyard.relay", QtInfoMsg)

namespace sy {

namespace {

constexpr qint64 kMaxBufferedResponse = 256 * 1024 * 1024;
constexpr qint64 kMaxEventBytes = 16 * 1024 * 1024;
constexpr qint64 kPauseAboveBytes = 1024 * 1024;

// Characters of generated text in a whole (non-streamed) completion, for estimating tokens.
qint64 completionChars(const QByteArray& body)
{
    qint64 chars = 0;
    const QJsonArray choices = QJsonDocument::fromJson(body).object().value(u"choices"_s).toArray();
    for (const QJsonValue& choice : choices) {
        const QJsonObject c = choice.toObject();
        chars += c.value(u"message"_s).toObject().value(u"content"_s).toString().size();
        chars += c.value(u"text"_s).toString().size();
    }
    return chars;
}

} // namespace

RelayStage::RelayStage(RequestContext& ctx, ResponseChannel& channel, IRelayListener& listener)
    : m_ctx(ctx)
    , m_channel(channel)
    , m_listener(listener)
{ }

void RelayStage::onClientDrained()
{
    if (m_paused && m_call) {
        m_paused = false;
        m_call->setReadPaused(false);
    }
}

ApiError RelayStage::errorFor(const UpstreamError& error, const QString& deploymentId)
{
    const QString where = u"the backend of deployment %1"_s.arg(deploymentId);
    using Kind = UpstreamError::Kind;
    switch (error.kind) {
    case Kind::ConnectTimeout:
    case Kind::FirstByteTimeout:
    case Kind::IdleTimeout:
    case Kind::TotalTimeout:
        return ApiError::gatewayTimeout(u"Timed out waiting for %1: %2"_s.arg(where, error.message),
                                        "upstream_timeout");
    case Kind::ConnectFailed:
        return ApiError::badGateway(u"Could not connect to %1: %2"_s.arg(where, error.message),
                                    "upstream_connect_failed");
    case Kind::TlsFailed:
        return ApiError::badGateway(u"TLS handshake with %1 failed: %2"_s.arg(where, error.message),
                                    "upstream_tls_failed");
    case Kind::ProtocolError:
        return ApiError::badGateway(u"%1 sent an invalid HTTP response: %2"_s.arg(where, error.message),
                                    "upstream_bad_response");
    case Kind::ConnectionClosed:
        return ApiError::badGateway(
            u"%1 closed the connection before the response was complete: %2"_s.arg(where, error.message),
            "upstream_connection_closed");
    case Kind::ResponseTooLarge:
        return ApiError::badGateway(u"%1 sent a response that is too large."_s.arg(where),
                                    "upstream_response_too_large");
    }
    return ApiError::badGateway(error.message, "upstream_error");
}

void RelayStage::onHead(int status, const HttpHeaders& headers)
{
    m_lastUpstreamMs = m_ctx.elapsedMs();
    m_status = status;
    m_contentType = headers.value("content-type");
    m_retryAfter = headers.value("retry-after");
    const bool ok = status >= 200 && status < 300;
    if (ok && m_contentType.trimmed().toLower().startsWith("text/event-stream")) {
        m_mode = Mode::Streaming;
        m_filter.emplace(m_ctx.stream && !m_ctx.clientWantsUsage);
    } else {
        m_mode = Mode::Buffering;
    }
}

void RelayStage::onData(const QByteArray& data)
{
    m_lastUpstreamMs = m_ctx.elapsedMs();
    if (m_mode == Mode::Buffering) {
        if (m_buffer.size() + data.size() > kMaxBufferedResponse) {
            fail(ApiError::badGateway(u"The backend's response is larger than 256 MiB."_s,
                                      "upstream_response_too_large"),
                 false);
            return;
        }
        m_buffer += data;
        return;
    }
    if (m_mode != Mode::Streaming)
        return;
    const QList<QByteArray> events = m_splitter.feed(data);
    for (const QByteArray& event : events) {
        forwardEvent(event);
        if (m_mode != Mode::Streaming)
            return;
    }
    if (m_splitter.remainder().size() > kMaxEventBytes)
        failStreamMidway(
            ApiError::badGateway(u"The backend sent a server-sent event over 16 MiB."_s, "upstream_bad_response"));
}

void RelayStage::forwardEvent(const QByteArray& rawEvent)
{
    const QByteArray out = m_filter->process(rawEvent);
    if (out.isEmpty())
        return;
    if (m_ctx.firstTokenMs < 0)
        m_ctx.firstTokenMs = m_ctx.elapsedMs();
    sendToClient(out);
}

HttpHeaders RelayStage::clientHeaders(const QByteArray& contentType) const
{
    HttpHeaders headers;
    headers.reserve(6);
    headers.addShared(Headers::kContentType, contentType.isEmpty() ? Headers::kApplicationJson : contentType);
    if (m_mode == Mode::Streaming) {
        headers.addShared(Headers::kCacheControl, Headers::kNoCache);
        headers.addShared(Headers::kXAccelBuffering, Headers::kNo);
    }
    const Deployment& d = *m_ctx.deployment;
    headers.addShared(Headers::kModelId, d.idBytes);
    headers.addShared(Headers::kModelGroup, m_ctx.model.toUtf8());
    headers.addShared(Headers::kModelApiBase, d.apiBaseText.toUtf8());
    headers.addShared(Headers::kSwitchyardBackend, d.idBytes);
    headers.addShared(Headers::kSwitchyardAttempts, QByteArray::number(m_ctx.attempts));
    headers.addShared(Headers::kAttemptedRetries, QByteArray::number(m_ctx.attempts - 1));
    headers.addShared(Headers::kAttemptedFallbacks, QByteArray::number(m_ctx.fallbacksUsed.size()));
    // The time the gateway added: everything before this attempt was sent (queueing and failed
    // attempts included), plus the time from the backend's last bytes to this response.
    const qint64 now = m_ctx.elapsedMs();
    headers.addShared(
        Headers::kOverheadMs,
        QByteArray::number(qMax<qint64>(0, m_ctx.attemptStartMs) + qMax<qint64>(0, now - m_lastUpstreamMs)));
    return headers;
}

void RelayStage::sendToClient(const QByteArray& bytes)
{
    if (!m_clientStarted) {
        // The head goes out with the first event, so failures before it can still be retried.
        m_clientStarted = true;
        m_channel.beginStream(200, clientHeaders(Headers::kEventStream));
    }
    m_channel.streamData(bytes);
    m_ctx.bytesOut += bytes.size();
    applyBackPressure();
}

void RelayStage::applyBackPressure()
{
    if (!m_paused && m_call && m_channel.pendingBytes() > kPauseAboveBytes) {
        m_paused = true;
        m_call->setReadPaused(true);
    }
}

void RelayStage::onEnd()
{
    m_lastUpstreamMs = m_ctx.elapsedMs();
    if (m_mode == Mode::Streaming)
        finishStream();
    else if (m_mode == Mode::Buffering)
        finishBuffered();
}

void RelayStage::finishStream()
{
    // Some servers end without the blank line after their last event: it is still an event.
    const QByteArray rest = m_splitter.takeRemainder();
    if (!rest.trimmed().isEmpty())
        forwardEvent(rest + "\n\n");
    if (m_mode != Mode::Streaming)
        return;
    m_ctx.usage = m_filter->usage();
    if (!m_ctx.usage && m_filter->contentChars() > 0)
        m_ctx.usage = TokenUsage{0, (m_filter->contentChars() + 3) / 4, true};
    if (!m_clientStarted && !m_filter->sawDone()) {
        fail(ApiError::badGateway(u"The backend ended the stream without sending any event."_s,
                                  "upstream_empty_response"),
             true);
        return;
    }
    if (!m_clientStarted) {
        m_clientStarted = true;
        m_channel.beginStream(200, clientHeaders(Headers::kEventStream));
    }
    m_channel.endStream(m_filter->doneEvent());
    m_ctx.bytesOut += m_filter->doneEvent().size();
    m_ctx.status = m_filter->sawError() ? 502 : 200;
    if (m_filter->sawError()) {
        m_ctx.errorCode = "upstream_stream_error";
        m_ctx.errorMessage = u"The backend sent an error event in the stream."_s;
    }
    m_mode = Mode::Done;
    m_listener.onRelayFinished();
}

void RelayStage::finishBuffered()
{
    if (m_status < 200 || m_status >= 300) {
        const ApiError error = upstreamErrorResponse();
        // 5xx and 429 are the backend's trouble: another deployment may do better.
        fail(error, m_status >= 500 || m_status == 429);
        return;
    }
    if (m_buffer.trimmed().isEmpty()) {
        fail(ApiError::badGateway(u"The backend sent an empty response."_s, "upstream_empty_response"), true);
        return;
    }
    const std::optional<JsonBody> json = JsonBody::parse(m_buffer, nullptr);
    if (!json) {
        fail(ApiError::badGateway(u"The backend sent a response that is not valid JSON."_s, "upstream_bad_response"),
             true);
        return;
    }
    m_ctx.usage = TokenUsage::fromResponse(*json);
    if (!m_ctx.usage)
        m_ctx.usage = TokenUsage{0, (completionChars(m_buffer) + 3) / 4, true};
    m_clientStarted = true;
    m_ctx.status = m_status;
    m_ctx.bytesOut += m_buffer.size();
    m_mode = Mode::Done;
    m_channel.send(m_status, clientHeaders(m_contentType), m_buffer);
    m_listener.onRelayFinished();
}

ApiError RelayStage::upstreamErrorResponse() const
{
    ApiError error;
    error.status = m_status >= 400 ? m_status : 502;
    error.type = m_status >= 500 ? "api_error" : "invalid_request_error";
    error.code = "upstream_error";
    if (m_status == 429) {
        error.type = "rate_limit_error";
        bool ok = false;
        const int seconds = m_retryAfter.trimmed().toInt(&ok);
        error.retryAfterSeconds = ok && seconds >= 0 ? seconds : 1;
    }
    // Keep the backend's own explanation when it gave one in OpenAI's shape.
    const QJsonObject inner = QJsonDocument::fromJson(m_buffer).object().value(u"error"_s).toObject();
    if (!inner.isEmpty()) {
        error.message = inner.value(u"message"_s).toString();
        if (inner.value(u"type"_s).isString())
            error.type = inner.value(u"type"_s).toString().toUtf8();
        if (inner.value(u"code"_s).isString())
            error.code = inner.value(u"code"_s).toString().toUtf8();
        if (inner.value(u"param"_s).isString())
            error.param = inner.value(u"param"_s).toString().toUtf8();
    }
    if (error.message.isEmpty()) {
        error.message = u"The backend answered HTTP %1: %2"_s.arg(m_status).arg(
            QString::fromUtf8(m_buffer.left(300)).simplified());
    }
    if (m_status < 400)
        error.message = u"The backend answered with unexpected HTTP status %1."_s.arg(m_status);
    return error;
}

void RelayStage::onError(const UpstreamError& error)
{
    qCInfo(lcRelay) << "request" << m_ctx.id << "upstream" << m_ctx.deployment->id << "failed:" << error.code()
                    << error.message;
    const ApiError apiError = errorFor(error, m_ctx.deployment->id);
    if (m_clientStarted)
        failStreamMidway(apiError);
    else
        fail(apiError, true);
}

void RelayStage::failStreamMidway(const ApiError& error)
{
    if (m_call)
        m_call->abort();
    QByteArray event = "event: error\ndata: ";
    event += error.toJson();
    event += "\n\n";
    m_channel.streamData(event);
    m_channel.abortStream();
    m_ctx.bytesOut += event.size();
    m_ctx.status = error.status;
    m_ctx.errorCode = "upstream_stream_interrupted";
    m_ctx.errorMessage = error.message;
    if (m_filter)
        m_ctx.usage = m_filter->usage();
    m_mode = Mode::Done;
    m_listener.onRelayFinished();
}

void RelayStage::fail(const ApiError& error, bool retryable)
{
    if (m_call)
        m_call->abort();
    m_mode = Mode::Done;
    m_listener.onRelayFailed(error, retryable);
}

} // namespace sy
