#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/dialects/ChatDelta.h"
#include "gateway/dialects/IAnswerDecoder.h"
#include "gateway/guardrails/StreamScanner.h"

#include <functional>
#include <memory>
#include <optional>

namespace sy {

struct RequestContext;

/**
 * What the cache and the guardrails see of one attempt's answer (issue #16), fed by the
 * relay: it gathers the answer in the common vocabulary (a ChatCompletion, or OpenAI's body of
 * embeddings and completions), scans a stream as it passes, and may hold the answer back, in
 * which case the relay sends nothing and hands the finished answer to the exchange
 * (onRelayHeld). A native answer (the backend speaks the client's dialect) is read on the
 * side with the backend dialect's decoder, one JsonBody per event; the relay makes a tap only
 * when something needs it.
 */
class AnswerTap
{
public:
    struct Options
    {
        bool capture = false; ///< gather the answer (for the cache, or for a held answer)
        bool hold = false; ///< send nothing: the exchange delivers the answer once checked
        std::unique_ptr<StreamScanner> scanner; ///< guardrails that scan a stream as it passes
        /** The error that ends the stream when the scanner objects. */
        std::function<ApiError(const Violation&)> violation;
    };

    AnswerTap(const RequestContext& ctx, Options options);
    ~AnswerTap();

    bool holding() const { return m_hold; }

    /** A native stream event, before the client's filter passes it on. A violation ends the stream. */
    std::optional<ApiError> observe(const SseEvent& event);
    /** A translated stream's deltas, before the client's encoder writes them. */
    std::optional<ApiError> observe(const QList<ChatDelta>& deltas);
    /** A whole answer: @p clientBody as it would go out (native answers), @p wireBody as the
        backend sent it, @p decoded where the relay read it already (translated chat answers). */
    void observeWhole(const QByteArray& clientBody, const QByteArray& wireBody, const ChatCompletion* decoded);

    /** True once a whole answer was read, or a stream said why it finished. */
    bool complete() const { return m_complete; }
    const ChatCompletion& answer() const { return m_answer; }
    /** Embeddings and legacy completions from an OpenAI backend: its body, for the cache. */
    const QByteArray& openAiBody() const { return m_openAiBody; }
    /** A native whole answer as it would have gone out, to send unchanged when nothing changed it. */
    const QByteArray& clientBody() const { return m_clientBody; }
    bool violated() const { return m_violated; }

private:
    void gather(const ChatDelta& delta);
    std::optional<ApiError> scan(const ChatDelta& delta);

    const RequestContext& m_ctx;
    bool m_capture;
    bool m_hold;
    std::unique_ptr<StreamScanner> m_scanner;
    std::function<ApiError(const Violation&)> m_violation;
    std::unique_ptr<IAnswerDecoder> m_sideDecoder; ///< native answers only
    ChatCompletion m_answer;
    QByteArray m_openAiBody;
    QByteArray m_clientBody;
    bool m_complete = false;
    bool m_violated = false;
};

} // namespace sy
