#include "ui/GatewayMonitor.h"

#include "gateway/GatewayHost.h"
#include "gateway/HistoryService.h"
#include "ui/keys/KeyDirectory.h"
#include "ui/models/BackendTableModel.h"
#include "ui/models/KeyUsageModel.h"
#include "ui/models/RequestLogModel.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr int kTickMs = 1000;
constexpr qsizetype kMaxPending = 5000; // more than a second's worth never reaches the log at once

} // namespace

GatewayMonitor::GatewayMonitor(IKeyManager* keyManager, const IClock& clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_keys(new KeyDirectory(keyManager, this))
    , m_backends(new BackendTableModel(this))
    , m_requestLog(new RequestLogModel(1000, this))
    , m_keyUsage(new KeyUsageModel(m_keys, this))
    , m_timer(this)
    , m_snapshot(std::make_shared<GatewaySnapshot>())
{
    m_timer.setInterval(kTickMs);
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &GatewayMonitor::tick);
    m_timer.start();
}

GatewayMonitor::~GatewayMonitor() = default;

void GatewayMonitor::attach(GatewayHost& host)
{
    m_historyService = &host.history();
    connect(this, &GatewayMonitor::healthCheckRequested, &host, &GatewayHost::checkHealthNow);
    // The usage log opens before the gateway serves: load what it has then (or now, if it does).
    connect(&host, &GatewayHost::started, this, &GatewayMonitor::loadHistory);
    loadHistory();
    connect(&host, &GatewayHost::started, this, &GatewayMonitor::gatewayStarted);
    connect(&host, &GatewayHost::startFailed, this, &GatewayMonitor::gatewayStartFailed);
    connect(&host, &GatewayHost::stopped, this, &GatewayMonitor::gatewayStopped);
    connect(&host, &GatewayHost::snapshotTaken, this, &GatewayMonitor::applySnapshot);
    connect(&host, &GatewayHost::requestsRecorded, this, &GatewayMonitor::addRecords);
}

void GatewayMonitor::loadHistory()
{
    if (!m_historyService || m_loading || (m_trafficLoaded && m_requestsLoaded))
        return;
    m_loading = true;
    m_historyService->traffic(this, [this](const QList<TrafficSecond>& seconds, qint64 now) {
        // Seconds a snapshot brought meanwhile are as new or newer: replacing is idempotent.
        for (const TrafficSecond& s : seconds)
            m_history.replace(s);
        m_history.advanceTo(now);
        m_trafficLoaded = true;
    });
    RequestQuery query;
    query.limit = m_requestLog->capacity();
    query.beforeThisRun = true; // the later ones arrive as records
    m_historyService->requests(query, this, [this](const HistoryResult<QList<RequestRecord>>& result) {
        m_loading = false;
        if (!result.ok() || m_requestsLoaded)
            return; // no database yet: tried again when the gateway starts
        m_requestsLoaded = true;
        m_requestLog->appendOlder(result.rows);
    });
}

void GatewayMonitor::checkHealthNow(const QStringList& deploymentIds)
{
    emit healthCheckRequested(deploymentIds);
}

void GatewayMonitor::setTicking(bool on)
{
    if (on)
        m_timer.start();
    else
        m_timer.stop();
}

void GatewayMonitor::gatewayStarted(quint16 port, const QStringList& baseUrls)
{
    m_serving = true;
    m_everStarted = true;
    m_problem.clear();
    m_port = port;
    m_baseUrls = baseUrls;
    updateState();
}

void GatewayMonitor::gatewayStartFailed(const QString& error)
{
    m_problem = error;
    updateState();
}

void GatewayMonitor::gatewayStopped()
{
    m_serving = false;
    m_everStarted = true;
    updateState();
}

void GatewayMonitor::setConfigProblem(const QString& message)
{
    m_problem = message;
    updateState();
}

void GatewayMonitor::applySnapshot(const GatewaySnapshotPtr& snapshot)
{
    if (!snapshot)
        return;
    m_snapshot = snapshot;
    m_serving = snapshot->serving;
    for (const TrafficSecond& s : snapshot->traffic)
        m_history.replace(s);
    m_history.advanceTo(snapshot->takenAt.toSecsSinceEpoch());
    m_keys->applyUsage(snapshot->keyUsage);
    m_keyUsage->setUsage(snapshot->keyUsage);
    if (snapshot->serving && !snapshot->baseUrls.isEmpty())
        m_baseUrls = snapshot->baseUrls;
    m_backends->setSnapshot(snapshot);
    updateState();
    emit snapshotUpdated();
}

void GatewayMonitor::addRecords(const QList<RequestRecord>& records)
{
    m_pending.append(records);
    if (m_pending.size() > kMaxPending)
        m_pending.remove(0, m_pending.size() - kMaxPending);
}

void GatewayMonitor::tick()
{
    m_history.advanceTo(m_clock.nowUtc().toSecsSinceEpoch());
    if (!m_pending.isEmpty())
        m_requestLog->append(std::exchange(m_pending, {}));
    updateState();
    emit ticked();
}

void GatewayMonitor::updateState()
{
    State state = State::Serving;
    QString detail;
    if (!m_serving) {
        state = !m_problem.isEmpty() ? State::Error : (m_everStarted ? State::Stopped : State::Starting);
        detail = m_problem;
    } else {
        QStringList unhealthy, cooling;
        for (const DeploymentSnapshot& d : m_snapshot->deployments) {
            if (d.health == BackendHealth::Unhealthy)
                unhealthy << d.group;
            else if (d.health == BackendHealth::CoolingDown)
                cooling << d.group;
        }
        unhealthy.removeDuplicates();
        cooling.removeDuplicates();
        // 5xx only: a refused key or an over-budget client (4xx) says nothing about the backends.
        const TrafficTotals& recent = m_snapshot->lastMinute;
        if (!unhealthy.isEmpty()) {
            state = State::Degraded;
            detail = tr("%1 not answering").arg(unhealthy.mid(0, 3).join(u", "_s));
        } else if (!cooling.isEmpty()) {
            state = State::Degraded;
            detail = tr("%1 cooling down after errors").arg(cooling.mid(0, 3).join(u", "_s));
        } else if (recent.requests >= kDegradedMinRequests && recent.serverErrors * 2 >= recent.requests) {
            state = State::Degraded;
            detail = tr("%1% of requests failed in the last minute")
                         .arg(qRound(100.0 * double(recent.serverErrors) / double(recent.requests)));
        }
    }
    m_detail = detail;
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace sy
