#pragma once

#include "gateway/core/GatewaySnapshot.h"
#include "gateway/core/RequestRecord.h"
#include "gateway/metrics/TrafficHistory.h"
#include "gateway/storage/UsageLedger.h"
#include "tests/support/ManualClock.h"

#include <QRandomGenerator>

#include <functional>

namespace sy {
class GatewayMonitor;
}

namespace sy::testing {

/**
 * Plays a gateway for the UI tests: deployments with health, keys, and traffic with realistic
 * latencies, time to first token, tokens, costs and some failures, fed to a GatewayMonitor as
 * GatewayHost would (a snapshot and a batch of records each second), on a ManualClock so an hour
 * of traffic takes a moment. Deterministic for a given seed. Its snapshots carry traffic and usage
 * per key counted by the gateway's own classes (TrafficHistory, UsageLedger), as Gateway's do.
 */
class ScriptedGateway
{
public:
    struct Key
    {
        QString hash; ///< "" is the master key
        QString alias;
        int weight = 1;
    };

    ScriptedGateway(GatewayMonitor& monitor, ManualClock& clock, quint32 seed = 7);

    /** @p failRate: fraction of its requests that fail with 502; @p costPerToken: USD. */
    void addDeployment(const DeploymentSnapshot& deployment, double failRate = 0.01, double costPerToken = 0);
    void setHealth(const QString& id, BackendHealth health);
    /** Fraction of requests refused with 400 budget_exceeded before reaching a backend. */
    void setClientErrorRate(double rate) { m_clientErrorRate = rate; }
    void addKey(const Key& key) { m_keys.append(key); }

    /** Reports the gateway started on @p urls. */
    void start(const QStringList& urls = {QStringLiteral("http://127.0.0.1:4000/v1")});
    /** Runs @p seconds of traffic, @p rps(second) requests in each, ticking the monitor every second. */
    void run(int seconds, const std::function<int(int second)>& rps);
    /** Records for @p count requests that end in the clock's current second. */
    QList<RequestRecord> records(int count);
    GatewaySnapshotPtr snapshot() const;

private:
    struct Backend
    {
        DeploymentSnapshot d;
        double failRate;
        double costPerToken;
    };
    RequestRecord makeRecord(const QDateTime& secondStart);
    const Key& pickKey();

    GatewayMonitor& m_monitor;
    ManualClock& m_clock;
    QRandomGenerator m_random;
    QList<Backend> m_backends;
    QList<Key> m_keys;
    QStringList m_urls;
    quint64 m_nextId = 1;
    quint64 m_requests = 0;
    quint64 m_failures = 0;
    quint64 m_prompt = 0;
    quint64 m_completion = 0;
    int m_inFlight = 0;
    double m_clientErrorRate = 0;
    mutable TrafficHistory m_traffic; ///< moved on to the clock's time when a snapshot is taken
    UsageLedger m_ledger;
};

} // namespace sy::testing
