#pragma once

#include "gateway/core/GatewaySnapshot.h"
#include "gateway/core/ServerStatus.h"
#include "gateway/routing/MinuteWindow.h"

#include <QHash>
#include <QString>

#include <deque>

namespace sy {

class IClock;
struct Deployment;

/** Why a call to a deployment failed, as far as routing cares. */
enum class FailureKind
{
    ConnectFailed, ///< refused, unreachable, TLS: the server is not there
    Timeout,
    ServerError, ///< 5xx, or an invalid or empty response
    RateLimited, ///< 429
};

/** What the router knows about one deployment right now. Keyed by id, so it survives reloads. */
struct DeploymentState
{
    int inFlight = 0;
    BackendHealth checked = BackendHealth::Unknown; ///< from active health checks
    qint64 cooldownUntilMs = 0; ///< monotonic; 0 = not cooling down
    bool cooldownFromRateLimit = false; ///< a 429's Retry-After: a passing health check does not lift it
    std::deque<qint64> recentFailuresMs; ///< within the last minute, for allowed_fails
    qint64 lastFailureMs = 0; ///< 0 = never failed
    double latencyMs = -1; ///< moving average of whole-call latency of successes
    double ttftMs = -1; ///< moving average of time to first token of streamed successes
    MinuteWindow requests; ///< started in the last minute (rpm)
    MinuteWindow tokens; ///< prompt + completion tokens of calls finished in the last minute (tpm)
};

/**
 * The runtime state of every deployment: in-flight calls, health from checks, cooldowns from
 * failures (passive health), latency averages and per-minute usage. The router reads it to
 * choose; the pipeline and the health checker write it. Gateway thread only.
 */
class DeploymentStates
{
public:
    struct CooldownPolicy
    {
        int allowedFails = 3; ///< failures within a minute before a cooldown
        qint64 cooldownMs = 5'000;
    };

    explicit DeploymentStates(const IClock& clock);

    const IClock& clock() const { return m_clock; }
    qint64 nowMs() const;

    void acquire(const Deployment& d);
    void release(const Deployment& d);
    int inFlight(const QString& id) const;

    void recordSuccess(const Deployment& d, qint64 latencyMs, qint64 ttftMs, qint64 tokens);
    /**
     * A failed call. Refused connections and 429s cool the deployment down at once (a 429 for
     * its Retry-After when given); other failures do once allowed_fails is exceeded within a
     * minute. Returns true when this failure started a cooldown.
     */
    bool recordFailure(const Deployment& d, FailureKind kind, qint64 retryAfterMs, const CooldownPolicy& policy);
    void setChecked(const QString& id, BackendHealth health);

    bool isCoolingDown(const QString& id) const;
    /** Not known to be down: neither failing its checks nor cooling down. */
    bool isRoutable(const QString& id) const;
    /** What the dashboard shows. */
    BackendHealth health(const QString& id) const;

    /** At its max_parallel_requests, rpm or tpm for now. */
    bool isSaturated(const Deployment& d);
    qint64 requestsThisMinute(const QString& id);
    qint64 tokensThisMinute(const QString& id);

    /** The state of managed server @p name, as its supervisor last reported it. A server not
        reported yet counts as starting: the supervisor is about to say. */
    ServerState serverState(const QString& name) const { return m_servers.value(name, ServerState::Starting); }
    void setServerState(const QString& name, ServerState state) { m_servers.insert(name, state); }

    const DeploymentState* find(const QString& id) const;
    /** Forgets deployments no config has anymore. */
    void retainOnly(const QSet<QString>& ids);

    static constexpr double kAlpha = 0.2; ///< weight of the newest sample in the moving averages

private:
    DeploymentState& state(const QString& id) { return m_states[id]; }

    const IClock& m_clock;
    QHash<QString, DeploymentState> m_states;
    QHash<QString, ServerState> m_servers;
};

} // namespace sy
