#pragma once

#include "gateway/core/Dialect.h"
#include "gateway/core/UpstreamOrigin.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QVariantMap>

#include <chrono>

namespace sy {

/** The kind of server behind a deployment; decides how its health and models are checked. */
enum class BackendKind
{
    OpenAiCompatible, ///< LM Studio, OpenAI, OpenRouter, anything answering GET /models
    Ollama, ///< GET /api/tags
    LlamaCpp, ///< llama-server: GET /health
    Vllm, ///< GET /health
};

/**
 * One backend serving one model: a `model_list` entry. Several deployments may share a
 * group name (LiteLLM's `model_name`), and the router spreads a group's traffic over them.
 */
struct Deployment
{
    QString id; ///< model_info.id, or a stable hash of group, model and api_base
    QByteArray idBytes; ///< id as UTF-8, for response headers
    /** Alias copies (seed-style `routers`) share the health, cooldowns and counters of the
        deployment they copy: one backend, one state. Empty for ordinary deployments. */
    QString sharesStateWith;
    QString group; ///< model_name: what clients ask for
    QString provider; ///< "openai", "hosted_vllm", "lm_studio", …
    BackendKind backend = BackendKind::OpenAiCompatible;
    QString backendModel; ///< model id sent to the backend (litellm_params.model without the provider)
    QUrl apiBase; ///< e.g. http://127.0.0.1:1234/v1
    QString apiBaseText; ///< apiBase as text without user info or query (no secrets), for metrics and records
    QByteArray apiBaseBytes; ///< apiBaseText as UTF-8, for response headers
    UpstreamOrigin origin; ///< derived from apiBase
    QByteArray basePath; ///< path of apiBase without a trailing slash, e.g. "/v1"
    QString apiKey;
    /** Headers that authenticate to the backend, built once at load: `Authorization: Bearer` for
        OpenAI-compatible servers; `api-key` for Azure; `x-api-key` for Anthropic. Empty: none. */
    QList<QPair<QByteArray, QByteArray>> authHeaders;
    /** Appended to every request path sent to the backend, e.g. Azure's "?api-version=…". */
    QByteArray query;
    /** The wire APIs the backend speaks natively (model_info.dialects, or its provider's). A
        request in one of them passes through; others are translated through OpenAI chat. */
    Dialects dialects = Dialect::OpenAi;
    std::chrono::milliseconds timeout{600'000}; ///< non-streaming requests, whole call
    std::chrono::milliseconds streamTimeout{600'000}; ///< streams: first byte, and longest gap between events
    bool timeoutSet = false; ///< timeout or stream_timeout given: litellm_settings.request_timeout does not apply
    int maxParallelRequests = 0; ///< 0 = unlimited
    int rpm = 0; ///< requests per minute, 0 = unlimited
    qint64 tpm = 0; ///< tokens per minute, 0 = unlimited
    double weight = 1.0; ///< simple-shuffle weight
    int order = 0; ///< priority: lower orders are tried first; 0 = unset (same as 1)
    int maxRetries = -1; ///< litellm_params.max_retries; -1 = the router's num_retries
    double inputCostPerToken = 0; ///< USD
    double outputCostPerToken = 0;
    double cacheReadCostPerToken = 0; ///< prompt tokens read from the provider's cache; 0: at inputCostPerToken
    double cacheCreationCostPerToken = 0; ///< prompt tokens written to it; 0: at inputCostPerToken
    qint64 maxInputTokens = 0; ///< model_info.max_input_tokens, 0 = unknown
    /** Other litellm_params (temperature, max_tokens, …) as JSON, sent when a request lacks them. */
    QList<QPair<QByteArray, QByteArray>> defaultParams;
    QVariantMap modelInfo; ///< model_info as given
    /// `model: provider/<star>`: a template, not a group of its own. A local backend's models are
    /// listed (ModelDiscovery), each becoming a deployment; see also passThrough.
    bool wildcard = false;
    /** A template whose `group` is a pattern ("*", "openai/<star>", …): a request for any name it
        matches, and that no group serves, is sent here with modelFor(name) as the model. Remote
        backends and bare `model: "*"` entries, as LiteLLM routes them (core/ModelPattern.h). */
    bool passThrough = false;
    QString wildcardGroupPrefix; ///< model_name before its '*', e.g. "local/" for "local/*"
    bool discovered = false; ///< made from a wildcard template by model discovery
    bool managed = false; ///< a server Switchyard starts itself (servers: section)
    QString managedServer; ///< that server's name

    int effectiveOrder() const { return order > 0 ? order : 1; }
    /** The key of this deployment's runtime state (DeploymentStates). */
    const QString& stateKey() const { return sharesStateWith.isEmpty() ? id : sharesStateWith; }
    /** A label for logs and metrics: "group@api_base". */
    QString displayName() const { return group + u'@' + apiBaseText; }
    /** Sets apiBase and what derives from it; false (nothing set) unless an http(s) URL with a host. */
    bool setApiBase(const QUrl& url);
    /** Sends @p key as `Authorization: Bearer`, the way OpenAI-compatible servers take it. */
    void setBearerKey(const QString& key);
    bool speaks(Dialect dialect) const { return dialects.testFlag(dialect); }
    /** The model id to send for a request routed to group @p requested: backendModel, or for a
        pass-through template, backendModel with its stars filled from the requested name. */
    QString modelFor(const QString& requested) const;
};

} // namespace sy
