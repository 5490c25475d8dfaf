#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace sy {

/** What a request asks for, from its method and path. */
enum class Endpoint
{
    ChatCompletions,
    Completions,
    Embeddings,
    Models,
    HealthLiveness,
    HealthReadiness,
    Health,
    Metrics,
    NotFound,
    MethodNotAllowed,
};

/** Classifies @p path (with or without the /v1 prefix, as LiteLLM accepts both). */
Endpoint classifyEndpoint(QByteArrayView method, QByteArrayView path);

/** True for the endpoints forwarded to a backend. */
bool isProxied(Endpoint endpoint);

/** The path after api_base for a proxied endpoint, e.g. "/chat/completions". */
QByteArray upstreamPath(Endpoint endpoint);

/** A short name for logs and records, e.g. "chat/completions". */
QByteArray endpointName(Endpoint endpoint);

} // namespace sy
