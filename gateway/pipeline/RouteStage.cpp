#include "gateway/pipeline/RouteStage.h"

#include "gateway/core/ApiError.h"
#include "gateway/pipeline/RequestContext.h"
#include "gateway/routing/FailoverPolicy.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr qsizetype kMaxSessionKey = 200;

// The opening of a conversation, which every later turn repeats: the system prompt and the
// first user message. Two chats that start alike share it, which is what prompt caches key on.
QByteArray conversationPrefix(const JsonBody& body)
{
    const QByteArrayView raw = body.raw("messages");
    if (raw.isEmpty())
        return {};
    const QJsonArray messages = QJsonDocument::fromJson(raw.toByteArray()).array();
    QJsonArray prefix;
    for (const QJsonValue& m : messages) {
        prefix.append(m);
        if (m.toObject().value(u"role"_s).toString() == u"user")
            break;
    }
    if (prefix.isEmpty())
        return {};
    return "prefix:"
        + QCryptographicHash::hash(QJsonDocument(prefix).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)
              .toHex()
              .left(32);
}

} // namespace

RouteStage::RouteStage(Router& router)
    : m_router(router)
{ }

QByteArray RouteStage::sessionKeyOf(const RequestContext& ctx)
{
    const QByteArray header = ctx.http.headers.value("x-session-id").trimmed();
    if (!header.isEmpty())
        return "session:" + header.left(kMaxSessionKey);
    if (!ctx.body)
        return {};
    if (!ctx.user.isEmpty())
        return "user:" + ctx.user.toUtf8().left(kMaxSessionKey);
    return conversationPrefix(*ctx.body);
}

RouteRequest RouteStage::requestFor(RequestContext& ctx) const
{
    const GatewayConfig& config = *ctx.config;
    if (ctx.routedGroup.isEmpty()) // first attempt: router_settings.model_group_alias may redirect
        ctx.routedGroup = config.routing.modelGroupAlias.value(ctx.model, ctx.model);
    if (config.routing.sessionAffinity && !ctx.sessionKey)
        ctx.sessionKey = sessionKeyOf(ctx);
    RouteRequest request;
    request.group = ctx.routedGroup;
    request.tried = ctx.triedDeployments;
    request.session = ctx.sessionKey.value_or(QByteArray());
    request.stream = ctx.stream;
    if (config.routing.enablePreCallChecks)
        request.estimatedPromptTokens = ctx.http.body.size() / 4; // ~4 bytes a token; JSON makes it an over-estimate
    return request;
}

RouteDecision RouteStage::route(RequestContext& ctx)
{
    RouteDecision decision = m_router.choose(*ctx.config, requestFor(ctx));
    if (decision.kind != RouteDecision::Kind::Dispatch)
        return decision;
    ctx.deployment = decision.deployment;
    ctx.triedDeployments.insert(decision.deployment->stateKey());
    m_router.acquire(*decision.deployment);
    return decision;
}

void RouteStage::release(RequestContext& ctx)
{
    if (ctx.deployment)
        m_router.release(*ctx.deployment);
}

void RouteStage::reportSuccess(const RequestContext& ctx)
{
    const qint64 latency = ctx.upstreamEndMs >= 0 ? ctx.upstreamEndMs - ctx.attemptStartMs : -1;
    const qint64 ttft = ctx.firstTokenMs >= 0 ? ctx.firstTokenMs - ctx.attemptStartMs : -1;
    const qint64 tokens = ctx.usage ? ctx.usage->totalTokens() : 0;
    m_router.states().recordSuccess(*ctx.deployment, latency, ttft, tokens);
}

bool RouteStage::reportFailure(const RequestContext& ctx, const ApiError& error)
{
    const std::optional<FailureKind> kind = FailoverPolicy::classify(error);
    if (!kind)
        return false;
    const RoutingSettings& routing = ctx.config->routing;
    const DeploymentStates::CooldownPolicy policy{routing.allowedFails, qint64(routing.cooldownTime.count())};
    const qint64 retryAfterMs = error.retryAfterSeconds ? qint64(*error.retryAfterSeconds) * 1000 : 0;
    m_router.states().recordFailure(*ctx.deployment, *kind, retryAfterMs, policy);
    return true;
}

bool RouteStage::hasUntriedDeployment(const RequestContext& ctx) const
{
    for (const Deployment* d : ctx.config->deploymentsOf(ctx.routedGroup)) {
        if (!ctx.triedDeployments.contains(d->stateKey()) && m_router.states().isRoutable(d->stateKey()))
            return true;
    }
    return false;
}

qint64 RouteStage::cooldownLeftMs(const RequestContext& ctx) const
{
    const DeploymentState* s = ctx.deployment ? m_router.states().find(ctx.deployment->stateKey()) : nullptr;
    return s ? qMax<qint64>(0, s->cooldownUntilMs - m_router.states().nowMs()) : 0;
}

} // namespace sy
