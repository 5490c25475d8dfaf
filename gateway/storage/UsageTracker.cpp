#include "gateway/storage/UsageTracker.h"

#include "gateway/core/Clock.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/StorageService.h"
#include "gateway/storage/UsageHistory.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace sy {

namespace {

constexpr int kRebaseMs = 30'000;
// A shared database's totals are read up to this long ago: this instance's later requests
// are counted live, and its earlier ones are surely written by then.
constexpr qint64 kRebaseLagMs = 10'000;
// TTFT samples read at start; beyond, older seconds show counts without TTFT.
constexpr int kMaxTtftSamples = 200'000;

struct Loaded
{
    std::optional<KeyUsageList> keys;
    std::optional<TrafficSeed> traffic;
    QString error;
};

} // namespace

UsageTracker::UsageTracker(const IClock& clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_rebase(this)
{
    m_rebase.setInterval(kRebaseMs);
    connect(&m_rebase, &QTimer::timeout, this, &UsageTracker::rebase);
}

void UsageTracker::serving()
{
    if (m_servedSinceMs == 0)
        m_servedSinceMs = m_clock.nowUtc().toMSecsSinceEpoch();
}

void UsageTracker::load(StorageService* storage)
{
    if (m_loadAsked)
        return;
    m_loadAsked = true;
    serving(); // the split: what ended before now is the database's
    m_storage = storage;
    if (!storage) {
        setLoaded();
        return;
    }
    loadTraffic();
    if (storage->location().isPostgres()) {
        m_ledger.setKeepRecent(true);
        m_rebase.start();
    }
}

void UsageTracker::loadTraffic()
{
    const qint64 cutoff = m_servedSinceMs;
    const qint64 from = cutoff - qint64(TrafficHistory::kSeconds) * 1000;
    m_storage->run<Loaded>(
        [cutoff, from](Database* db) {
            Loaded l;
            if (!db) {
                l.error = QStringLiteral("the database is unreachable");
                return l;
            }
            l.keys = UsageHistory::keyTotals(*db, cutoff, &l.error);
            if (l.keys)
                l.traffic = UsageHistory::traffic(*db, from, cutoff, kMaxTtftSamples, &l.error);
            return l;
        },
        [this, cutoff](Loaded l) {
            if (!l.keys || !l.traffic) {
                qCWarning(lcStorage).noquote() << "the dashboards start without history:" << l.error;
                setLoaded();
                return;
            }
            m_ledger.setBaseline(*l.keys, cutoff);
            for (const TrafficSecond& s : std::as_const(l.traffic->seconds))
                m_traffic.addCounts(s);
            for (const auto& [second, ms] : std::as_const(l.traffic->ttft))
                m_traffic.addTtftSample(second, ms);
            tick();
            m_traffic.closeSettled();
            setLoaded();
        });
}

void UsageTracker::setLoaded()
{
    m_loaded = true;
    emit loaded();
}

void UsageTracker::rebase()
{
    if (!m_storage || !m_storage->isReady())
        return;
    const qint64 cutoff = m_clock.nowUtc().toMSecsSinceEpoch() - kRebaseLagMs;
    if (cutoff <= m_ledger.cutoffMs())
        return;
    m_storage->run<std::optional<KeyUsageList>>(
        [cutoff](Database* db) {
            QString error;
            return db ? UsageHistory::keyTotals(*db, cutoff, &error) : std::nullopt;
        },
        [this, cutoff](std::optional<KeyUsageList> keys) {
            if (keys)
                m_ledger.setBaseline(*keys, cutoff);
        });
}

void UsageTracker::record(const RequestRecord& record)
{
    m_traffic.add(record);
    m_ledger.add(record);
}

void UsageTracker::tick()
{
    m_traffic.advanceTo(m_clock.nowUtc().toSecsSinceEpoch());
}

} // namespace sy
