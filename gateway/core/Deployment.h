#pragma once

#include "gateway/upstream/UpstreamRequest.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <chrono>

namespace sy {

/**
 * One backend serving one model: a `model_list` entry. Several deployments may share a
 * group name (LiteLLM's `model_name`), and the router spreads a group's traffic over them.
 */
struct Deployment
{
    QString id; ///< model_info.id, or a stable hash of group, model and api_base
    QByteArray idBytes; ///< id as UTF-8, for response headers
    QString group; ///< model_name: what clients ask for
    QString provider; ///< "openai", "hosted_vllm", "lm_studio", …
    QString backendModel; ///< model id sent to the backend (litellm_params.model without the provider)
    QUrl apiBase; ///< e.g. http://127.0.0.1:1234/v1
    QString apiBaseText; ///< apiBase as text, kept because requests label metrics and records with it
    UpstreamOrigin origin; ///< derived from apiBase
    QByteArray basePath; ///< path of apiBase without a trailing slash, e.g. "/v1"
    QString apiKey;
    QByteArray authorizationHeader; ///< "Bearer <apiKey>", built once at load
    std::chrono::milliseconds timeout{600'000}; ///< non-streaming requests, whole call
    std::chrono::milliseconds streamTimeout{600'000}; ///< streams: first byte, and longest gap between events
    int maxParallelRequests = 0; ///< 0 = unlimited

    /** A label for logs and metrics: "group@api_base". */
    QString displayName() const { return group + u'@' + apiBase.toString(); }
};

} // namespace sy
