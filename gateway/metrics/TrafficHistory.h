#pragma once

#include "gateway/core/RequestRecord.h"
#include "gateway/core/TrafficSecond.h"

#include <QList>
#include <QtGlobal>

#include <array>
#include <vector>

namespace sy {

/**
 * The last hour of traffic at one-second resolution: requests, 4xx and 5xx, tokens and time to
 * first token. A fixed ring of 3,600 buckets, so memory stays bounded however busy the gateway
 * is; adding a record is O(1).
 *
 * The gateway keeps the original, fed with every finished request and, at start, with the
 * usage log's last hour. The faces keep replicas fed with the seconds the snapshots carry
 * (replace()), and draw from series(): one computation, the same numbers everywhere.
 *
 * TTFT percentiles are exact per second: a second keeps its samples while records for it can
 * still arrive, then stores only p50 and p95. A chart point covering several seconds shows the
 * sample-weighted mean of their p50s and the highest of their p95s.
 */
class TrafficHistory
{
public:
    static constexpr int kSeconds = 3600;
    /** Seconds that stay open for late records before their TTFT samples are reduced. */
    static constexpr int kOpenSeconds = 3;
    /** How far ahead of now a record may end and still move now on (beyond: a clock jump). */
    static constexpr int kMaxAheadSeconds = 5;
    /** The error-rate chart's rolling window: a rate per second would jump between 0 and 100 %. */
    static constexpr int kErrorWindowSeconds = 60;

    /** One chart point: rates per second over [end - span, end). */
    struct Point
    {
        qint64 endMs = 0; ///< UTC ms since the epoch
        double requestsPerSecond = 0;
        double promptTokensPerSecond = 0;
        double completionTokensPerSecond = 0;
        /** 4xx and 5xx as a share of requests over the kErrorWindowSeconds (or the span, if
            longer) before endMs; -1 when there were no requests in it. */
        double clientErrorPercent = -1;
        double serverErrorPercent = -1;
        double ttftP50Ms = -1; ///< -1: no stream finished in this span (a gap, not a zero)
        double ttftP95Ms = -1;
    };

    TrafficHistory();

    /** Counts @p record in the second it finished (started + latency). Too old: ignored. */
    void add(const RequestRecord& record);
    /** Adds counts (not TTFT) of earlier requests to their second: the usage log at start. */
    void addCounts(const TrafficSecond& counts);
    /** Adds one earlier request's time to first token to its second (at start). */
    void addTtftSample(qint64 second, qint64 ttftMs);
    /** Replaces a second with the gateway's (a replica's update); older than the ring: ignored. */
    void replace(const TrafficSecond& second);

    /** Reduces every second older than the open ones (after addTtftSample() at start). */
    void closeSettled();
    /** Moves "now" to @p utcSecond: closes seconds that can get no more records. */
    void advanceTo(qint64 utcSecond);
    qint64 now() const { return m_now; }

    /** The seconds in [@p from, @p to) that had traffic, reduced (open ones as they stand). */
    QList<TrafficSecond> seconds(qint64 from, qint64 to) const;
    /**
     * The @p windowSeconds before now (the second under way excluded, as it is not complete),
     * in at most @p maxPoints points, oldest first.
     */
    QList<Point> series(int windowSeconds, int maxPoints) const;
    /** Sums over the last @p seconds complete seconds. */
    TrafficTotals totals(int seconds) const;

    quint64 recordsAdded() const { return m_added; }
    quint64 recordsIgnored() const { return m_ignored; }

private:
    struct Bucket
    {
        TrafficSecond counts; ///< counts.second == -1: empty
        bool closed = false;
        std::vector<quint32> ttftSamples; ///< while open
    };

    Bucket& bucketFor(qint64 second);
    const Bucket* bucketAt(qint64 second) const;
    /** The bucket for @p second if it is within the ring; null otherwise. */
    Bucket* bucketInRange(qint64 second);
    static void close(Bucket& b);
    /** p50 and p95 of a bucket, whether open or closed. */
    static std::pair<double, double> percentiles(const Bucket& b);
    /** Requests, 4xx and 5xx in [from, to). */
    TrafficTotals sum(qint64 from, qint64 to) const;

    std::array<Bucket, kSeconds> m_buckets;
    qint64 m_now = 0; ///< 0 until the first advanceTo() or record
    quint64 m_added = 0;
    quint64 m_ignored = 0;
};

} // namespace sy
