#pragma once

#include "gateway/core/VirtualKey.h"
#include "gateway/storage/DatabaseLocation.h"
#include "gateway/storage/StorageBatch.h"

#include <QHash>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace sy {

class Database;
class IClock;
class StorageWorker;

/**
 * The gateway thread's handle on the database, which lives on a thread of its own: nothing
 * here waits for it. Finished requests are collected into a batch that goes to the storage
 * thread every 200 ms and is written there in one transaction, so a kill -9 loses at most the
 * last fraction of a second of records and never a committed one (while the database keeps up:
 * see kMaxQueuedBatches). Queries (admin API, key changes) run there too and answer through a
 * callback on the gateway thread.
 */
class StorageService : public QObject
{
    Q_OBJECT

public:
    explicit StorageService(const IClock& clock, QObject* parent = nullptr);
    ~StorageService() override;

    /** Starts the storage thread and opens @p location; ready() or openFailed() follows. */
    void start(const DatabaseLocation& location, bool spendLogs);
    /** Request records older than @p retentionMs are deleted on the storage thread (0: never). */
    void setRetention(qint64 retentionMs);
    bool isStarted() const { return m_worker != nullptr; }
    bool isReady() const { return m_ready; }
    const DatabaseLocation& location() const { return m_location; }

    /** The batch records and spend go into now; KeyCache tags pending spend with it. */
    quint64 currentBatch() const { return m_batch.number; }
    /** Queues a finished request's record (unless spend logs are off). */
    void record(RequestRecord record);
    /** Queues spend for a key. */
    void addSpend(const QString& token, double usd, const QDateTime& when);
    /** Hands the current batch to the storage thread now, unless too many are still unwritten
        (see kMaxQueuedBatches): then it waits here, and the next handoff takes it. */
    void flush();
    /** Hands the current batch over and waits (up to @p timeoutMs) until it is written. Blocks. */
    void flushAndWait(int timeoutMs = 10'000);
    /**
     * Hands over what is queued, waits (up to @p timeoutMs) until the storage thread wrote it,
     * and stops the thread. For shutdown only: it blocks the calling thread.
     */
    void shutdown(int timeoutMs = 10'000);

    /**
     * Runs @p work on the storage thread with the database (null while it is unreachable) and
     * then @p done on this thread with the result. @p done is dropped if this service is
     * destroyed first.
     */
    template <class R>
    void run(std::function<R(Database*)> work, std::function<void(R)> done);

    /** The worker's sync period (tests shorten it). */
    void setSyncInterval(int ms);

    /** Batches handed to the storage thread and not yet written, beyond which records wait on
        this thread: a database slower than the traffic would otherwise pile batches up in the
        storage thread's queue without bound. Once it catches up they go over as one batch. */
    static constexpr int kMaxQueuedBatches = 8;
    /** Records waiting on this thread at most (tests lower it); past it the oldest are dropped,
        with a warning. Spend is never dropped: it is one sum per key. */
    void setMaxHeldRecords(qsizetype n) { m_maxHeldRecords = qMax<qsizetype>(4, n); }
    int queuedBatches() const { return m_queuedBatches.load(std::memory_order_relaxed); }
    qsizetype heldRecords() const { return m_batch.records.size(); }
    /** Records dropped since the start because the database could not keep up. */
    quint64 droppedRecords() const { return m_droppedRecords; }

signals:
    /** The database opened: every stored key, and the last batch already in it. */
    void ready(const QList<sy::VirtualKey>& keys, quint64 committedBatch);
    void openFailed(const QString& error);
    /** Keys as stored, every couple of seconds: changes by the command line or other instances. */
    void keysSynced(const QList<sy::VirtualKey>& keys, quint64 committedBatch);

private:
    void post(std::function<void()> onWorker);
    void handOff(bool always);
    void dropOldestRecords();
    void recycle(QList<RequestRecord> records);
    void finishJob(quint64 id, void* result);
    static Database* workerDatabase(StorageWorker* worker); ///< on the storage thread only

    const IClock& m_clock;
    DatabaseLocation m_location;
    QString m_instanceId;
    QThread m_thread;
    StorageWorker* m_worker = nullptr;
    QTimer m_handoff;
    StorageBatch m_batch;
    std::atomic<int> m_queuedBatches{0}; ///< handed to the storage thread, not written yet
    std::vector<QList<RequestRecord>> m_spareRecords; ///< written batches' lists, emptied, for the next ones
    QHash<QString, qsizetype> m_spendIndex; ///< token → index in m_batch.spend
    qsizetype m_maxHeldRecords = 100'000;
    quint64 m_droppedRecords = 0;
    bool m_holding = false; ///< records wait here for the storage thread to catch up
    bool m_spendLogs = true;
    qint64 m_retentionMs = 0;
    bool m_ready = false;
    quint64 m_nextJob = 1;
    std::unordered_map<quint64, std::function<void(void*)>> m_jobs;
};

template <class R>
void StorageService::run(std::function<R(Database*)> work, std::function<void(R)> done)
{
    if (!m_worker) {
        done(work(nullptr));
        return;
    }
    const quint64 id = m_nextJob++;
    m_jobs.emplace(id, [done = std::move(done)](void* result) { done(std::move(*static_cast<R*>(result))); });
    // The worker is captured here: shutdown() clears m_worker on the gateway thread while this
    // may still be queued, and the worker outlives every task queued before its finish().
    post([this, id, worker = m_worker, work = std::move(work)]() mutable {
        auto result = std::make_shared<R>(work(workerDatabase(worker)));
        QMetaObject::invokeMethod(
            this, [this, id, result] { finishJob(id, result.get()); }, Qt::QueuedConnection);
    });
}

} // namespace sy
