#include "gateway/routing/Router.h"

#include "gateway/core/Clock.h"
#include "gateway/core/GatewayConfig.h"

#include <QMap>

using namespace Qt::StringLiterals;

namespace sy {

Router::Router(const IClock& clock)
    : m_states(clock)
    , m_random(std::random_device{}())
{ }

Router::~Router() = default;

ApiError Router::notFound(const GatewayConfig& config, const QString& group)
{
    if (const QString why = config.unsupportedReason(group); !why.isEmpty())
        return ApiError::badRequest(u"The model `%1` cannot be served: %2."_s.arg(group, why),
                                    "provider_not_supported");
    const QStringList names = config.groupNames();
    return ApiError::notFound(u"The model `%1` does not exist. Available models: %2."_s.arg(
                                  group, names.isEmpty() ? u"none configured"_s : names.join(u", "_s)),
                              "model_not_found");
}

namespace {

/** Whether @p d's context window takes the prompt, when the config asks to check (pre-call checks). */
bool fitsContext(const GatewayConfig& config, const RouteRequest& request, const Deployment* d)
{
    return !config.routing.enablePreCallChecks || request.estimatedPromptTokens <= 0 || d->maxInputTokens <= 0
        || d->maxInputTokens >= request.estimatedPromptTokens;
}

} // namespace

RouteDecision Router::choose(const GatewayConfig& config, const RouteRequest& request)
{
    RouteDecision decision;
    const QList<const Deployment*> all = config.deploymentsOf(request.group);
    if (all.isEmpty()) {
        decision.error = notFound(config, request.group);
        return decision;
    }
    if (all.size() == 1) {
        // One deployment, as most local setups have: when it can take the request, the decision
        // below without its pools and tiers. (With one, a retry has nowhere else to go either.)
        const Deployment* only = all.first();
        if (fitsContext(config, request, only) && !only->managed && m_states.isRoutable(only->stateKey())
            && !m_states.isSaturated(*only)) {
            decision.kind = RouteDecision::Kind::Dispatch;
            decision.deployment = pickIn(config, request, all);
            return decision;
        }
    }
    QList<const Deployment*> pool;
    for (const Deployment* d : all) {
        if (!request.tried.contains(d->stateKey()))
            pool.append(d);
    }
    if (pool.isEmpty())
        pool = all; // a retry with nowhere new to go goes back to where it was
    if (config.routing.enablePreCallChecks && request.estimatedPromptTokens > 0) {
        pool.removeIf([&](const Deployment* d) { return !fitsContext(config, request, d); });
        if (pool.isEmpty()) {
            decision.error = ApiError::badRequest(
                u"The prompt (about %1 tokens) is longer than the context window of every deployment of `%2`."_s
                    .arg(request.estimatedPromptTokens)
                    .arg(request.group),
                "context_length_exceeded");
            return decision;
        }
    }

    const QList<const Deployment*> candidates = pool;
    const QList<const Deployment*> pending = takeOutServersNotReady(config, pool);

    // Routable deployments by priority tier (`order`, lowest first).
    QMap<int, QList<const Deployment*>> tiers;
    for (const Deployment* d : std::as_const(pool)) {
        if (m_states.isRoutable(d->stateKey()))
            tiers[d->effectiveOrder()].append(d);
    }
    if (tiers.isEmpty() && (!pending.isEmpty() || pool.isEmpty())) {
        QList<const Deployment*> down = candidates;
        down.removeIf([&](const Deployment* d) { return pending.contains(d) || pool.contains(d); });
        return serversUnavailable(config, request.group, pending, down);
    }
    if (tiers.isEmpty()) {
        decision.kind = RouteDecision::Kind::Dispatch;
        decision.deployment = leastRecentlyFailed(pool, m_states);
        decision.lastResort = true;
        return decision;
    }
    for (auto it = tiers.cbegin(); it != tiers.cend(); ++it) {
        QList<const Deployment*> available;
        for (const Deployment* d : it.value()) {
            if (!m_states.isSaturated(*d))
                available.append(d);
        }
        if (available.isEmpty())
            continue;
        decision.kind = RouteDecision::Kind::Dispatch;
        decision.deployment = pickIn(config, request, available);
        return decision;
    }
    decision.kind = RouteDecision::Kind::Wait;
    decision.error = ApiError::tooManyRequests(
        u"Every deployment of model `%1` is at its limit (max_parallel_requests, rpm or tpm); retry shortly."_s.arg(
            request.group),
        1,
        "deployments_saturated");
    return decision;
}

QList<const Deployment*> Router::takeOutServersNotReady(const GatewayConfig& config, QList<const Deployment*>& pool)
{
    QList<const Deployment*> pending;
    pool.removeIf([&](const Deployment* d) {
        if (!d->managed)
            return false;
        const ServerState state = m_states.serverState(d->managedServer);
        if (state == ServerState::Ready)
            return false;
        const ServerSpec* spec = config.server(d->managedServer);
        if (state == ServerState::Starting || state == ServerState::Backoff) {
            pending.append(d);
        } else if (state == ServerState::Stopped && spec && spec->startOnDemand) {
            pending.append(d);
            if (m_serverWanted)
                m_serverWanted(d->managedServer);
        }
        return true;
    });
    return pending;
}

RouteDecision Router::serversUnavailable(const GatewayConfig& config,
                                         const QString& group,
                                         const QList<const Deployment*>& pending,
                                         const QList<const Deployment*>& down)
{
    RouteDecision decision;
    QStringList names;
    for (const Deployment* d : pending.isEmpty() ? down : pending) {
        if (!names.contains(d->managedServer))
            names.append(d->managedServer);
    }
    const QString servers = names.join(u", "_s);
    if (!pending.isEmpty()) {
        // The model is loading: wait for it, as long as its server may take to become ready.
        qint64 timeoutMs = 0;
        for (const QString& name : std::as_const(names)) {
            if (const ServerSpec* spec = config.server(name))
                timeoutMs = std::max<qint64>(timeoutMs, spec->readyTimeout.count());
        }
        decision.kind = RouteDecision::Kind::Wait;
        decision.waitTimeoutMs = timeoutMs;
        decision.error = ApiError::serviceUnavailable(
            u"Model `%1` is not ready: its server (%2) is still starting. Retry shortly."_s.arg(group, servers),
            "server_starting",
            5);
        return decision;
    }
    decision.error = ApiError::serviceUnavailable(
        u"Model `%1` is served by %2, which is not running. Start it from the menu, the dashboard or "
        "POST /servers/<name>/start."_s.arg(group, servers),
        "server_not_running");
    return decision;
}

const Deployment*
Router::pickIn(const GatewayConfig& config, const RouteRequest& request, const QList<const Deployment*>& tier)
{
    const bool affinity = config.routing.sessionAffinity && !request.session.isEmpty();
    const qint64 now = m_states.nowMs();
    if (affinity) {
        const QString id = m_affinity.lookup(request.group, request.session, now);
        for (const Deployment* d : tier) {
            if (!id.isEmpty() && d->stateKey() == id) {
                m_affinity.remember(request.group, request.session, id, now);
                return d;
            }
        }
    }
    const RoutingInput input{request.group, tier, m_states, request.stream, m_random};
    const Deployment* chosen = m_strategies.get(config.routing.strategyFor(request.group)).pick(input);
    if (affinity)
        m_affinity.remember(request.group, request.session, chosen->stateKey(), now);
    return chosen;
}

const Deployment* Router::leastRecentlyFailed(const QList<const Deployment*>& pool, const DeploymentStates& states)
{
    const Deployment* best = pool.first();
    qint64 bestFailure = std::numeric_limits<qint64>::max();
    for (const Deployment* d : pool) {
        const DeploymentState* s = states.find(d->stateKey());
        const qint64 failure = s ? s->lastFailureMs : 0;
        if (failure < bestFailure) {
            best = d;
            bestFailure = failure;
        }
    }
    return best;
}

void Router::acquire(const Deployment& deployment)
{
    m_states.acquire(deployment);
}

void Router::release(const Deployment& deployment)
{
    m_states.release(deployment);
    m_queue.wake();
}

} // namespace sy
