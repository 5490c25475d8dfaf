#pragma once

#include "gateway/cache/CachedAnswer.h"
#include "gateway/guardrails/GuardrailMessages.h"
#include "gateway/guardrails/TextCheck.h"
#include "gateway/http/HttpHeaders.h"
#include "gateway/pipeline/CacheControls.h"
#include "gateway/pipeline/StageResult.h"

#include <functional>
#include <memory>
#include <optional>

namespace sy {

class AnswerTap;
class Guardrail;
class GuardrailSet;
class IAnswerEncoder;
class ResponseCache;
class ResponseChannel;
struct RequestContext;

/**
 * The response cache and the guardrails for one exchange (issue #16), at the points where the
 * exchange asks:
 *
 *  1. checkInput(), after parse and before the limits: picks the request's guardrails and runs
 *     the pre_call ones on its prompt (a blocked prompt costs no limit and never reaches the
 *     cache); starts the during_call ones that ask a service. Strips the gateway's own `cache`
 *     and `guardrails` fields from what goes to the backend.
 *  2. lookup(), after the limits and before routing: a hit is served from here (through the
 *     post_call guardrails, in the client's dialect) and never reaches a backend; as in
 *     LiteLLM, a hit still counts against the key's limits, and costs nothing.
 *  3. newTap(), for each attempt: what the relay feeds the answer to (null when nothing needs it).
 *  4. releaseHeld(), when the relay held a finished answer back: the post_call (and pending
 *     during_call) guardrails decide, then the answer (or the error) goes out.
 *  5. answered(), when the relay delivered an answer: a complete one is stored.
 *
 * Served answers and errors are reported through the Delivered callback.
 */
class ExchangeHooks
{
public:
    /** Shared by every exchange (owned by the RequestPipeline). */
    struct Services
    {
        ResponseCache* cache = nullptr;
        std::shared_ptr<const GuardrailSet> guardrails;
    };
    /** An answer (nullopt) or an error is to be / was sent: the exchange finishes. */
    using Delivered = std::function<void(const std::optional<ApiError>& error)>;

    ExchangeHooks(
        Services services, RequestContext& ctx, ResponseChannel& channel, IAnswerEncoder* encoder, Delivered delivered);
    ~ExchangeHooks();
    Q_DISABLE_COPY_MOVE(ExchangeHooks)

    void checkInput(std::function<void(const StageResult&)> done);
    void lookup(std::function<void()> miss);
    AnswerTap* newTap();
    void releaseHeld();
    void answered();

private:
    bool readRequestOptions(ApiError* error);
    QStringList requestedGuardrails() const;
    void startChecks(const QList<const Guardrail*>& selected, std::function<void(const StageResult&)> done);
    void onInputChecked(const CheckOutcome& outcome, std::function<void(const StageResult&)> done);
    ScanRequest scanRequest(const QStringList& texts, bool output) const;
    void note(const CheckOutcome& outcome);
    void noteDecision(const QString& decision);
    ApiError errorOf(const CheckOutcome& outcome, bool output) const;

    bool cacheable() const;
    std::optional<QByteArray> openAiRequest();
    void onLookup(std::optional<CachedAnswer> answer);
    bool holdNeeded() const;
    void store(CachedAnswer answer);

    void deliverHeld();
    void onOutputChecked(const CheckOutcome& outcome);
    void sendHeld();
    HttpHeaders headersFor(const QByteArray& contentType, bool stream) const;

    Services m_services;
    RequestContext& m_ctx;
    ResponseChannel& m_channel;
    IAnswerEncoder* m_encoder;
    Delivered m_delivered;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);

    // guardrails
    GuardrailMessages::Language m_language = GuardrailMessages::Language::English;
    QList<const Guardrail*> m_output; ///< the request's post_call guardrails
    std::unique_ptr<TextCheck> m_inputCheck;
    std::unique_ptr<TextCheck> m_duringCheck; ///< during_call scanners that ask a service
    std::optional<CheckOutcome> m_duringOutcome;
    std::unique_ptr<TextCheck> m_outputCheck;
    QString m_prompt; ///< the prompt's text, for scanners that judge an answer against it
    QStringList m_decisions;

    // cache
    CacheControls m_controls;
    QStringList m_requested; ///< guardrails the request names
    QByteArray m_storeKey; ///< empty: not cached
    bool m_store = false;
    std::function<void()> m_miss;

    // the answer
    std::unique_ptr<AnswerTap> m_tap;
    std::optional<CachedAnswer> m_held;
    QByteArray m_heldClientBody; ///< a native whole answer as it would have gone out
    bool m_heldFromCache = false;
    bool m_heldWaiting = false; ///< for the during_call scanners
    bool m_modified = false;
};

} // namespace sy
