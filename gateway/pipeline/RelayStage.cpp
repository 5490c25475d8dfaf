#include "gateway/pipeline/RelayStage.h"

#include "gateway/dialects/DialectAdapter.h"
#include "gateway/dialects/DialectRegistry.h"
#include "gateway/http/HeaderNames.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/pipeline/AnswerTap.h"
#include "gateway/pipeline/RequestContext.h"
#include "gateway/streaming/NdjsonSplitter.h"
#include "gateway/upstream/IUpstreamClient.h"

#include <QLoggingCategory>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcRelay, "switchyard.relay", QtInfoMsg)

namespace sy {

namespace {

constexpr qint64 kMaxBufferedResponse = 256 * 1024 * 1024;
constexpr qint64 kMaxEventBytes = 16 * 1024 * 1024;
constexpr qint64 kPauseAboveBytes = 1024 * 1024;

// Attempts, retries, fallbacks and the added milliseconds are small numbers: shared text for
// those, rather than a conversion and an allocation each on every response.
QByteArray countText(qint64 n)
{
    static const auto kSmall = [] {
        std::array<QByteArray, 32> texts;
        for (size_t i = 0; i < texts.size(); ++i)
            texts[i] = QByteArray::number(qulonglong(i));
        return texts;
    }();
    return n >= 0 && n < qint64(kSmall.size()) ? kSmall[size_t(n)] : QByteArray::number(n);
}

// "openai->openai", "anthropic->openai", ...: one shared text per pair of dialects.
QByteArray dialectPairText(Dialect client, Dialect wire)
{
    static constexpr std::array kAll{Dialect::OpenAi, Dialect::Anthropic, Dialect::Responses, Dialect::Ollama};
    static const auto kPairs = [] {
        std::array<std::array<QByteArray, kAll.size()>, kAll.size()> pairs;
        for (size_t i = 0; i < kAll.size(); ++i) {
            for (size_t j = 0; j < kAll.size(); ++j)
                pairs[i][j] = dialectName(kAll[i]) + "->" + dialectName(kAll[j]);
        }
        return pairs;
    }();
    const auto index = [](Dialect d) { return size_t(std::find(kAll.begin(), kAll.end(), d) - kAll.begin()); };
    const size_t i = index(client);
    const size_t j = index(wire);
    if (i < kAll.size() && j < kAll.size())
        return kPairs[i][j];
    return dialectName(client) + "->" + dialectName(wire);
}

qint64 charsOf(const ChatDelta& delta)
{
    qint64 chars = delta.text.size() + delta.reasoning.size();
    for (const ToolCallDelta& call : delta.toolCalls)
        chars += call.arguments.size() + call.name.size();
    return chars;
}

bool hasContent(const ChatDelta& delta)
{
    return !delta.text.isEmpty() || !delta.reasoning.isEmpty() || !delta.toolCalls.isEmpty();
}

TokenUsage estimatedUsage(qint64 deliveredChars)
{
    TokenUsage usage;
    usage.completionTokens = (deliveredChars + 3) / 4;
    usage.estimated = true;
    return usage;
}

} // namespace

RelayStage::RelayStage(RequestContext& ctx, ResponseChannel& channel, IRelayListener& listener, IAnswerEncoder* encoder)
    : m_ctx(ctx)
    , m_channel(channel)
    , m_listener(listener)
    , m_encoder(encoder)
{
    if (ctx.wire == ctx.dialect)
        m_filter = DialectRegistry::adapter(ctx.dialect).nativeFilter(ctx.endpoint, ctx.answerContext());
    else
        m_decoder = DialectRegistry::adapter(ctx.wire).decoder(ctx.operation);
}

RelayStage::~RelayStage() = default;

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
    const QByteArray type = m_contentType.trimmed().toLower();
    m_lines = type.startsWith("application/x-ndjson");
    m_mode = ok && (type.startsWith("text/event-stream") || m_lines) ? Mode::Streaming : Mode::Buffering;
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
    if (m_lines) {
        for (const QByteArray& line : m_lineSplitter.feed(data)) {
            forwardEvent(SseEvent{line + '\n', {}, line});
            if (m_mode != Mode::Streaming)
                return;
        }
        if (m_lineSplitter.remainder().size() > kMaxEventBytes)
            failStreamMidway(ApiError::badGateway(u"The backend sent a line over 16 MiB."_s, "upstream_bad_response"));
        return;
    }
    const QList<QByteArray> events = m_splitter.feed(data);
    for (const QByteArray& event : events) {
        forwardEvent(SseEvent::parse(event));
        if (m_mode != Mode::Streaming)
            return;
    }
    if (m_splitter.remainder().size() > kMaxEventBytes)
        failStreamMidway(
            ApiError::badGateway(u"The backend sent a server-sent event over 16 MiB."_s, "upstream_bad_response"));
}

void RelayStage::forwardEvent(const SseEvent& event)
{
    if (m_filter) {
        if (m_tap && stoppedByTap(m_tap->observe(event)))
            return;
        const QByteArray out = m_filter->process(event);
        m_ctx.deliveredChars = m_filter->deliveredChars();
        if (!out.isEmpty())
            sendToClient(out, true);
        return;
    }
    if (!m_encoder) {
        failStreamMidway(
            ApiError::badGateway(u"This answer cannot be streamed in the client's API."_s, "translation_failed"));
        return;
    }
    QList<ChatDelta> deltas;
    m_decoder->decode(event, deltas);
    if (m_tap && (stoppedByTap(m_tap->observe(deltas)) || m_tap->holding()))
        return;
    QByteArray out;
    bool content = false;
    for (const ChatDelta& delta : std::as_const(deltas)) {
        if (delta.usage)
            m_usage = delta.usage;
        m_ctx.deliveredChars += charsOf(delta);
        content = content || hasContent(delta);
        out += m_encoder->encode(delta);
    }
    if (!out.isEmpty())
        sendToClient(out, content);
}

HttpHeaders
RelayStage::clientHeaders(const RequestContext& ctx, const QByteArray& contentType, bool stream, qint64 lastUpstreamMs)
{
    HttpHeaders headers;
    headers.reserve(12);
    headers.addShared(Headers::kContentType, contentType.isEmpty() ? Headers::kApplicationJson : contentType);
    if (stream) {
        headers.addShared(Headers::kCacheControl, Headers::kNoCache);
        headers.addShared(Headers::kXAccelBuffering, Headers::kNo);
    }
    const Deployment& d = *ctx.deployment;
    headers.addShared(Headers::kModelId, d.idBytes);
    headers.addShared(Headers::kModelGroup, ctx.model.toUtf8());
    headers.addShared(Headers::kModelApiBase, d.apiBaseBytes);
    headers.addShared(Headers::kSwitchyardBackend, d.idBytes);
    headers.addShared(Headers::kSwitchyardAttempts, countText(ctx.attempts));
    headers.addShared(Headers::kSwitchyardDialect, dialectPairText(ctx.dialect, ctx.wire));
    headers.addShared(Headers::kAttemptedRetries, countText(ctx.attempts - 1));
    headers.addShared(Headers::kAttemptedFallbacks, countText(ctx.fallbacksUsed.size()));
    // The time the gateway added: everything before this attempt was sent (queueing and failed
    // attempts included), plus the time from the backend's last bytes to this response.
    const qint64 now = ctx.elapsedMs();
    headers.addShared(Headers::kOverheadMs,
                      countText(qMax<qint64>(0, ctx.attemptStartMs) + qMax<qint64>(0, now - lastUpstreamMs)));
    return headers;
}

void RelayStage::sendToClient(const QByteArray& bytes, bool content)
{
    if (m_tap && m_tap->holding())
        return; // the exchange sends the answer once it is checked
    if (!m_channel.hasStarted()) {
        // The head goes out with the first event, so failures before it can still be retried.
        const QByteArray type = m_filter || !m_encoder
            ? (m_contentType.isEmpty() ? Headers::kEventStream : m_contentType)
            : m_encoder->streamContentType();
        m_channel.beginStream(200, clientHeaders(m_ctx, type, true, m_lastUpstreamMs));
    }
    if (content && !m_ctx.contentStarted) {
        m_ctx.contentStarted = true;
        m_ctx.firstTokenMs = m_ctx.elapsedMs();
    }
    m_channel.streamData(bytes);
    m_ctx.bytesOut += bytes.size();
    m_ctx.lastClientWriteMs = m_ctx.elapsedMs();
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

void RelayStage::publishUsage()
{
    std::optional<TokenUsage> usage = m_filter ? m_filter->usage() : m_usage;
    if (!usage && m_ctx.deliveredChars > 0)
        usage = estimatedUsage(m_ctx.deliveredChars);
    if (usage)
        m_ctx.usage = usage;
}

void RelayStage::finishStream()
{
    // Some servers end without the blank line after their last event: it is still an event.
    const QByteArray rest = m_lines ? m_lineSplitter.takeRemainder() : m_splitter.takeRemainder();
    if (!rest.trimmed().isEmpty())
        forwardEvent(m_lines ? SseEvent{rest + '\n', {}, rest.trimmed()} : SseEvent::parse(rest + "\n\n"));
    if (m_mode != Mode::Streaming)
        return;
    publishUsage();
    const bool ended = m_filter ? m_filter->ended() : m_decoder->ended();
    const std::optional<ApiError> streamError = m_filter ? m_filter->streamError() : m_decoder->streamError();
    if (!m_ctx.contentStarted && (streamError || !ended)) {
        // Nothing reached the client yet: another deployment may still answer.
        fail(streamError ? *streamError
                         : ApiError::badGateway(u"The backend ended the stream without sending any event."_s,
                                                "upstream_empty_response"),
             true);
        return;
    }
    if (streamError && m_decoder) {
        // A translated stream's error becomes the client dialect's error event.
        failStreamMidway(*streamError);
        return;
    }
    if (m_tap && heldByTap({}, nullptr))
        return;
    const QByteArray last = m_filter ? m_filter->finish() : (m_encoder ? m_encoder->finish() : QByteArray());
    if (!m_channel.hasStarted()) {
        const QByteArray type = m_filter || !m_encoder ? m_contentType : m_encoder->streamContentType();
        m_channel.beginStream(200, clientHeaders(m_ctx, type, true, m_lastUpstreamMs));
    }
    m_channel.endStream(last);
    m_ctx.bytesOut += last.size();
    if (!streamError)
        m_ctx.finalAnswer = m_filter ? m_filter->finalAnswer() : (m_encoder ? m_encoder->finalAnswer() : QByteArray());
    m_ctx.status = streamError ? 502 : 200;
    if (streamError) {
        m_ctx.errorCode = "upstream_stream_error";
        m_ctx.errorMessage = u"The backend sent an error event in the stream."_s;
    }
    m_mode = Mode::Done;
    m_listener.onRelayFinished(streamError);
}

void RelayStage::finishBuffered()
{
    if (m_status < 200 || m_status >= 300) {
        ApiError error = DialectRegistry::adapter(m_ctx.wire).errorFrom(m_status, m_buffer);
        if (m_status == 429) {
            bool ok = false;
            const int seconds = m_retryAfter.trimmed().toInt(&ok);
            error.retryAfterSeconds = ok && seconds >= 0 ? seconds : 1;
        }
        // 5xx and 429 are the backend's trouble: another deployment may do better.
        fail(error, m_status >= 500 || m_status == 429);
        return;
    }
    if (m_buffer.trimmed().isEmpty()) {
        fail(ApiError::badGateway(u"The backend sent an empty response."_s, "upstream_empty_response"), true);
        return;
    }
    if (m_decoder) {
        finishTranslatedWhole();
        return;
    }
    std::optional<TokenUsage> usage;
    const std::optional<QByteArray> filtered = m_filter->filterWhole(m_buffer, &usage);
    if (!filtered) {
        fail(ApiError::badGateway(u"The backend sent a response that is not valid JSON."_s, "upstream_bad_response"),
             true);
        return;
    }
    const QByteArray& body = *filtered;
    m_ctx.deliveredChars = m_filter->deliveredChars();
    m_ctx.finalAnswer = m_filter->finalAnswer();
    m_ctx.usage = usage ? usage : std::optional<TokenUsage>(estimatedUsage(m_ctx.deliveredChars));
    if (m_tap && heldByTap(body, nullptr))
        return;
    m_ctx.contentStarted = true;
    m_ctx.status = m_status;
    m_ctx.bytesOut += body.size();
    m_mode = Mode::Done;
    m_channel.send(m_status, clientHeaders(m_ctx, m_contentType, false, m_lastUpstreamMs), body);
    m_listener.onRelayFinished(std::nullopt);
}

void RelayStage::finishTranslatedWhole()
{
    const DialectAdapter& client = DialectRegistry::adapter(m_ctx.dialect);
    QString why;
    QByteArray body;
    std::optional<ChatCompletion> answer;
    if (m_ctx.operation == Operation::Chat && m_encoder) {
        answer = m_decoder->decodeWhole(m_buffer, &why);
        if (answer) {
            m_ctx.usage = answer->usage;
            m_ctx.deliveredChars = answer->text.size() + answer->reasoning.size();
            body = m_encoder->encodeWhole(*answer);
            m_ctx.finalAnswer = m_encoder->finalAnswer();
        }
    } else if (const auto translated = client.fromOpenAiWhole(m_ctx.endpoint, m_buffer, m_ctx.answerContext(), &why)) {
        body = *translated;
        if (const std::optional<JsonBody> json = JsonBody::parse(m_buffer, nullptr))
            m_ctx.usage = TokenUsage::fromResponse(*json);
    }
    if (body.isEmpty()) {
        fail(ApiError::badGateway(u"The backend's answer could not be read: %1."_s.arg(why), "upstream_bad_response"),
             true);
        return;
    }
    if (!m_ctx.usage)
        m_ctx.usage = estimatedUsage(m_ctx.deliveredChars);
    if (m_tap && heldByTap(body, answer ? &*answer : nullptr))
        return;
    m_ctx.contentStarted = true;
    m_ctx.status = 200;
    m_ctx.bytesOut += body.size();
    m_mode = Mode::Done;
    m_channel.send(200, clientHeaders(m_ctx, Headers::kApplicationJson, false, m_lastUpstreamMs), body);
    m_listener.onRelayFinished(std::nullopt);
}

void RelayStage::onError(const UpstreamError& error)
{
    qCInfo(lcRelay) << "request" << m_ctx.id << "upstream" << m_ctx.deployment->id << "failed:" << error.code()
                    << error.message;
    const ApiError apiError = errorFor(error, m_ctx.deployment->id);
    if (m_ctx.contentStarted)
        failStreamMidway(apiError);
    else
        fail(apiError, true);
}

QByteArray RelayStage::brokenStreamEvent(IAnswerEncoder* encoder, const ApiError& error)
{
    if (encoder)
        return encoder->fail(error);
    return "event: error\ndata: " + error.toJson() + "\n\n";
}

void RelayStage::failStreamMidway(const ApiError& error)
{
    if (m_call)
        m_call->abort();
    const QByteArray native = m_filter ? m_filter->fail(error) : QByteArray();
    const QByteArray event = native.isEmpty() ? brokenStreamEvent(m_encoder, error) : native;
    const bool ended = !native.isEmpty() || (m_encoder && m_encoder->failureEndsStream());
    if (ended) {
        m_channel.endStream(event);
    } else {
        m_channel.streamData(event);
        m_channel.abortStream();
    }
    m_ctx.bytesOut += event.size();
    m_ctx.status = error.status;
    m_ctx.errorCode = "upstream_stream_interrupted";
    m_ctx.errorMessage = error.message;
    publishUsage();
    m_mode = Mode::Done;
    m_listener.onRelayFinished(error);
}

bool RelayStage::stoppedByTap(const std::optional<ApiError>& violation)
{
    // A guardrail objected to what the stream says: what went out cannot be recalled, so the
    // stream ends with an error event; before anything went out, the client gets the error.
    if (!violation)
        return false;
    if (!m_channel.hasStarted()) {
        fail(*violation, false);
        return true;
    }
    failStreamMidway(*violation);
    m_ctx.errorCode = violation->code;
    return true;
}

bool RelayStage::heldByTap(const QByteArray& clientBody, const ChatCompletion* decoded)
{
    if (m_mode == Mode::Buffering)
        m_tap->observeWhole(clientBody, m_buffer, decoded);
    if (!m_tap->holding())
        return false;
    publishUsage();
    m_mode = Mode::Done;
    m_listener.onRelayHeld();
    return true;
}

void RelayStage::fail(const ApiError& error, bool retryable)
{
    if (m_call)
        m_call->abort();
    m_mode = Mode::Done;
    m_listener.onRelayFailed(error, retryable);
}

} // namespace sy
