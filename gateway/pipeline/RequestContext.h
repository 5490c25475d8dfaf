#pragma once

#include "gateway/core/GatewayConfig.h"
#include "gateway/core/JsonBody.h"
#include "gateway/core/Principal.h"
#include "gateway/core/TokenUsage.h"
#include "gateway/dialects/AnswerContext.h"
#include "gateway/dialects/Endpoint.h"
#include "gateway/http/HttpRequest.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSet>

#include <memory>
#include <optional>

namespace sy {

/**
 * Everything one request carries through the pipeline. Each stage reads what earlier stages
 * wrote and adds its own part; no stage keeps per-request state elsewhere.
 */
struct RequestContext
{
    quint64 id = 0;
    HttpRequest http;
    QElapsedTimer clock; ///< started when the request arrived
    QDateTime receivedAt;
    std::shared_ptr<const GatewayConfig> config; ///< the config this request is served with, start to end

    // dialect in: what the path says
    Endpoint endpoint = Endpoint::NotFound;
    Dialect dialect = Dialect::OpenAi; ///< the client's
    Operation operation = Operation::None;

    // parse (by the client's dialect)
    std::optional<JsonBody> body;
    QString model; ///< the model group asked for (after the dialect's name rules, e.g. Ollama's :latest)
    QString askedModel; ///< the name as the client said it: what answers carry
    bool stream = false;
    bool clientWantsUsage = false; ///< OpenAI chat: stream_options.include_usage was true
    QString user; ///< the end user the request names (OpenAI `user`, Anthropic metadata.user_id)
    /** The request in OpenAI's API, for deployments that do not speak the client's dialect:
        translated and parsed once, on the first attempt that needs it. */
    std::optional<JsonBody> openAiBody;

    // stored conversations (the Responses API's previous_response_id and store)
    bool keepAnswer = false; ///< store the answer once complete
    QByteArray conversationInput; ///< the whole conversation the request sent, kept with its answer
    /** Or, when it continues nothing, the request whose own input that is: the storage thread
        works the items out. */
    QByteArray conversationRequest;

    // authenticate
    Principal principal;

    // limit (issue #5): what LimitStage counted for this request, so release() undoes exactly that
    struct LimitTicket
    {
        bool global = false; ///< general_settings.max_parallel_requests
        bool key = false; ///< the virtual key's local counters
        bool shared = false; ///< the virtual key's parallel slot in Redis
    } limits;

    // route: one or more attempts, over the requested group and then its fallbacks
    QString routedGroup; ///< the group being tried: the requested one (after aliases), or a fallback
    const Deployment* deployment = nullptr; ///< this attempt's; points into *config
    QSet<QString> triedDeployments; ///< state keys tried in routedGroup
    int attempts = 0; ///< calls sent to backends, all groups together
    int retriesInGroup = 0;
    QStringList fallbacksUsed;
    qint64 attemptStartMs = -1; ///< when the current attempt was sent
    std::optional<QByteArray> sessionKey; ///< for session affinity, computed on first use

    // forward and relay
    Dialect wire = Dialect::OpenAi; ///< the dialect this attempt speaks to its backend
    bool contentStarted = false; ///< answer content reached the client: no retry from here on
    qint64 deliveredChars = 0; ///< generated text relayed to the client, for estimates and billing
    qint64 lastClientWriteMs = -1; ///< when bytes last went to the client (stream keep-alive)
    qint64 upstreamStartMs = -1;
    qint64 upstreamEndMs = -1;
    qint64 firstTokenMs = -1;
    std::optional<TokenUsage> usage;
    QByteArray finalAnswer; ///< the complete answer as one object in the client's dialect, where it has one

    // outcome
    int status = 0;
    QByteArray errorCode;
    QString errorMessage; ///< what the client was told, for the request log
    qint64 bytesOut = 0;
    QByteArray cacheStatus; ///< issue #16: "hit", "miss", "bypass"; empty when not cached
    QByteArray guardrailDecision; ///< issue #16: "allowed", "blocked: NAME", …; empty without guardrails

    qint64 elapsedMs() const { return clock.elapsed(); }
    /** What an answer to this request says about it, in whichever dialect. */
    AnswerContext answerContext() const
    {
        return {
            askedModel.isEmpty() ? model : askedModel, id, receivedAt.toSecsSinceEpoch(), clientWantsUsage, http.body};
    }
};

} // namespace sy
