#pragma once

#include "gateway/core/RequestRecord.h"

#include <QList>
#include <QtGlobal>

#include <array>
#include <vector>

namespace sy {

/**
 * The last hour of traffic at one-second resolution, for the dashboard's charts: requests,
 * errors, tokens and time to first token. A fixed ring of 3,600 buckets, so memory stays
 * bounded however busy the gateway is; adding a record is O(1).
 *
 * TTFT percentiles are exact per second: a second keeps its samples while records for it can
 * still arrive (the gateway batches them every 250 ms), then stores only p50 and p95 and frees
 * them. A chart point covering several seconds (the 15 and 60 minute views) shows the
 * sample-weighted mean of their p50s and the highest of their p95s.
 *
 * Not a QObject and no widgets: GatewayMonitor feeds it, the charts read series() once a second.
 */
class MetricsHistory
{
public:
    static constexpr int kSeconds = 3600;
    /** Seconds that stay open for late records before their TTFT samples are reduced. */
    static constexpr int kOpenSeconds = 3;
    /** How far ahead of now a record may end and still move now on (beyond: a clock jump). */
    static constexpr int kMaxAheadSeconds = 5;

    /** One chart point: rates per second over [end - span, end). */
    struct Point
    {
        qint64 endMs = 0; ///< UTC ms since the epoch
        double requestsPerSecond = 0;
        double promptTokensPerSecond = 0;
        double completionTokensPerSecond = 0;
        double errorRatePercent = 0; ///< failed / all requests; 0 without requests
        double ttftP50Ms = -1; ///< -1: no stream finished in this span
        double ttftP95Ms = -1;
    };

    /** Requests and server errors over a recent stretch, for the tray's "degraded" state. */
    struct Totals
    {
        quint64 requests = 0;
        quint64 errors = 0; ///< any failure but 499 (the client left)
        quint64 serverErrors = 0; ///< 5xx
    };

    MetricsHistory();

    /** Counts @p record in the second it finished (started + latency). Too old: ignored. */
    void add(const RequestRecord& record);
    /** Moves "now" to @p utcSecond: closes seconds that can get no more records. */
    void advanceTo(qint64 utcSecond);
    qint64 now() const { return m_now; }

    /**
     * The @p windowSeconds before now (the second under way excluded, as it is not complete),
     * in at most @p maxPoints points, oldest first.
     */
    QList<Point> series(int windowSeconds, int maxPoints) const;
    /** Sums over the last @p seconds complete seconds. */
    Totals totals(int seconds) const;

    /** Records counted since creation, and those too old or too far ahead to count. */
    quint64 recordsAdded() const { return m_added; }
    quint64 recordsIgnored() const { return m_ignored; }

private:
    struct Bucket
    {
        qint64 second = -1; ///< UTC second this bucket holds; -1: empty
        quint32 requests = 0;
        quint32 errors = 0;
        quint32 serverErrors = 0;
        quint64 promptTokens = 0;
        quint64 completionTokens = 0;
        quint32 ttftCount = 0;
        float ttftP50 = -1; ///< set when closed
        float ttftP95 = -1;
        bool closed = false;
        std::vector<quint32> ttftSamples; ///< while open
    };

    Bucket& bucketFor(qint64 second);
    const Bucket* bucketAt(qint64 second) const;
    static void close(Bucket& b);
    /** p50 and p95 of a bucket, whether open or closed. */
    static std::pair<double, double> percentiles(const Bucket& b);

    std::array<Bucket, kSeconds> m_buckets;
    qint64 m_now = 0; ///< 0 until the first advanceTo() or record
    quint64 m_added = 0;
    quint64 m_ignored = 0;
};

} // namespace sy
