#include "gateway/pipeline/RequestPipeline.h"

#include "gateway/core/Clock.h"
#include "gateway/dialects/DialectAdapter.h"
#include "gateway/dialects/DialectRegistry.h"
#include "gateway/guardrails/GuardrailSet.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/keys/KeyCache.h"
#include "gateway/keys/KeyManager.h"
#include "gateway/metrics/GatewayMetrics.h"
#include "gateway/pipeline/AdminHandler.h"
#include "gateway/pipeline/InfoEndpoints.h"

using namespace Qt::StringLiterals;

namespace sy {

RequestPipeline::RequestPipeline(IUpstreamClient& upstream,
                                 Router& router,
                                 GatewayMetrics& metrics,
                                 IRequestRecordSink* sink,
                                 ModelDiscovery* discovery,
                                 QObject* parent)
    : QObject(parent)
    , m_config(std::make_shared<GatewayConfig>())
    , m_upstream(upstream)
    , m_metrics(metrics)
    , m_cache(SystemClock::instance())
    , m_cacheGuardrailMetrics(metrics.registry())
    , m_router(router)
    , m_route(router)
    , m_forward(upstream)
    , m_account(metrics, sink)
    , m_stages{m_parse, m_auth, m_conversation, m_limit, m_route, m_forward, m_account, metrics, discovery}
    , m_ollama([this](RequestContext& ctx, ResponseChannel& channel) { return authorizeInfo(ctx, channel); })
    , m_reaper(this)
{
    m_account.setCacheGuardrailMetrics(&m_cacheGuardrailMetrics);
    m_reaper.setSingleShot(true);
    m_reaper.setInterval(0);
    connect(&m_reaper, &QTimer::timeout, this, &RequestPipeline::flushFinished);
}

RequestPipeline::~RequestPipeline()
{
    // Delete exchanges while the stages they use still exist.
    m_finished.clear();
    m_exchanges.clear();
}

void RequestPipeline::flushFinished()
{
    for (const auto& exchange : std::exchange(m_finished, {}))
        exchange->account();
}

void RequestPipeline::onExchangeDone(Exchange* exchange)
{
    auto it = m_exchanges.find(exchange);
    if (it == m_exchanges.end())
        return;
    m_finished.push_back(std::move(it->second));
    m_exchanges.erase(it);
    if (!m_reaper.isActive())
        m_reaper.start();
    if (m_exchanges.empty())
        emit idle();
}

void RequestPipeline::setKeys(KeyManager* keys)
{
    m_auth.setKeys(keys ? &keys->cache() : nullptr, keys ? &keys->clock() : nullptr);
    m_limit.setKeys(keys);
    m_account.setKeys(keys);
    m_conversation.setKeys(keys);
}

void RequestPipeline::setLoadedModels(LoadedModels* loaded)
{
    m_ollama.setLoadedModels(loaded);
}

void RequestPipeline::setConfig(std::shared_ptr<const GatewayConfig> config)
{
    m_config = std::move(config);
    // Issue #16: requests in flight keep the guardrails they started with.
    m_cache.configure(m_config->cache);
    m_stages.hooks.cache = &m_cache;
    m_stages.hooks.guardrails = m_config->guardrails.guardrails.isEmpty()
        ? nullptr
        : std::make_shared<const GuardrailSet>(m_config->guardrails, &m_upstream);
    // Metric series are labelled with these names only (issue #15), never with a client's.
    QStringList names = m_config->groupNames() + m_config->routing.modelGroupAlias.keys();
    for (const AliasGroup& alias : m_config->aliasGroups)
        names.append(alias.name);
    m_metrics.setGroups(names);
}

void RequestPipeline::handleRequest(HttpRequest request, std::unique_ptr<ResponseChannel> channel)
{
    RequestContext ctx;
    ctx.clock.start();
    ctx.receivedAt = QDateTime::currentDateTimeUtc();
    ctx.id = m_nextId++;
    ctx.config = m_config;
    ctx.endpoint = classifyEndpoint(request.method, request.path);
    ctx.dialect = clientDialectOf(ctx.endpoint, request.path);
    ctx.operation = operationOf(ctx.endpoint);
    ctx.http = std::move(request);
    if (ctx.dialect != Dialect::OpenAi) {
        // Every error from here on, whichever stage finds it, in the client's dialect.
        const DialectAdapter* adapter = &DialectRegistry::adapter(ctx.dialect);
        channel->setErrorRenderer([adapter](const ApiError& error) {
            const ErrorReply reply = adapter->renderError(error);
            return qMakePair(reply.status, reply.body);
        });
    }
    // Host, Origin and Content-Type first: what a browser could be made to send goes no further.
    if (const std::optional<ApiError> refusal = m_guard.check(ctx.http, *ctx.config)) {
        refuse(ctx, *channel, *refusal);
        return;
    }
    if (applyCors(ctx, *channel))
        return; // a preflight, answered

    if (!isProxied(ctx.endpoint)) {
        if (ctx.endpoint == Endpoint::NotFound && dispatchAdmin(ctx, channel))
            return;
        if (ctx.dialect == Dialect::Ollama)
            m_ollama.answer(ctx, *channel);
        else
            answerInfo(ctx, *channel);
        return;
    }
    auto exchange = std::make_unique<Exchange>(
        m_stages, std::move(ctx), std::move(channel), [this](Exchange* e) { onExchangeDone(e); });
    Exchange* raw = exchange.get();
    m_exchanges.emplace(raw, std::move(exchange));
    raw->start();
}

bool RequestPipeline::applyCors(const RequestContext& ctx, ResponseChannel& channel)
{
    const QByteArray origin = ctx.http.headers.value("origin");
    const QByteArray allowed = origin.isEmpty() ? QByteArray() : ctx.config->cors.allowOriginFor(origin);
    if (!allowed.isEmpty()) {
        channel.addHeader("access-control-allow-origin", allowed);
        channel.addHeader("vary", "Origin");
    }
    if (ctx.http.method != "OPTIONS")
        return false;
    // A browser's preflight: say what it may send. Without CORS configured, no allow headers go
    // out and the browser refuses the real request, as it should.
    HttpHeaders headers;
    if (!allowed.isEmpty()) {
        headers.add("access-control-allow-methods", "GET, POST, OPTIONS");
        headers.add("access-control-allow-headers",
                    "Authorization, Content-Type, x-api-key, OpenAI-Organization, "
                    "OpenAI-Beta, x-stainless-os, x-stainless-lang");
        headers.add("access-control-max-age", "600");
    }
    headers.add("allow", "GET, POST, OPTIONS");
    channel.send(204, headers, {});
    return true;
}

void RequestPipeline::refuse(const RequestContext& ctx, ResponseChannel& channel, const ApiError& error)
{
    m_metrics.requestRejected(error.status);
    // An allowed browser app still gets to read why.
    const QByteArray origin = ctx.http.headers.value("origin");
    if (const QByteArray allowed = origin.isEmpty() ? QByteArray() : ctx.config->cors.allowOriginFor(origin);
        !allowed.isEmpty()) {
        channel.addHeader("access-control-allow-origin", allowed);
        channel.addHeader("vary", "Origin");
    }
    channel.sendError(error);
}

bool RequestPipeline::dispatchAdmin(RequestContext& ctx, std::unique_ptr<ResponseChannel>& channel)
{
    const QByteArrayView path = ctx.http.path;
    for (IAdminHandler* handler : m_adminHandlers) {
        if (!handler->handles(path))
            continue;
        if (handler->isPublic(path)) {
            handler->handle(ctx, std::move(channel));
            return true;
        }
        if (!authorizeInfo(ctx, *channel))
            return true;
        if (ctx.principal.kind == Principal::Kind::Anonymous) {
            // Issue #15: no anonymous admin, ever; a page in the user's browser could be the caller.
            channel->sendError({403,
                                u"The admin API (/key, /spend, /servers) needs the master key, and none is set. Set "
                                u"general_settings.master_key in the config and send it as 'Authorization: Bearer "
                                u"<key>'. The menu-bar app manages keys and servers without one."_s,
                                "permission_error",
                                "master_key_required",
                                {},
                                std::nullopt});
            return true;
        }
        handler->handle(ctx, std::move(channel));
        return true;
    }
    return false;
}

bool RequestPipeline::authorizeInfo(RequestContext& ctx, ResponseChannel& channel)
{
    const StageResult auth = m_auth.process(ctx);
    if (!auth.isNext()) {
        m_metrics.requestRejected(auth.error().status);
        channel.sendError(auth.error());
    }
    return auth.isNext();
}

void RequestPipeline::updateDeploymentHealth(const GatewayConfig& config)
{
    QList<QPair<const Deployment*, BackendHealth>> health;
    for (const Deployment& d : config.deployments) {
        if (!d.wildcard)
            health.append({&d, m_router.states().health(d.stateKey())});
    }
    m_metrics.setDeploymentHealth(health);
}

void RequestPipeline::answerInfo(RequestContext& ctx, ResponseChannel& channel)
{
    HttpHeaders json;
    json.add("content-type", "application/json");
    const int connections = m_connections ? m_connections() : 0;
    switch (ctx.endpoint) {
    case Endpoint::Models:
        if (authorizeInfo(ctx, channel)) {
            // A virtual key sees the models it may call (issue #5).
            std::function<bool(const QString&)> allowed;
            if (const std::shared_ptr<KeyEntry> key = ctx.principal.key)
                allowed = [key](const QString& group) { return key->key.allowsModel(group); };
            channel.send(200, json, InfoEndpoints::modelList(*ctx.config, m_startedSecs, allowed));
        }
        return;
    case Endpoint::HealthLiveness:
        channel.send(200, json, InfoEndpoints::liveliness());
        return;
    case Endpoint::HealthReadiness:
    case Endpoint::Health:
        channel.send(200, json, InfoEndpoints::readiness(*ctx.config, connections));
        return;
    case Endpoint::Metrics: {
        if (ctx.config->metricsNeedKey() && !authorizeInfo(ctx, channel))
            return;
        m_metrics.setConnections(connections);
        m_cacheGuardrailMetrics.setStoreBytes(m_cache.localBytes());
        updateDeploymentHealth(*ctx.config);
        HttpHeaders text;
        text.add("content-type", "text/plain; version=0.0.4; charset=utf-8");
        channel.send(200, text, m_metrics.exposition());
        return;
    }
    case Endpoint::MethodNotAllowed:
        // Which paths exist is for callers with a key to learn (issue #15).
        if (!authorizeInfo(ctx, channel))
            return;
        channel.sendError({405,
                           u"Method %1 is not allowed on %2."_s.arg(QString::fromLatin1(ctx.http.method),
                                                                    QString::fromUtf8(ctx.http.path)),
                           "invalid_request_error",
                           "method_not_allowed",
                           {},
                           std::nullopt});
        return;
    default: {
        if (!authorizeInfo(ctx, channel))
            return;
        const QString path = QString::fromUtf8(ctx.http.path);
        const QString method = QString::fromLatin1(ctx.http.method);
        // A path of an API the gateway serves, but an endpoint it does not: say so plainly.
        const bool apiPath = path.startsWith(u"/v1/") || path.startsWith(u"/api/");
        channel.sendError(ApiError::notFound(
            apiPath ? u"Switchyard does not support %1 %2. Supported: OpenAI's /v1/chat/completions, /v1/completions, "
                      u"/v1/embeddings, /v1/responses, /v1/models; Anthropic's /v1/messages; Ollama's /api/chat, "
                      u"/api/generate, /api/embed, /api/tags."_s.arg(method, path)
                    : u"Unknown path %1. The API is served under /v1 (e.g. /v1/chat/completions)."_s.arg(path),
            "not_found"));
        return;
    }
    }
}

} // namespace sy
