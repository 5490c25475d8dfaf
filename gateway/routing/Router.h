#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/routing/DeploymentStates.h"
#include "gateway/routing/SessionAffinity.h"
#include "gateway/routing/StrategyRegistry.h"
#include "gateway/routing/WaitQueue.h"

#include <QSet>
#include <QString>

#include <functional>
#include <optional>
#include <random>

namespace sy {

class IClock;
struct Deployment;
struct GatewayConfig;

/** What routing needs to know about one attempt of a request. */
struct RouteRequest
{
    QString group; ///< after model_group_alias
    QSet<QString> tried; ///< state keys of deployments this request already tried in this group
    QByteArray session; ///< session affinity key; empty: none
    bool stream = false;
    qint64 estimatedPromptTokens = 0; ///< for enable_pre_call_checks; 0: unknown
};

/** The router's verdict for one attempt. */
struct RouteDecision
{
    enum class Kind
    {
        Dispatch, ///< send it to `deployment`
        Wait, ///< every available deployment is saturated: queue, then ask again
        Reject, ///< answer (or fall back) with `error`
    };
    Kind kind = Kind::Reject;
    const Deployment* deployment = nullptr;
    std::optional<ApiError> error;
    /** Every deployment was down (failing checks or cooling down): this is the one that failed
        least recently, tried because a request never fails without trying. */
    bool lastResort = false;
    /** Wait: how long at most, in ms; 0 means router_settings.queue_timeout. A wait for a managed
        server to start is bounded by its ready_timeout instead. */
    qint64 waitTimeoutMs = 0;
};

/**
 * Chooses the deployment for each attempt of a request:
 *  1. the group's deployments this request has not tried yet (all of them if it tried each);
 *  2. with enable_pre_call_checks, only those whose max_input_tokens fit the prompt;
 *  3. the routable ones (not failing health checks, not cooling down), lowest `order` first,
 *     skipping saturated ones (max_parallel_requests, rpm, tpm); a tier is left for the next
 *     only when none of its deployments is available;
 *  4. the session's deployment when session affinity knows one there, else the group's strategy;
 *  5. all routable ones saturated: wait; none routable: the one that failed least recently.
 */
class Router
{
public:
    explicit Router(const IClock& clock);
    ~Router();
    Q_DISABLE_COPY_MOVE(Router)

    RouteDecision choose(const GatewayConfig& config, const RouteRequest& request);

    void acquire(const Deployment& deployment);
    /** Ends a call; requests waiting for a free deployment get another go. */
    void release(const Deployment& deployment);
    int inFlight(const QString& stateKey) const { return m_states.inFlight(stateKey); }

    DeploymentStates& states() { return m_states; }
    const DeploymentStates& states() const { return m_states; }
    WaitQueue& queue() { return m_queue; }
    StrategyRegistry& strategies() { return m_strategies; }
    void seedRandom(quint64 seed) { m_random.seed(seed); }
    /** Called with a stopped start_on_demand server's name when a request wants one of its models. */
    void setServerWantedHandler(std::function<void(const QString&)> handler) { m_serverWanted = std::move(handler); }

private:
    const Deployment*
    pickIn(const GatewayConfig& config, const RouteRequest& request, const QList<const Deployment*>& tier);
    static const Deployment* leastRecentlyFailed(const QList<const Deployment*>& pool, const DeploymentStates& states);
    static ApiError notFound(const GatewayConfig& config, const QString& group);
    /** Leaves in @p pool the deployments that may take requests now: unmanaged ones, and managed
        ones whose server is ready. Returns the managed ones worth waiting for (starting, or
        startable on demand, which it asks to start). */
    QList<const Deployment*> takeOutServersNotReady(const GatewayConfig& config, QList<const Deployment*>& pool);
    static RouteDecision serversUnavailable(const GatewayConfig& config,
                                            const QString& group,
                                            const QList<const Deployment*>& pending,
                                            const QList<const Deployment*>& down);

    DeploymentStates m_states;
    StrategyRegistry m_strategies;
    SessionAffinity m_affinity;
    WaitQueue m_queue;
    std::mt19937_64 m_random;
    std::function<void(const QString&)> m_serverWanted;
};

} // namespace sy
