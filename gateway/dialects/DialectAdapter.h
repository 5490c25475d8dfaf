#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/core/Deployment.h"
#include "gateway/core/Dialect.h"
#include "gateway/core/JsonBody.h"
#include "gateway/dialects/AnswerContext.h"
#include "gateway/dialects/Endpoint.h"
#include "gateway/dialects/IAnswerDecoder.h"
#include "gateway/dialects/IAnswerEncoder.h"
#include "gateway/dialects/INativeFilter.h"
#include "gateway/http/HttpHeaders.h"

#include <functional>
#include <memory>
#include <optional>

namespace sy {

/** A request as its dialect reads it: what the dialect-free core routes and limits by. */
struct ParsedRequest
{
    QString model; ///< the model group asked for
    bool stream = false;
    bool wantsUsage = false; ///< OpenAI chat streams: the client asked for the usage chunk
    QString user; ///< the end user, where the request names one (session affinity, records)
};

/** An error as a client of one dialect expects it. */
struct ErrorReply
{
    int status = 500;
    QByteArray body;
};

/**
 * One wire API, at the edge of the pipeline, in both directions:
 *
 *  - as the client's dialect: it reads requests, translates them to OpenAI's API for
 *    deployments that do not speak it, writes answers (from the common vocabulary, or passing
 *    a native backend's through a filter) and errors the way its clients expect;
 *  - as a backend's dialect: it says where requests go, translates OpenAI requests to it, and
 *    reads its answers and errors back into the common vocabulary.
 *
 * Everything between (keys, limits, routing, failover, usage) is the dialect-free core. The
 * adapters are stateless singletons (DialectRegistry); per-request state lives in the
 * encoders, decoders and filters they make.
 */
class DialectAdapter
{
public:
    virtual ~DialectAdapter() = default;
    virtual Dialect dialect() const = 0;

    // ---- As the client's dialect ----

    /** Reads a request body for @p endpoint; the error to answer when it is not a valid one. */
    virtual std::optional<ApiError> parse(Endpoint endpoint, const JsonBody& body, ParsedRequest* out) const = 0;
    /** The model group a client of this dialect means by @p asked (Ollama's `name:latest`), given
        which names are groups; by default the name itself. Answers still say @p asked. */
    virtual QString modelGroupFor(const QString& asked, const std::function<bool(const QString&)>& isGroup) const;
    /**
     * The request in OpenAI's API (chat completions, completions or embeddings, after
     * operationOf(@p endpoint)) for a deployment that does not speak this dialect. Streams ask
     * for usage (stream_options.include_usage). `model` is the client's; the caller replaces it.
     */
    virtual std::optional<QByteArray>
    toOpenAi(Endpoint endpoint, const JsonBody& body, const ParsedRequest& request, ApiError* error) const = 0;
    /** The body for a deployment that speaks this dialect: the client's bytes, `model` replaced. */
    virtual QByteArray
    nativeBody(const JsonBody& body, const QString& backendModel, const ParsedRequest& request) const;
    /** Client headers a native backend should see (Anthropic's anthropic-beta, …). */
    virtual void forwardHeaders(const HttpHeaders& client, HttpHeaders& upstream) const;
    /** Writes answers translated from another dialect; null where the endpoint has no such answer. */
    virtual std::unique_ptr<IAnswerEncoder> encoder(Endpoint endpoint, const AnswerContext& context) const = 0;
    /** Watches answers from a backend that speaks this dialect. */
    virtual std::unique_ptr<INativeFilter> nativeFilter(Endpoint endpoint, const AnswerContext& context) const = 0;
    /**
     * A whole OpenAI answer to a request that is not a chat (embeddings, completions), in this
     * dialect; nullopt with @p why when the body is not such an answer.
     */
    virtual std::optional<QByteArray>
    fromOpenAiWhole(Endpoint endpoint, const QByteArray& body, const AnswerContext& context, QString* why) const;
    /** An answer the gateway gives itself when @p deployment cannot (Anthropic's token count
        for a backend without it); nullopt: forward as usual. */
    virtual std::optional<QByteArray>
    localAnswer(Endpoint endpoint, const JsonBody& body, const Deployment& deployment) const;
    virtual ErrorReply renderError(const ApiError& error) const = 0;

    // ---- As a backend's dialect ----

    /** The request target (path and query) on @p deployment for a request in this dialect:
        @p endpoint when the client spoke it too, else the translation's @p operation. */
    virtual QByteArray target(const Deployment& deployment, Endpoint endpoint, Operation operation) const = 0;
    /**
     * An OpenAI request (chat completions) in this dialect, for a deployment that speaks only
     * it; `model` becomes @p backendModel. nullopt with @p error when it cannot be expressed.
     */
    virtual std::optional<QByteArray>
    fromOpenAi(Operation operation, const JsonBody& body, const QString& backendModel, ApiError* error) const;
    /** Headers every request in this dialect carries (anthropic-version, …). */
    virtual void addBackendHeaders(HttpHeaders& upstream) const;
    /** Reads this dialect's answers into the common vocabulary. */
    virtual std::unique_ptr<IAnswerDecoder> decoder(Operation operation) const = 0;
    /** The error a backend of this dialect answered with HTTP @p status and @p body. */
    virtual ApiError errorFrom(int status, const QByteArray& body) const = 0;
};

} // namespace sy
