#include "gateway/storage/StorageWorker.h"

#include "gateway/core/Clock.h"
#include "gateway/core/RequestLogId.h"
#include "gateway/storage/KeyRepository.h"
#include "gateway/storage/UsageRepository.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QThread>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace sy {

namespace {

constexpr int kSyncMs = 2000;
constexpr int kRetryMs = 3000;
// While the database is down, records wait in memory up to this many; older ones are dropped.
constexpr qsizetype kMaxPendingRecords = 200'000;
constexpr int kMaxAttempts = 3;
constexpr int kPruneMs = 10 * 60 * 1000;
constexpr int kPruneBatch = 2000;
// Usage rows inserted on SQLite between two chances for other threads to run (see writeOne).
constexpr qsizetype kRowsPerSlice = 16;

} // namespace

StorageWorker::StorageWorker(DatabaseLocation location, bool spendLogs, const IClock& clock, QString instanceId)
    : m_location(std::move(location))
    , m_spendLogs(spendLogs)
    , m_clock(clock)
    , m_instanceId(std::move(instanceId))
    , m_syncTimer(this)
    , m_retryTimer(this)
    , m_pruneTimer(this)
{
    m_pruneTimer.setInterval(kPruneMs);
    connect(&m_pruneTimer, &QTimer::timeout, this, &StorageWorker::prune);
    m_syncTimer.setInterval(kSyncMs);
    connect(&m_syncTimer, &QTimer::timeout, this, &StorageWorker::sync);
    m_retryTimer.setInterval(kRetryMs);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (!m_everOpened)
            open();
        else
            retryPending();
    });
}

StorageWorker::~StorageWorker() = default;

qsizetype StorageWorker::backlog() const
{
    qsizetype n = 0;
    for (const StorageBatch& b : m_pending)
        n += b.records.size();
    return n;
}

void StorageWorker::noteFailure(const QString& what, const QString& error)
{
    if (!m_failing) {
        qCCritical(lcStorage).noquote() << what << "failed on" << m_location.display() << ":" << error
                                        << "- usage records wait in memory and are written when it is back";
    }
    m_failing = true;
    if (!m_retryTimer.isActive())
        m_retryTimer.start();
}

void StorageWorker::open()
{
    QString error;
    if (!m_db.open(m_location, &error)) {
        if (!m_failing)
            qCCritical(lcStorage).noquote()
                << "cannot open the key and usage database:" << error << "- retrying every" << kRetryMs / 1000 << "s";
        m_failing = true;
        emit openFailed(error);
        if (!m_retryTimer.isActive())
            m_retryTimer.start();
        return;
    }
    const std::optional<QList<VirtualKey>> keys = KeyRepository::loadAll(m_db, &error);
    if (!keys) {
        m_db.close();
        noteFailure(u"reading the keys"_s, error);
        emit openFailed(error);
        return;
    }
    if (m_failing)
        qCInfo(lcStorage).noquote() << "database" << m_location.display() << "is available again";
    m_failing = false;
    m_everOpened = true;
    m_retryTimer.stop();
    qCInfo(lcStorage).noquote() << "keys and usage in" << m_location.display() << "(" << keys->size() << "keys)";
    emit opened(*keys, m_committed);
    m_syncTimer.start();
    m_pruneTimer.start();
    prune();
}

bool StorageWorker::writeOne(const StorageBatch& batch, QString* error)
{
    if (!m_db.isOpen()) {
        *error = u"not connected"_s;
        return false;
    }
    if (!m_db.begin()) {
        *error = m_db.sql().lastError().text();
        return false;
    }
    bool ok = true;
    // On SQLite a slice at a time, giving way between slices: a batch under load takes the CPU
    // for milliseconds, and the scheduler let the gateway thread wait behind it when both had last
    // run on the same core (the tail at one connection; bench/README.md, "Profiling"). But each
    // time it gives way, every other busy thread on the core runs first: beside a model server
    // that busies the cores, batches then piled up and a kill -9 lost seconds of records
    // (bench/README.md, "Thirteenth pass"). So it gives way only while it keeps up. PostgreSQL
    // waits on the network between statements anyway, and keeps its multi-row statements whole.
    const qsizetype slice = m_db.isPostgres() ? qMax<qsizetype>(1, batch.records.size()) : kRowsPerSlice;
    for (qsizetype from = 0; ok && m_spendLogs && from < batch.records.size(); from += slice) {
        const bool behind = m_queuedBatches && m_queuedBatches->load(std::memory_order_relaxed) > 1;
        if (from > 0 && !behind)
            QThread::yieldCurrentThread();
        QList<StoredRecord> rows;
        const qsizetype to = qMin(from + slice, batch.records.size());
        rows.reserve(to - from);
        for (qsizetype i = from; i < to; ++i) {
            const RequestRecord& r = batch.records.at(i);
            rows.append({r.logId.isEmpty() ? requestLogId(m_instanceId, r.requestId) : r.logId, r});
        }
        ok = UsageRepository::insert(m_db, rows, error);
    }
    for (qsizetype i = 0; ok && i < batch.spend.size(); ++i) {
        const SpendDelta& d = batch.spend.at(i);
        ok = KeyRepository::addSpend(m_db, d.token, d.usd, d.lastUsedMs, error);
    }
    if (ok && m_db.commit()) {
        m_committed = qMax(m_committed, batch.number);
        return true;
    }
    if (ok)
        *error = m_db.sql().lastError().text();
    m_db.rollback();
    return false;
}

void StorageWorker::write(const StorageBatch& batch)
{
    if (!m_pending.isEmpty()) {
        m_pending.append(batch);
        retryPending();
        return;
    }
    QString error;
    if (writeOne(batch, &error)) {
        m_failing = false;
        return;
    }
    m_pending.append(batch);
    noteFailure(u"writing usage"_s, error);
}

bool StorageWorker::ensureConnected()
{
    QString error;
    // A PostgreSQL connection that failed may be dead without QtSql knowing: start a new one.
    const bool fresh = !m_db.isOpen() || m_db.isPostgres();
    if (fresh && !(m_db.isOpen() ? m_db.reconnect(&error) : m_db.open(m_location, &error))) {
        noteFailure(u"reconnecting"_s, error);
        return false;
    }
    return true;
}

void StorageWorker::retryPending()
{
    if (!ensureConnected()) {
        // Keep memory bounded while the database stays away.
        qsizetype excess = backlog() - kMaxPendingRecords;
        while (excess > 0 && !m_pending.isEmpty()) {
            excess -= m_pending.first().records.size();
            qCWarning(lcStorage) << "dropping" << m_pending.first().records.size()
                                 << "usage records: the database has been unavailable too long";
            m_pending.removeFirst();
        }
        return;
    }
    while (!m_pending.isEmpty()) {
        QString error;
        if (!writeOne(m_pending.first(), &error)) {
            // Reachable, yet this batch keeps failing: something in it the database refuses.
            // Drop it rather than block every later record behind it.
            if (++m_attempts >= kMaxAttempts) {
                qCCritical(lcStorage).noquote() << "dropping a batch of" << m_pending.first().records.size()
                                                << "usage records the database refuses:" << error;
                m_pending.removeFirst();
                m_attempts = 0;
                continue;
            }
            noteFailure(u"writing usage"_s, error);
            return;
        }
        m_attempts = 0;
        m_pending.removeFirst();
    }
    if (m_failing)
        qCInfo(lcStorage).noquote() << "database" << m_location.display() << "is available again; backlog written";
    m_failing = false;
    m_retryTimer.stop();
}

void StorageWorker::sync()
{
    if (!m_db.isOpen() || !m_pending.isEmpty())
        return;
    QString error;
    if (KeyRepository::resetEndedBudgets(m_db, m_clock.nowUtc(), &error) < 0) {
        noteFailure(u"resetting budgets"_s, error);
        return;
    }
    const std::optional<QList<VirtualKey>> keys = KeyRepository::loadAll(m_db, &error);
    if (!keys) {
        noteFailure(u"reading the keys"_s, error);
        return;
    }
    emit keysSynced(*keys, m_committed);
}

void StorageWorker::prune()
{
    if (m_retentionMs <= 0 || !m_db.isOpen() || !m_pending.isEmpty())
        return;
    const qint64 cutoff = m_clock.nowUtc().toMSecsSinceEpoch() - m_retentionMs;
    QString error;
    const std::optional<qint64> rows = UsageRepository::prune(m_db, cutoff, kPruneBatch, &error);
    if (!rows) {
        qCWarning(lcStorage).noquote() << "deleting old usage records failed:" << error;
        m_prunedThisPass = 0;
        return;
    }
    m_prunedThisPass += *rows;
    if (*rows >= kPruneBatch) {
        QTimer::singleShot(0, this, &StorageWorker::prune); // more to go, after what is queued
        return;
    }
    if (m_prunedThisPass > 0) {
        qCInfo(lcStorage) << "deleted" << m_prunedThisPass << "usage records older than"
                          << m_retentionMs / (24 * 3600 * 1000.0) << "days (general_settings.spend_logs_retention)";
    }
    emit pruned(std::exchange(m_prunedThisPass, 0));
}

void StorageWorker::finish()
{
    m_pruneTimer.stop();
    m_syncTimer.stop();
    m_retryTimer.stop();
    if (!m_pending.isEmpty())
        retryPending();
    if (!m_pending.isEmpty())
        qCCritical(lcStorage) << backlog() << "usage records could not be written before shutdown";
    m_db.close();
}

} // namespace sy
