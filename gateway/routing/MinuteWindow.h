#pragma once

#include <QtGlobal>

#include <array>
#include <limits>

namespace sy {

/**
 * A count over the last 60 seconds, in one-second buckets: requests and tokens per minute for
 * rpm/tpm limits and usage-based routing. Adding and reading cost a few array steps; old
 * buckets are cleared lazily as time moves on.
 */
class MinuteWindow
{
public:
    /** Adds @p amount (negative amounts are ignored); counts saturate instead of overflowing. */
    void add(qint64 nowMs, qint64 amount)
    {
        advance(nowMs);
        if (amount <= 0)
            return;
        // Each bucket is at most the total, so a total that cannot overflow keeps every bucket safe.
        amount = qMin(amount, std::numeric_limits<qint64>::max() - m_total);
        m_buckets[std::size_t(m_second % kBuckets)] += amount;
        m_total += amount;
    }

    qint64 total(qint64 nowMs)
    {
        advance(nowMs);
        return m_total;
    }

private:
    static constexpr qint64 kBuckets = 60;

    void advance(qint64 nowMs)
    {
        const qint64 second = nowMs / 1000;
        if (second <= m_second)
            return;
        // Clear the buckets of the seconds that passed (all of them after a minute of quiet).
        const qint64 steps = qMin(second - m_second, kBuckets);
        for (qint64 i = 1; i <= steps; ++i) {
            qint64& bucket = m_buckets[std::size_t((m_second + i) % kBuckets)];
            m_total -= bucket;
            bucket = 0;
        }
        m_second = second;
    }

    std::array<qint64, kBuckets> m_buckets{};
    qint64 m_second = 0;
    qint64 m_total = 0;
};

} // namespace sy
