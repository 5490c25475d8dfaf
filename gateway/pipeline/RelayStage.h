#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/dialects/IAnswerDecoder.h"
#include "gateway/dialects/IAnswerEncoder.h"
#include "gateway/dialects/INativeFilter.h"
#include "gateway/http/HttpHeaders.h"
#include "gateway/streaming/NdjsonSplitter.h"
#include "gateway/streaming/SseEventSplitter.h"

#include <memory>
#include <optional>

namespace sy {

struct RequestContext;
struct UpstreamError;
class AnswerTap;
class IUpstreamCall;
class ResponseChannel;

/** Told how the relay of one response ended. */
class IRelayListener
{
public:
    virtual ~IRelayListener() = default;
    /** The response was delivered, or ended with an in-stream error (@p brokenBy says which). */
    virtual void onRelayFinished(const std::optional<ApiError>& brokenBy) = 0;
    /** No content reached the client; @p retryable says another deployment may succeed. */
    virtual void onRelayFailed(const ApiError& error, bool retryable) = 0;
    /** The answer is complete and was held back, unsent, for its tap's owner (issue #16). */
    virtual void onRelayHeld() = 0;
};

/**
 * Carries one backend response to the client, in the client's dialect. Streams
 * (text/event-stream, or Ollama's application/x-ndjson) go out event by event as they arrive;
 * anything else is read whole, checked, and sent with a Content-Length.
 *
 * Where the backend speaks the client's dialect, events pass through the dialect's native
 * filter (usage, model name). Otherwise the backend's dialect decodes them into the common
 * vocabulary and the client's encoder (the exchange's, kept across attempts) writes them.
 *
 * Until answer content reaches the client a failure is reported with onRelayFailed(), so the
 * caller may answer with an error or try another deployment. After that, a failure ends the
 * stream with the dialect's error event and a cut connection, never with its normal end: a
 * broken stream must not look like a finished one.
 */
class RelayStage
{
public:
    /** @p encoder: the client's, for a translated answer and for error events; may be null. */
    RelayStage(RequestContext& ctx, ResponseChannel& channel, IRelayListener& listener, IAnswerEncoder* encoder);
    ~RelayStage();

    void setUpstreamCall(IUpstreamCall* call) { m_call = call; }
    /** The cache and guardrails see the answer through @p tap (issue #16); null: nobody does. */
    void setTap(AnswerTap* tap) { m_tap = tap; }

    void onHead(int status, const HttpHeaders& headers);
    void onData(const QByteArray& data);
    void onEnd();
    void onError(const UpstreamError& error);
    /** The client took what was queued: resume reading a paused backend. */
    void onClientDrained();
    /** Sets ctx.usage from what the answer said so far (the client left mid-stream). */
    void publishUsage();

    /** The error for an upstream failure (502 or 504). */
    static ApiError errorFor(const UpstreamError& error, const QString& deploymentId);
    /** The headers of a response to the client: how it was served (x-litellm-*, x-switchyard-*). */
    static HttpHeaders
    clientHeaders(const RequestContext& ctx, const QByteArray& contentType, bool stream, qint64 lastUpstreamMs);
    /** The bytes that end a broken stream in the client's dialect. */
    static QByteArray brokenStreamEvent(IAnswerEncoder* encoder, const ApiError& error);

private:
    enum class Mode
    {
        AwaitingHead,
        Buffering,
        Streaming,
        Done,
    };

    void forwardEvent(const SseEvent& event);
    void sendToClient(const QByteArray& bytes, bool content);
    void finishStream();
    void finishBuffered();
    void finishTranslatedWhole();
    void failStreamMidway(const ApiError& error);
    void fail(const ApiError& error, bool retryable);
    void applyBackPressure();
    bool translating() const { return m_decoder != nullptr; }
    bool stoppedByTap(const std::optional<ApiError>& violation);
    bool heldByTap(const QByteArray& clientBody, const ChatCompletion* decoded);

    RequestContext& m_ctx;
    ResponseChannel& m_channel;
    IRelayListener& m_listener;
    IAnswerEncoder* m_encoder;
    IUpstreamCall* m_call = nullptr;
    AnswerTap* m_tap = nullptr;
    std::unique_ptr<INativeFilter> m_filter; ///< the backend speaks the client's dialect
    std::unique_ptr<IAnswerDecoder> m_decoder; ///< it does not: translate
    Mode m_mode = Mode::AwaitingHead;
    int m_status = 0;
    bool m_lines = false; ///< NDJSON (Ollama) rather than server-sent events
    QByteArray m_contentType;
    QByteArray m_retryAfter;
    QByteArray m_buffer;
    SseEventSplitter m_splitter;
    NdjsonSplitter m_lineSplitter;
    std::optional<TokenUsage> m_usage; ///< from a translated stream's deltas
    qint64 m_lastUpstreamMs = 0; ///< when the backend last sent something, for the overhead header
    bool m_paused = false;
};

} // namespace sy
