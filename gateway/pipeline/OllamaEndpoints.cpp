#include "gateway/pipeline/OllamaEndpoints.h"

#include "gateway/core/JsonBody.h"
#include "gateway/dialects/DialectAdapter.h"
#include "gateway/dialects/DialectRegistry.h"
#include "gateway/dialects/ollama/OllamaCatalog.h"
#include "gateway/discovery/LoadedModels.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/keys/KeyCache.h"
#include "gateway/pipeline/RequestContext.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

HttpHeaders jsonHeaders()
{
    HttpHeaders headers;
    headers.add("content-type", "application/json; charset=utf-8");
    return headers;
}

// A virtual key sees the models it may call (issue #5).
OllamaCatalog::Filter filterFor(const RequestContext& ctx)
{
    if (const std::shared_ptr<KeyEntry> key = ctx.principal.key)
        return [key](const QString& group) { return key->key.allowsModel(group); };
    return {};
}

} // namespace

OllamaEndpoints::OllamaEndpoints(Authorize authorize)
    : m_authorize(std::move(authorize))
{ }

void OllamaEndpoints::answer(RequestContext& ctx, ResponseChannel& channel)
{
    const GatewayConfig& config = *ctx.config;
    switch (ctx.endpoint) {
    case Endpoint::OllamaRoot: {
        HttpHeaders text;
        text.add("content-type", "text/plain; charset=utf-8");
        // HEAD gets the head only: a body would be read as the next response on this connection.
        channel.send(200, text, ctx.http.method == "HEAD" ? QByteArray() : QByteArrayLiteral("Ollama is running"));
        return;
    }
    case Endpoint::OllamaVersion:
        channel.send(200, jsonHeaders(), OllamaCatalog::version());
        return;
    case Endpoint::OllamaTags:
        if (m_authorize(ctx, channel)) {
            const QList<LoadedModel> loaded = m_loaded ? m_loaded->current() : QList<LoadedModel>();
            channel.send(200, jsonHeaders(), OllamaCatalog::tags(config, loaded, m_started, filterFor(ctx)));
        }
        return;
    case Endpoint::OllamaPs:
        if (m_authorize(ctx, channel)) {
            const QList<LoadedModel> loaded = m_loaded ? m_loaded->current() : QList<LoadedModel>();
            channel.send(200, jsonHeaders(), OllamaCatalog::ps(loaded, filterFor(ctx)));
        }
        return;
    case Endpoint::OllamaShow:
        if (m_authorize(ctx, channel))
            show(ctx, channel);
        return;
    default:
        unsupported(ctx, channel);
        return;
    }
}

void OllamaEndpoints::show(RequestContext& ctx, ResponseChannel& channel)
{
    const GatewayConfig& config = *ctx.config;
    const std::optional<JsonBody> body = JsonBody::parse(ctx.http.body, nullptr);
    // Ollama's clients say `model`; older ones `name`.
    const QString asked = body ? body->string("model").value_or(body->string("name").value_or(QString())) : QString();
    if (asked.isEmpty()) {
        channel.sendError(ApiError::badRequest(u"model is required"_s, "missing_model", "model"));
        return;
    }
    const auto isGroup = [&config](const QString& name) {
        return config.routing.modelGroupAlias.contains(name) || !config.deploymentsOf(name).isEmpty();
    };
    const QString name = DialectRegistry::adapter(Dialect::Ollama).modelGroupFor(asked, isGroup);
    const QString group = config.routing.modelGroupAlias.value(name, name);
    const OllamaCatalog::Filter allowed = filterFor(ctx);
    if (config.deploymentsOf(group).isEmpty() || (allowed && !allowed(name) && !allowed(group))) {
        channel.sendError(ApiError::notFound(u"model '%1' not found"_s.arg(asked), "model_not_found"));
        return;
    }
    const QList<LoadedModel> loaded = m_loaded ? m_loaded->current() : QList<LoadedModel>();
    channel.send(200, jsonHeaders(), OllamaCatalog::show(config, group, loaded, m_started));
}

void OllamaEndpoints::unsupported(RequestContext& ctx, ResponseChannel& channel)
{
    if (ctx.endpoint == Endpoint::MethodNotAllowed) {
        channel.sendError({405,
                           u"method %1 not allowed on %2"_s.arg(QString::fromLatin1(ctx.http.method),
                                                                QString::fromUtf8(ctx.http.path)),
                           "invalid_request_error",
                           "method_not_allowed",
                           {},
                           std::nullopt});
        return;
    }
    channel.sendError(ApiError::notFound(
        u"Switchyard does not support %1 %2: it serves the models of its backends and cannot pull, push, create, "
        u"copy or delete them. Its Ollama API: /api/chat, /api/generate, /api/embed, /api/embeddings, /api/tags, "
        u"/api/show, /api/ps, /api/version."_s.arg(QString::fromLatin1(ctx.http.method),
                                                   QString::fromUtf8(ctx.http.path)),
        "not_found"));
}

} // namespace sy
