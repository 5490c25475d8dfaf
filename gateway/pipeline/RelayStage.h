#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/http/HttpHeaders.h"
#include "gateway/streaming/CompletionStreamFilter.h"
#include "gateway/streaming/SseEventSplitter.h"

#include <optional>

namespace sy {

struct RequestContext;
struct UpstreamError;
class IUpstreamCall;
class ResponseChannel;

/** Told how the relay of one response ended. */
class IRelayListener
{
public:
    virtual ~IRelayListener() = default;
    /** The response was delivered (or ended with an in-stream error). */
    virtual void onRelayFinished() = 0;
    /** Nothing reached the client; @p retryable says another deployment may succeed. */
    virtual void onRelayFailed(const ApiError& error, bool retryable) = 0;
};

/**
 * Carries one backend response to the client. Streams (text/event-stream) go out event by
 * event as they arrive; anything else is read whole, checked, and sent with a Content-Length.
 *
 * Until the first byte reaches the client a failure is reported with failed(), so the caller
 * may answer with an error or try another deployment. After that, a failure ends the stream
 * with an SSE `error` event and a cut connection, never with [DONE]: a broken stream must not
 * look like a finished one.
 */
class RelayStage
{
public:
    RelayStage(RequestContext& ctx, ResponseChannel& channel, IRelayListener& listener);

    void setUpstreamCall(IUpstreamCall* call) { m_call = call; }

    void onHead(int status, const HttpHeaders& headers);
    void onData(const QByteArray& data);
    void onEnd();
    void onError(const UpstreamError& error);
    /** The client took what was queued: resume reading a paused backend. */
    void onClientDrained();

    /** True once bytes went to the client; from then on the response cannot change course. */
    bool clientStarted() const { return m_clientStarted; }

    /** The OpenAI-shaped error for an upstream failure (502 or 504). */
    static ApiError errorFor(const UpstreamError& error, const QString& deploymentId);

private:
    enum class Mode
    {
        AwaitingHead,
        Buffering,
        Streaming,
        Done,
    };

    void forwardEvent(const QByteArray& rawEvent);
    void sendToClient(const QByteArray& bytes);
    void finishStream();
    void finishBuffered();
    void failStreamMidway(const ApiError& error);
    void fail(const ApiError& error, bool retryable);
    void applyBackPressure();
    ApiError upstreamErrorResponse() const;
    HttpHeaders clientHeaders(const QByteArray& contentType) const;

    RequestContext& m_ctx;
    ResponseChannel& m_channel;
    IRelayListener& m_listener;
    IUpstreamCall* m_call = nullptr;
    Mode m_mode = Mode::AwaitingHead;
    int m_status = 0;
    QByteArray m_contentType;
    QByteArray m_retryAfter;
    QByteArray m_buffer;
    SseEventSplitter m_splitter;
    std::optional<CompletionStreamFilter> m_filter;
    qint64 m_lastUpstreamMs = 0; ///< when the backend last sent something, for the overhead header
    bool m_clientStarted = false;
    bool m_paused = false;
};

} // namespace sy
