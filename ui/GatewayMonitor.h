#pragma once

#include "gateway/core/Clock.h"
#include "gateway/core/GatewaySnapshot.h"
#include "gateway/core/RequestRecord.h"
#include "ui/models/MetricsHistory.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

namespace sy {

class BackendTableModel;
class GatewayHost;
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
 * Records are counted into the history as they arrive (O(1) each), and handed to the table
 * models once a second on tick(): however busy the gateway, views update once a second.
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

    /** Listens to @p host's signals. */
    void attach(GatewayHost& host);
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

    const MetricsHistory& history() const { return m_history; }
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

private:
    void updateState();

    const IClock& m_clock;
    MetricsHistory m_history;
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
};

} // namespace sy
