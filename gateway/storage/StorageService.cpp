#include "gateway/storage/StorageService.h"

#include "gateway/core/Clock.h"
#include "gateway/storage/StorageWorker.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSemaphore>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace sy {

namespace {

// Records wait at most this long on the gateway thread; with the write that follows, a kill -9
// loses well under a second of them. The storage thread runs at the gateway's priority, so it
// keeps up beside CPU-heavy neighbours (a model server on the same cores); its writes give way
// to the gateway thread between slices of rows instead, while they keep up
// (StorageWorker::writeOne).
constexpr int kHandoffMs = 200;

} // namespace

StorageService::StorageService(const IClock& clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_instanceId(QString::number(QRandomGenerator::system()->generate64() & 0xffffffffffffULL, 36))
    , m_handoff(this)
{
    qRegisterMetaType<sy::VirtualKey>();
    qRegisterMetaType<QList<sy::VirtualKey>>();
    qRegisterMetaType<sy::StorageBatch>();
    m_batch.number = 1;
    m_handoff.setInterval(kHandoffMs);
    connect(&m_handoff, &QTimer::timeout, this, &StorageService::flush);
}

StorageService::~StorageService()
{
    shutdown();
}

void StorageService::start(const DatabaseLocation& location, bool spendLogs)
{
    if (m_worker)
        return;
    m_location = location;
    m_spendLogs = spendLogs;
    m_worker = new StorageWorker(location, spendLogs, m_clock, m_instanceId);
    m_worker->setQueuedBatches(&m_queuedBatches);
    m_thread.setObjectName(u"storage"_s);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &StorageWorker::opened, this, [this](const QList<VirtualKey>& keys, quint64 committed) {
        m_ready = true;
        emit ready(keys, committed);
    });
    connect(m_worker, &StorageWorker::openFailed, this, &StorageService::openFailed);
    connect(m_worker, &StorageWorker::keysSynced, this, &StorageService::keysSynced);
    m_thread.start();
    post([w = m_worker, retention = m_retentionMs] {
        w->setRetention(retention);
        w->open();
    });
}

void StorageService::setRetention(qint64 retentionMs)
{
    if (retentionMs == m_retentionMs)
        return;
    m_retentionMs = retentionMs;
    if (m_worker) {
        post([w = m_worker, retentionMs] {
            w->setRetention(retentionMs);
            w->prune();
        });
    }
}

void StorageService::post(std::function<void()> onWorker)
{
    QMetaObject::invokeMethod(m_worker, std::move(onWorker), Qt::QueuedConnection);
}

Database* StorageService::workerDatabase(StorageWorker* worker)
{
    return worker->database();
}

void StorageService::setSyncInterval(int ms)
{
    if (m_worker)
        post([w = m_worker, ms] { w->setSyncInterval(ms); });
}

void StorageService::record(RequestRecord record)
{
    if (!m_worker || !m_spendLogs)
        return;
    if (m_batch.records.size() >= m_maxHeldRecords)
        dropOldestRecords();
    m_batch.records.append(std::move(record));
    if (!m_handoff.isActive())
        m_handoff.start();
}

void StorageService::addSpend(const QString& token, double usd, const QDateTime& when)
{
    if (!m_worker)
        return;
    const qint64 ms = when.toMSecsSinceEpoch();
    auto it = m_spendIndex.constFind(token);
    if (it == m_spendIndex.constEnd()) {
        m_spendIndex.insert(token, m_batch.spend.size());
        m_batch.spend.append({token, usd, ms});
    } else {
        SpendDelta& d = m_batch.spend[*it];
        d.usd += usd;
        d.lastUsedMs = qMax(d.lastUsedMs, ms);
    }
    if (!m_handoff.isActive())
        m_handoff.start();
}

void StorageService::flush()
{
    handOff(false);
}

void StorageService::handOff(bool always)
{
    if (!m_worker || m_batch.isEmpty()) {
        m_handoff.stop();
        m_spareRecords.clear(); // quiet: the memory goes back
        return;
    }
    if (!always && m_queuedBatches.load(std::memory_order_relaxed) >= kMaxQueuedBatches) {
        // The batch keeps its number and grows; the handoff timer stays on and tries again.
        if (!m_holding)
            qCWarning(lcStorage).noquote()
                << "the database" << m_location.display() << "is slower than the traffic: usage records wait in memory";
        m_holding = true;
        return;
    }
    if (m_holding)
        qCInfo(lcStorage).noquote() << m_batch.records.size() << "usage records that waited go to the database now";
    m_holding = false;
    StorageBatch batch = std::exchange(m_batch, {});
    m_batch.number = batch.number + 1;
    if (!m_spareRecords.empty()) {
        m_batch.records = std::move(m_spareRecords.back());
        m_spareRecords.pop_back();
    }
    m_spendIndex.clear();
    m_queuedBatches.fetch_add(1, std::memory_order_relaxed);
    post([this, w = m_worker, batch = std::move(batch)]() mutable {
        w->write(batch);
        m_queuedBatches.fetch_sub(1, std::memory_order_relaxed);
        // Freed on the gateway thread, which allocated it. glibc frees a chunk under the lock of
        // the arena it came from: the storage thread freeing the gateway thread's records held
        // that thread's malloc lock, and preempted holding it, it stalled the gateway thread for
        // milliseconds (the p99 at one connection).
        QMetaObject::invokeMethod(
            this,
            [this, dropped = std::move(batch)]() mutable { recycle(std::move(dropped.records)); },
            Qt::QueuedConnection);
    });
}

void StorageService::dropOldestRecords()
{
    const qsizetype n = m_maxHeldRecords / 4; // a quarter at a time: a warning per quarter, not per record
    m_batch.records.remove(0, n);
    m_droppedRecords += quint64(n);
    qCWarning(lcStorage).noquote() << u"dropped the %1 oldest usage records: %2 has not kept up for a while "
                                      u"(%3 dropped since the start; spend is kept)"_s.arg(n)
                                          .arg(m_location.display())
                                          .arg(m_droppedRecords);
}

void StorageService::recycle(QList<RequestRecord> records)
{
    // Under load a batch holds thousands of records, megabytes that the allocator took fresh from
    // the system each time: growing the next list faulted in every page again (nine in ten of
    // the gateway thread's page faults, bench/README.md "Eleventh pass"). Emptied lists keep
    // their capacity for the next batches. A few are kept, as the storage thread
    // may hand a list back only after several more batches were started; none while the gateway
    // is quiet, and not a burst's outsized one.
    constexpr qsizetype kMaxSpareRecords = 8192;
    constexpr size_t kMaxSpareLists = 3;
    records.clear();
    if (m_handoff.isActive() && records.capacity() <= kMaxSpareRecords && m_spareRecords.size() < kMaxSpareLists)
        m_spareRecords.push_back(std::move(records));
}

void StorageService::flushAndWait(int timeoutMs)
{
    if (!m_worker)
        return;
    handOff(true);
    auto written = std::make_shared<QSemaphore>();
    post([written] { written->release(); }); // runs after the batch's write: events run in order
    if (!written->tryAcquire(1, timeoutMs))
        qCCritical(lcStorage) << "usage records were not written within" << timeoutMs << "ms";
}

void StorageService::shutdown(int timeoutMs)
{
    if (!m_worker)
        return;
    m_handoff.stop();
    handOff(true);
    StorageWorker* worker = std::exchange(m_worker, nullptr);
    // Posted after the last batch, so it runs after that batch is written. quit() alone could
    // end the thread's event loop before it got to them.
    auto written = std::make_shared<QSemaphore>();
    QMetaObject::invokeMethod(
        worker,
        [worker, written] {
            worker->finish();
            written->release();
        },
        Qt::QueuedConnection);
    if (!written->tryAcquire(1, timeoutMs))
        qCCritical(lcStorage) << "the storage thread did not finish writing within" << timeoutMs << "ms; waiting";
    m_thread.quit();
    m_thread.wait();
    m_jobs.clear();
    m_ready = false;
}

void StorageService::finishJob(quint64 id, void* result)
{
    const auto it = m_jobs.find(id);
    if (it == m_jobs.end())
        return;
    std::function<void(void*)> done = std::move(it->second);
    m_jobs.erase(it);
    done(result);
}

} // namespace sy
