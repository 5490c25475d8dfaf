#pragma once

#include "gateway/core/VirtualKey.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/StorageBatch.h"

#include <QObject>
#include <QTimer>

#include <atomic>

namespace sy {

class IClock;

/**
 * The storage thread's side: the only owner of the database connection in the gateway. It
 * writes each batch in one transaction, keeps batches that failed (database down) and writes
 * them once it is back, and every couple of seconds starts new budget periods and reads the
 * keys back, so the gateway sees keys and spend changed by the command line or by other
 * instances sharing the database.
 *
 * Lives on the storage thread; every method but the constructor runs there. Tests may drive it
 * directly on their own thread.
 */
class StorageWorker : public QObject
{
    Q_OBJECT

public:
    StorageWorker(DatabaseLocation location, bool spendLogs, const IClock& clock, QString instanceId);
    ~StorageWorker() override;

    /** Opens and migrates, then emits opened(); on failure retries every few seconds. */
    void open();
    /** Writes @p batch, after any batches still waiting for the database. */
    void write(const StorageBatch& batch);
    /** Starts ended budget periods and emits keysSynced(). */
    void sync();
    /** Writes what is left; the last call before the thread stops. */
    void finish();

    /** The connection, or null while the database is unreachable. */
    Database* database() { return m_db.isOpen() ? &m_db : nullptr; }
    quint64 committedBatch() const { return m_committed; }
    qsizetype backlog() const;

    /**
     * The number of batches handed over and not yet written, the one being written included
     * (StorageService counts them). While another waits behind the one being written, writes stop
     * giving way to the gateway thread between slices of rows.
     */
    void setQueuedBatches(const std::atomic<int>* queued) { m_queuedBatches = queued; }

    /** Milliseconds between syncs (tests shorten it). */
    void setSyncInterval(int ms) { m_syncTimer.setInterval(ms); }

    /** Request records older than @p retentionMs are deleted (0: kept for ever). */
    void setRetention(qint64 retentionMs) { m_retentionMs = retentionMs; }
    /**
     * Deletes records past the retention, one bounded batch per event-loop pass so batches of new
     * records are written in between. Runs after opening and then every ten minutes.
     */
    void prune();

signals:
    void opened(const QList<sy::VirtualKey>& keys, quint64 committedBatch);
    void openFailed(const QString& error);
    void keysSynced(const QList<sy::VirtualKey>& keys, quint64 committedBatch);
    /** A pruning pass is over: @p rows records went (tests wait for it). */
    void pruned(qint64 rows);

private:
    bool writeOne(const StorageBatch& batch, QString* error);
    void retryPending();
    bool ensureConnected();
    void noteFailure(const QString& what, const QString& error);

    DatabaseLocation m_location;
    bool m_spendLogs;
    const IClock& m_clock;
    QString m_instanceId;
    Database m_db;
    QTimer m_syncTimer;
    QTimer m_retryTimer;
    QTimer m_pruneTimer;
    qint64 m_retentionMs = 0;
    qint64 m_prunedThisPass = 0;
    QList<StorageBatch> m_pending; ///< not written yet: the database failed
    quint64 m_committed = 0;
    int m_attempts = 0; ///< failed writes of m_pending's first batch
    const std::atomic<int>* m_queuedBatches = nullptr;
    bool m_everOpened = false;
    bool m_failing = false;
};

} // namespace sy
