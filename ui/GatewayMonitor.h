#pragma once

#include "gateway/core/Clock.h"
#include "gateway/core/GatewaySnapshot.h"
#include "gateway/core/RequestRecord.h"
#include "gateway/metrics/TrafficHistory.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

namespace sy {

class BackendTableModel;
class GatewayHost;
class HistoryService;
class IKeyManager;
class KeyDirectory;
class KeyUsageModel;
class RequestLogModel;

/**
 * The UI's picture of the gateway, fed by GatewayHost's queued signals (or by a test's script):
 * the latest snapshot, the state the tray icon shows, the last hour of traffic and the models
 * behind the dashboard's tables. It outlives the dashboard window, so history is there when
 * the window opens.
 *
 * It computes no numbers of its own (issue #18): traffic, per-key usage and the counters come
 * from the gateway's snapshots, which the web UI reads too. The traffic history is a replica of
 * the gateway's, loaded whole at start (HistoryService) and updated with the seconds each
 * snapshot carries; the request log starts with the usage log's last requests. Records are
 * handed to the request log once a second on tick(): however busy the gateway, views update
 * once a second.
 */
class GatewayMonitor : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Starting, ///< before the first start (or failure)
        Serving,
        Degraded, ///< serving, but a backend is unhealthy or most recent requests fail
        Stopped, ///< not serving: turned off, or stopped
        Error, ///< not serving because of a problem: see problem()
    };
    Q_ENUM(State)

    /** Minimum requests in the last minute before a failure rate can make the state degraded. */
    static constexpr int kDegradedMinRequests = 10;

    explicit GatewayMonitor(IKeyManager* keyManager = nullptr,
                            const IClock& clock = SystemClock::instance(),
                            QObject* parent = nullptr);
    ~GatewayMonitor() override;

    /** Listens to @p host's signals, and loads the history the gateway has. */
    void attach(GatewayHost& host);
    /** The gateway's history queries; null before attach() (tests feeding it by hand). */
    HistoryService* historyService() const { return m_historyService; }
    /** Asks the gateway to run the health checks of these deployments (all when empty) now. */
    void checkHealthNow(const QStringList& deploymentIds);
    /** The one-second timer that calls tick(); tests turn it off and tick themselves. */
    void setTicking(bool on);

    // What the gateway said.
    void gatewayStarted(quint16 port, const QStringList& baseUrls);
    void gatewayStartFailed(const QString& error);
    void gatewayStopped();
    void applySnapshot(const sy::GatewaySnapshotPtr& snapshot);
    void addRecords(const QList<sy::RequestRecord>& records);
    /** The config could not be loaded, so nothing started. */
    void setConfigProblem(const QString& message);
    /** Once a second: moves the history on and hands new records to the tables. */
    void tick();

    State state() const { return m_state; }
    /** One line for the menu and the tooltip: why degraded or in error. */
    QString stateDetail() const { return m_detail; }
    QString problem() const { return m_problem; }
    bool isServing() const { return m_serving; }
    quint16 port() const { return m_port; }
    QStringList baseUrls() const { return m_baseUrls; }
    /** The latest snapshot; never null (an empty one before the first). */
    GatewaySnapshotPtr snapshot() const { return m_snapshot; }

    const TrafficHistory& history() const { return m_history; }
    BackendTableModel& backends() const { return *m_backends; }
    RequestLogModel& requestLog() const { return *m_requestLog; }
    KeyUsageModel& keyUsage() const { return *m_keyUsage; }
    KeyDirectory& keys() const { return *m_keys; }
    const IClock& clock() const { return m_clock; }

signals:
    void stateChanged(sy::GatewayMonitor::State state);
    /** A new snapshot is in snapshot(); about once a second while serving. */
    void snapshotUpdated();
    /** Once a second, after the history moved and the tables took new records: redraw charts. */
    void ticked();
    /** checkHealthNow() was called; GatewayHost runs the checks. */
    void healthCheckRequested(const QStringList& deploymentIds);

private:
    void updateState();
    void loadHistory();

    const IClock& m_clock;
    TrafficHistory m_history; ///< a replica of the gateway's
    KeyDirectory* m_keys;
    BackendTableModel* m_backends;
    RequestLogModel* m_requestLog;
    KeyUsageModel* m_keyUsage;
    QTimer m_timer;
    GatewaySnapshotPtr m_snapshot;
    QList<RequestRecord> m_pending; ///< for the tables, until the next tick
    State m_state = State::Starting;
    QString m_detail;
    QString m_problem;
    bool m_serving = false;
    bool m_everStarted = false;
    quint16 m_port = 0;
    QStringList m_baseUrls;
    HistoryService* m_historyService = nullptr;
    bool m_trafficLoaded = false;
    bool m_requestsLoaded = false;
    bool m_loading = false;
};

} // namespace sy
