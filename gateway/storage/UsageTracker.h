#pragma once

#include "gateway/metrics/TrafficHistory.h"
#include "gateway/storage/UsageLedger.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace sy {

class IClock;
class StorageService;

/**
 * The numbers the dashboards read, kept on the gateway thread: the last hour of traffic
 * (TrafficHistory) and the usage per key (UsageLedger). Both count every finished request as
 * it is recorded, and both start from the usage log when the database opens, so a restart
 * shows the same hour of charts and the same totals as before it.
 *
 * Requests are split by their end time at the moment the gateway first serves: earlier ones
 * come from the database, later ones are counted here, so none is counted twice. With
 * PostgreSQL (instances may share it) the per-key totals are read again every 30 s, so other
 * instances' requests show too.
 */
class UsageTracker : public QObject
{
    Q_OBJECT

public:
    explicit UsageTracker(const IClock& clock, QObject* parent = nullptr);

    /** The gateway serves from now on; the first call fixes the split between database and live. */
    void serving();
    /** Reads the usage log's last hour and per-key totals once @p storage is ready. */
    void load(StorageService* storage);

    void record(const RequestRecord& record);
    /** Moves the traffic history's "now" on (once a second). */
    void tick();

    const TrafficHistory& traffic() const { return m_traffic; }
    const UsageLedger& ledger() const { return m_ledger; }
    /** When the gateway first served (UTC ms); 0 before. Requests before it are the database's. */
    qint64 servedSinceMs() const { return m_servedSinceMs; }
    /** Whether the usage log's history arrived (or there is no database to wait for). */
    bool isLoaded() const { return m_loaded; }

    /** Seconds of traffic a snapshot carries: enough that a replica missing one keeps up. */
    static constexpr int kSnapshotSeconds = 6;

signals:
    /** The usage log's history is in (or could not be read): isLoaded() is true from now on. */
    void loaded();

private:
    void loadTraffic();
    void setLoaded();
    void rebase();

    const IClock& m_clock;
    TrafficHistory m_traffic;
    UsageLedger m_ledger;
    QPointer<StorageService> m_storage;
    QTimer m_rebase;
    qint64 m_servedSinceMs = 0;
    bool m_loaded = false;
    bool m_loadAsked = false;
};

} // namespace sy
