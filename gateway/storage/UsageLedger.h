#pragma once

#include "gateway/core/KeyUsage.h"
#include "gateway/core/RequestRecord.h"

#include <QHash>

#include <deque>

namespace sy {

/**
 * Usage per API key, all time, exactly as the usage log counts it, without asking the database
 * every second: the log's totals up to a cut-off time (a baseline, read on the storage thread)
 * plus this process's requests that ended since. Records are partitioned by their end time, so
 * none is counted twice or missed however late the baseline arrives.
 *
 * With one instance, one baseline at start does (cut off when the gateway starts serving). When
 * several instances share a database, rebase() with a later cut-off picks up the others'
 * requests; the records this one counted before it are then dropped (keepRecent must be on).
 * Gateway thread only.
 */
class UsageLedger
{
public:
    /** @p keepRecent: keep the records since the cut-off, so that rebase() can move it later. */
    explicit UsageLedger(bool keepRecent = false);

    void setKeepRecent(bool on) { m_keepRecent = on; }
    /** The cut-off in force: records ending at or after it are counted live. */
    qint64 cutoffMs() const { return m_cutoffMs; }
    /** Records ending before @p cutoffMs are the baseline's from now on (before it arrives too). */
    void setCutoff(qint64 cutoffMs);
    /** The log's totals of requests that ended before the cut-off given to setCutoff(). */
    void setBaseline(const KeyUsageList& baseline, qint64 cutoffMs);

    void add(const RequestRecord& record);

    /** Baseline plus live, one entry per key seen; in no particular order. */
    KeyUsageList totals() const;
    /** Whether a baseline arrived (else totals() has this process's requests only). */
    bool hasBaseline() const { return m_hasBaseline; }

    /** @p record's counts (the log's definition of each number). */
    static KeyUsage countsOf(const RequestRecord& record);

private:
    struct Recent
    {
        qint64 endMs;
        KeyUsage usage; ///< the one record's counts
    };
    void rebuildLive();
    static void merge(KeyUsage& into, const KeyUsage& add);

    bool m_keepRecent;
    bool m_hasBaseline = false;
    qint64 m_cutoffMs = 0;
    QHash<QString, KeyUsage> m_baseline;
    QHash<QString, KeyUsage> m_live;
    std::deque<Recent> m_recent; ///< oldest first; only with keepRecent
};

} // namespace sy
