#include "gateway/pipeline/Endpoint.h"

namespace sy {

namespace {

struct Route
{
    QByteArrayView path;
    QByteArrayView method;
    Endpoint endpoint;
};

constexpr Route kRoutes[] = {
    {"/chat/completions", "POST", Endpoint::ChatCompletions},
    {"/completions", "POST", Endpoint::Completions},
    {"/embeddings", "POST", Endpoint::Embeddings},
    {"/models", "GET", Endpoint::Models},
    {"/health/liveliness", "GET", Endpoint::HealthLiveness},
    {"/health/liveness", "GET", Endpoint::HealthLiveness},
    {"/health/readiness", "GET", Endpoint::HealthReadiness},
    {"/health", "GET", Endpoint::Health},
    {"/metrics", "GET", Endpoint::Metrics},
};

} // namespace

Endpoint classifyEndpoint(QByteArrayView method, QByteArrayView path)
{
    if (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    // The API lives under /v1; the health and metrics paths do not, but LiteLLM accepts both ways.
    if (path.startsWith("/v1/"))
        path = path.sliced(3);
    for (const Route& route : kRoutes) {
        if (path != route.path)
            continue;
        const bool headForGet = method == "HEAD" && route.method == "GET";
        return method == route.method || headForGet ? route.endpoint : Endpoint::MethodNotAllowed;
    }
    return Endpoint::NotFound;
}

bool isProxied(Endpoint endpoint)
{
    return endpoint == Endpoint::ChatCompletions || endpoint == Endpoint::Completions
        || endpoint == Endpoint::Embeddings;
}

QByteArray upstreamPath(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::ChatCompletions:
        return "/chat/completions";
    case Endpoint::Completions:
        return "/completions";
    case Endpoint::Embeddings:
        return "/embeddings";
    default:
        return {};
    }
}

QByteArray endpointName(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::ChatCompletions:
        return "chat/completions";
    case Endpoint::Completions:
        return "completions";
    case Endpoint::Embeddings:
        return "embeddings";
    case Endpoint::Models:
        return "models";
    case Endpoint::HealthLiveness:
        return "health/liveliness";
    case Endpoint::HealthReadiness:
        return "health/readiness";
    case Endpoint::Health:
        return "health";
    case Endpoint::Metrics:
        return "metrics";
    case Endpoint::NotFound:
        return "not_found";
    case Endpoint::MethodNotAllowed:
        return "method_not_allowed";
    }
    return {};
}

} // namespace sy
