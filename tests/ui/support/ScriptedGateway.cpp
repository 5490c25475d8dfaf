#include "tests/ui/support/ScriptedGateway.h"

#include "ui/GatewayMonitor.h"

#include <cmath>

namespace sy::testing {

ScriptedGateway::ScriptedGateway(GatewayMonitor& monitor, ManualClock& clock, quint32 seed)
    : m_monitor(monitor)
    , m_clock(clock)
    , m_random(seed)
{ }

void ScriptedGateway::addDeployment(const DeploymentSnapshot& deployment, double failRate, double costPerToken)
{
    m_backends.append({deployment, failRate, costPerToken});
}

void ScriptedGateway::setHealth(const QString& id, BackendHealth health)
{
    for (Backend& b : m_backends) {
        if (b.d.id == id)
            b.d.health = health;
    }
}

void ScriptedGateway::start(const QStringList& urls)
{
    m_urls = urls;
    m_monitor.gatewayStarted(4000, urls);
    m_monitor.applySnapshot(snapshot());
}

const ScriptedGateway::Key& ScriptedGateway::pickKey()
{
    static const Key master{QString(), QString(), 1};
    if (m_keys.isEmpty())
        return master;
    int total = 0;
    for (const Key& k : std::as_const(m_keys))
        total += k.weight;
    int pick = int(m_random.bounded(total));
    for (const Key& k : std::as_const(m_keys)) {
        if (pick < k.weight)
            return k;
        pick -= k.weight;
    }
    return m_keys.constFirst();
}

RequestRecord ScriptedGateway::makeRecord(const QDateTime& secondStart)
{
    // As the router does: unhealthy deployments get no traffic while others can serve.
    QList<int> candidates;
    for (int i = 0; i < m_backends.size(); ++i) {
        if (m_backends.at(i).d.health != BackendHealth::Unhealthy)
            candidates << i;
    }
    if (candidates.isEmpty())
        candidates << 0;
    Backend& b = m_backends[candidates.at(int(m_random.bounded(int(candidates.size()))))];
    const Key& key = pickKey();
    RequestRecord r;
    r.requestId = m_nextId++;
    r.keyHash = key.hash;
    r.keyAlias = key.alias;
    r.group = b.d.group;
    r.deploymentId = b.d.id;
    r.backendModel = b.d.backendModel;
    r.apiBase = b.d.apiBase;
    r.provider = b.d.provider;
    r.endpoint = "chat/completions";
    r.stream = m_random.bounded(10) < 8;
    // Latency and TTFT: a slow tail, so p95 sits well above p50.
    const double tail = std::pow(m_random.generateDouble(), 4.0);
    r.ttftMs = r.stream ? qint64(90 + 160 * m_random.generateDouble() + 900 * tail) : -1;
    r.latencyMs = qint64(400 + 1500 * m_random.generateDouble() + 4000 * tail);
    const bool down = b.d.health == BackendHealth::Unhealthy;
    const double roll = m_random.generateDouble();
    if (m_clientErrorRate > 0 && m_random.generateDouble() < m_clientErrorRate) {
        r.status = 400;
        r.errorCode = "budget_exceeded";
        r.errorMessage
            = QStringLiteral("Budget has been exceeded! Key=%1 Current cost: 5.01, Max budget: 5.0").arg(key.alias);
        r.deploymentId.clear();
        r.ttftMs = -1;
        r.latencyMs = 1;
        ++m_failures;
    } else if (down || roll < b.failRate) {
        r.status = 502;
        r.errorCode = "upstream_connect_failed";
        r.errorMessage = QStringLiteral("Could not connect to the backend at %1: Connection refused").arg(b.d.apiBase);
        r.attempts = 3;
        r.retries = 2;
        r.ttftMs = -1;
        r.latencyMs = qint64(5 + 20 * m_random.generateDouble());
        b.d.lastError = QStringLiteral("HTTP 502 upstream_connect_failed");
        b.d.lastErrorAt = secondStart;
        ++b.d.failures;
        ++m_failures;
    } else if (roll < b.failRate + 0.01) {
        r.status = 429;
        r.errorCode = "rate_limit_exceeded";
        r.errorMessage = QStringLiteral("Rate limit exceeded: 120 requests per minute for this key. Retry after 4 s.");
        r.ttftMs = -1;
        r.latencyMs = 2;
        ++m_failures;
    } else {
        r.status = 200;
        r.attempts = 1;
        r.usage.promptTokens = 80 + m_random.bounded(1400);
        r.usage.completionTokens = 20 + m_random.bounded(500);
        r.cost = double(r.usage.totalTokens()) * b.costPerToken;
        b.d.latencyMs
            = b.d.latencyMs < 0 ? double(r.latencyMs) : b.d.latencyMs + 0.1 * (double(r.latencyMs) - b.d.latencyMs);
        if (r.ttftMs >= 0)
            b.d.ttftMs = b.d.ttftMs < 0 ? double(r.ttftMs) : b.d.ttftMs + 0.1 * (double(r.ttftMs) - b.d.ttftMs);
    }
    ++b.d.requests;
    ++m_requests;
    m_prompt += quint64(r.usage.promptTokens);
    m_completion += quint64(r.usage.completionTokens);
    // Ends somewhere in this second.
    r.logId = QStringLiteral("demo-%1").arg(r.requestId);
    const QDateTime end = secondStart.addMSecs(m_random.bounded(1000));
    r.startedAt = end.addMSecs(-r.latencyMs);
    return r;
}

QList<RequestRecord> ScriptedGateway::records(int count)
{
    QList<RequestRecord> out;
    if (m_backends.isEmpty())
        return out;
    out.reserve(count);
    const QDateTime secondStart = QDateTime::fromSecsSinceEpoch(m_clock.nowUtc().toSecsSinceEpoch()).toUTC();
    for (int i = 0; i < count; ++i) {
        out.append(makeRecord(secondStart));
        m_traffic.add(out.last());
        m_ledger.add(out.last());
    }
    return out;
}

GatewaySnapshotPtr ScriptedGateway::snapshot() const
{
    auto s = std::make_shared<GatewaySnapshot>();
    s->takenAt = m_clock.nowUtc();
    s->serving = true;
    s->baseUrls = m_urls;
    s->connections = 3 + m_inFlight;
    s->inFlight = m_inFlight;
    s->requests = m_requests;
    s->failures = m_failures;
    s->promptTokens = m_prompt;
    s->completionTokens = m_completion;
    for (const Backend& b : m_backends) {
        if (!s->groups.contains(b.d.group)) {
            s->groups << b.d.group;
            s->modelGroups << ModelGroupSnapshot{b.d.group, QStringLiteral("simple-shuffle"), {}, {}, 2, 5000, 3};
        }
        s->deployments << b.d;
    }
    m_traffic.advanceTo(s->takenAt.toSecsSinceEpoch());
    s->traffic = m_traffic.seconds(m_traffic.now() - 6, m_traffic.now() + 1);
    s->lastMinute = m_traffic.totals(60);
    s->lastHour = m_traffic.totals(TrafficHistory::kSeconds - 1);
    s->keyUsage = m_ledger.totals();
    return s;
}

void ScriptedGateway::run(int seconds, const std::function<int(int second)>& rps)
{
    for (int second = 0; second < seconds; ++second) {
        const int count = rps(second);
        const QList<RequestRecord> batch = records(count);
        m_inFlight = qMin(count, 2 + int(m_random.bounded(6)));
        for (Backend& b : m_backends)
            b.d.inFlight = b.d.health == BackendHealth::Unhealthy ? 0 : int(m_random.bounded(4));
        m_clock.advance(1000);
        m_monitor.addRecords(batch);
        m_monitor.applySnapshot(snapshot());
        m_monitor.tick();
    }
}

} // namespace sy::testing
