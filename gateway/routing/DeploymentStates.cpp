#include "gateway/routing/DeploymentStates.h"

#include "gateway/core/Clock.h"
#include "gateway/core/Deployment.h"

#include <QSet>

namespace sy {

namespace {

constexpr qint64 kFailureWindowMs = 60'000;
constexpr qint64 kMaxRetryAfterMs = 600'000; // a Retry-After beyond 10 minutes is not taken literally

void average(double& into, double sample)
{
    into = into < 0 ? sample : into + DeploymentStates::kAlpha * (sample - into);
}

} // namespace

DeploymentStates::DeploymentStates(const IClock& clock)
    : m_clock(clock)
{ }

qint64 DeploymentStates::nowMs() const
{
    return m_clock.monotonicMs();
}

void DeploymentStates::acquire(const Deployment& d)
{
    DeploymentState& s = state(d.stateKey());
    ++s.inFlight;
    s.requests.add(nowMs(), 1);
}

void DeploymentStates::release(const Deployment& d)
{
    DeploymentState& s = state(d.stateKey());
    if (s.inFlight > 0)
        --s.inFlight;
}

int DeploymentStates::inFlight(const QString& id) const
{
    const auto it = m_states.constFind(id);
    return it == m_states.cend() ? 0 : it->inFlight;
}

void DeploymentStates::recordSuccess(const Deployment& d, qint64 latencyMs, qint64 ttftMs, qint64 tokens)
{
    DeploymentState& s = state(d.stateKey());
    if (latencyMs >= 0)
        average(s.latencyMs, double(latencyMs));
    if (ttftMs >= 0)
        average(s.ttftMs, double(ttftMs));
    if (tokens > 0)
        s.tokens.add(nowMs(), tokens);
    s.recentFailuresMs.clear(); // allowed_fails counts failures in a row within the minute
}

bool DeploymentStates::recordFailure(const Deployment& d,
                                     FailureKind kind,
                                     qint64 retryAfterMs,
                                     const CooldownPolicy& policy)
{
    DeploymentState& s = state(d.stateKey());
    const qint64 now = nowMs();
    s.lastFailureMs = now;
    while (!s.recentFailuresMs.empty() && now - s.recentFailuresMs.front() > kFailureWindowMs)
        s.recentFailuresMs.pop_front();
    s.recentFailuresMs.push_back(now);

    qint64 cooldownMs = 0;
    if (kind == FailureKind::RateLimited) {
        // The backend said when to come back; without a Retry-After, the usual cooldown.
        cooldownMs = retryAfterMs > 0 ? qMin(retryAfterMs, kMaxRetryAfterMs) : policy.cooldownMs;
    } else if (kind == FailureKind::ConnectFailed || qsizetype(s.recentFailuresMs.size()) > policy.allowedFails) {
        // Nobody listening is not a passing hiccup; a run of failures is not either.
        cooldownMs = policy.cooldownMs;
    }
    if (cooldownMs <= 0)
        return false;
    const bool started = s.cooldownUntilMs <= now;
    if (now + cooldownMs > s.cooldownUntilMs) {
        s.cooldownUntilMs = now + cooldownMs;
        s.cooldownFromRateLimit = kind == FailureKind::RateLimited;
    }
    s.recentFailuresMs.clear();
    return started;
}

void DeploymentStates::setChecked(const QString& id, BackendHealth health)
{
    DeploymentState& s = state(id);
    s.checked = health;
    // A passing check is better evidence than the failures that caused a cooldown, except a 429:
    // the backend is up but asked us to wait.
    if (health == BackendHealth::Healthy && !s.cooldownFromRateLimit)
        s.cooldownUntilMs = 0;
}

bool DeploymentStates::isCoolingDown(const QString& id) const
{
    const auto it = m_states.constFind(id);
    return it != m_states.cend() && it->cooldownUntilMs > nowMs();
}

bool DeploymentStates::isRoutable(const QString& id) const
{
    const auto it = m_states.constFind(id);
    if (it == m_states.cend())
        return true;
    return it->checked != BackendHealth::Unhealthy && it->checked != BackendHealth::Starting
        && it->cooldownUntilMs <= nowMs();
}

BackendHealth DeploymentStates::health(const QString& id) const
{
    const auto it = m_states.constFind(id);
    if (it == m_states.cend())
        return BackendHealth::Unknown;
    if (it->checked == BackendHealth::Unhealthy || it->checked == BackendHealth::Starting)
        return it->checked;
    if (it->cooldownUntilMs > nowMs())
        return BackendHealth::CoolingDown;
    return it->checked;
}

bool DeploymentStates::isSaturated(const Deployment& d)
{
    DeploymentState& s = state(d.stateKey());
    if (d.maxParallelRequests > 0 && s.inFlight >= d.maxParallelRequests)
        return true;
    const qint64 now = nowMs();
    if (d.rpm > 0 && s.requests.total(now) >= d.rpm)
        return true;
    return d.tpm > 0 && s.tokens.total(now) >= d.tpm;
}

qint64 DeploymentStates::requestsThisMinute(const QString& id)
{
    return state(id).requests.total(nowMs());
}

qint64 DeploymentStates::tokensThisMinute(const QString& id)
{
    return state(id).tokens.total(nowMs());
}

const DeploymentState* DeploymentStates::find(const QString& id) const
{
    const auto it = m_states.constFind(id);
    return it == m_states.cend() ? nullptr : &*it;
}

void DeploymentStates::retainOnly(const QSet<QString>& ids)
{
    for (auto it = m_states.begin(); it != m_states.end();) {
        // Keep anything with calls in flight: they finish with the old config.
        if (!ids.contains(it.key()) && it->inFlight == 0)
            it = m_states.erase(it);
        else
            ++it;
    }
}

} // namespace sy
