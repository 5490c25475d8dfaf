#include "gateway/dialects/Endpoint.h"

namespace sy {

namespace {

struct Route
{
    QByteArrayView path;
    QByteArrayView method;
    Endpoint endpoint;
};

// Paths after an optional /v1 (LiteLLM accepts both).
constexpr Route kRoutes[] = {
    {"/chat/completions", "POST", Endpoint::ChatCompletions},
    {"/completions", "POST", Endpoint::Completions},
    {"/embeddings", "POST", Endpoint::Embeddings},
    {"/messages", "POST", Endpoint::Messages},
    {"/messages/count_tokens", "POST", Endpoint::MessagesCountTokens},
    {"/responses", "POST", Endpoint::Responses},
    {"/models", "GET", Endpoint::Models},
    {"/health/liveliness", "GET", Endpoint::HealthLiveness},
    {"/health/liveness", "GET", Endpoint::HealthLiveness},
    {"/health/readiness", "GET", Endpoint::HealthReadiness},
    {"/health", "GET", Endpoint::Health},
    {"/metrics", "GET", Endpoint::Metrics},
};

// Ollama's API lives under /api, never under /v1.
constexpr Route kOllamaRoutes[] = {
    {"/api/chat", "POST", Endpoint::OllamaChat},
    {"/api/generate", "POST", Endpoint::OllamaGenerate},
    {"/api/embed", "POST", Endpoint::OllamaEmbed},
    {"/api/embeddings", "POST", Endpoint::OllamaEmbeddings},
    {"/api/version", "GET", Endpoint::OllamaVersion},
    {"/api/tags", "GET", Endpoint::OllamaTags},
    {"/api/show", "POST", Endpoint::OllamaShow},
    {"/api/ps", "GET", Endpoint::OllamaPs},
    {"/", "GET", Endpoint::OllamaRoot},
};

bool isOllamaPath(QByteArrayView path)
{
    return path == "/" || path == "/api" || path.startsWith("/api/");
}

Endpoint match(const Route* begin, const Route* end, QByteArrayView method, QByteArrayView path, bool* found)
{
    for (const Route* route = begin; route != end; ++route) {
        if (path != route->path)
            continue;
        *found = true;
        const bool headForGet = method == "HEAD" && route->method == "GET";
        return method == route->method || headForGet ? route->endpoint : Endpoint::MethodNotAllowed;
    }
    return Endpoint::NotFound;
}

} // namespace

Endpoint classifyEndpoint(QByteArrayView method, QByteArrayView path)
{
    if (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    bool found = false;
    const Endpoint ollama = match(std::begin(kOllamaRoutes), std::end(kOllamaRoutes), method, path, &found);
    if (found)
        return ollama;
    if (isOllamaPath(path))
        return Endpoint::OllamaUnsupported; // pull, push, create, copy, delete, blobs, …
    if (path.startsWith("/v1/"))
        path = path.sliced(3);
    return match(std::begin(kRoutes), std::end(kRoutes), method, path, &found);
}

bool isProxied(Endpoint endpoint)
{
    return operationOf(endpoint) != Operation::None;
}

Dialect dialectOf(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::Messages:
    case Endpoint::MessagesCountTokens:
        return Dialect::Anthropic;
    case Endpoint::Responses:
        return Dialect::Responses;
    case Endpoint::OllamaChat:
    case Endpoint::OllamaGenerate:
    case Endpoint::OllamaEmbed:
    case Endpoint::OllamaEmbeddings:
    case Endpoint::OllamaRoot:
    case Endpoint::OllamaVersion:
    case Endpoint::OllamaTags:
    case Endpoint::OllamaShow:
    case Endpoint::OllamaPs:
    case Endpoint::OllamaUnsupported:
        return Dialect::Ollama;
    default:
        return Dialect::OpenAi;
    }
}

Dialect clientDialectOf(Endpoint endpoint, QByteArrayView path)
{
    if (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    return isOllamaPath(path) ? Dialect::Ollama : dialectOf(endpoint);
}

Operation operationOf(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::ChatCompletions:
    case Endpoint::Messages:
    case Endpoint::Responses:
    case Endpoint::OllamaChat:
    case Endpoint::OllamaGenerate:
        return Operation::Chat;
    case Endpoint::Completions:
        return Operation::Completion;
    case Endpoint::Embeddings:
    case Endpoint::OllamaEmbed:
    case Endpoint::OllamaEmbeddings:
        return Operation::Embedding;
    case Endpoint::MessagesCountTokens:
        return Operation::CountTokens;
    default:
        return Operation::None;
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
    case Endpoint::Messages:
        return "messages";
    case Endpoint::MessagesCountTokens:
        return "messages/count_tokens";
    case Endpoint::Responses:
        return "responses";
    case Endpoint::OllamaChat:
        return "api/chat";
    case Endpoint::OllamaGenerate:
        return "api/generate";
    case Endpoint::OllamaEmbed:
        return "api/embed";
    case Endpoint::OllamaEmbeddings:
        return "api/embeddings";
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
    case Endpoint::OllamaRoot:
        return "ollama_root";
    case Endpoint::OllamaVersion:
        return "api/version";
    case Endpoint::OllamaTags:
        return "api/tags";
    case Endpoint::OllamaShow:
        return "api/show";
    case Endpoint::OllamaPs:
        return "api/ps";
    case Endpoint::OllamaUnsupported:
        return "api/unsupported";
    case Endpoint::NotFound:
        return "not_found";
    case Endpoint::MethodNotAllowed:
        return "method_not_allowed";
    }
    return {};
}

} // namespace sy
