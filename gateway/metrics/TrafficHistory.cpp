#include "gateway/metrics/TrafficHistory.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sy {

namespace {

double nthOf(std::vector<quint32>& samples, double fraction)
{
    const size_t k = std::min(samples.size() - 1, size_t(std::ceil(fraction * double(samples.size()))) - 1);
    std::nth_element(samples.begin(), samples.begin() + qsizetype(k), samples.end());
    return samples[k];
}

quint32 clampedMs(qint64 ms)
{
    return quint32(qBound<qint64>(0, ms, std::numeric_limits<quint32>::max()));
}

} // namespace

TrafficHistory::TrafficHistory()
{
    for (Bucket& b : m_buckets)
        b.counts.second = -1;
}

TrafficHistory::Bucket& TrafficHistory::bucketFor(qint64 second)
{
    Bucket& b = m_buckets[size_t(second % kSeconds)];
    if (b.counts.second != second) {
        b = Bucket();
        b.counts.second = second;
    }
    return b;
}

const TrafficHistory::Bucket* TrafficHistory::bucketAt(qint64 second) const
{
    if (second < 0)
        return nullptr;
    const Bucket& b = m_buckets[size_t(second % kSeconds)];
    return b.counts.second == second ? &b : nullptr;
}

TrafficHistory::Bucket* TrafficHistory::bucketInRange(qint64 second)
{
    if (second < 0 || (m_now != 0 && (second <= m_now - kSeconds || second > m_now + kMaxAheadSeconds)))
        return nullptr;
    return &bucketFor(second);
}

void TrafficHistory::add(const RequestRecord& r)
{
    const qint64 endMs = r.startedAt.toMSecsSinceEpoch() + qMax<qint64>(0, r.latencyMs);
    qint64 second = endMs / 1000;
    if (m_now == 0)
        m_now = second;
    // A record a little ahead of the last advanceTo() (the tick timer runs late) moves time on;
    // one from a clock that jumped far ahead counts now; one older than the ring is dropped.
    if (second > m_now && second <= m_now + kMaxAheadSeconds)
        advanceTo(second);
    second = qMin(second, m_now);
    if (second <= m_now - kSeconds || !r.startedAt.isValid()) {
        ++m_ignored;
        return;
    }
    ++m_added;
    Bucket& b = bucketFor(second);
    TrafficSecond& c = b.counts;
    ++c.requests;
    if (r.clientError())
        ++c.clientErrors;
    if (r.serverError())
        ++c.serverErrors;
    c.promptTokens += quint64(qMax<qint64>(0, r.usage.promptTokens));
    c.completionTokens += quint64(qMax<qint64>(0, r.usage.completionTokens));
    if (r.ttftMs >= 0 && r.succeeded()) {
        ++c.ttftCount;
        // A late sample for a second already reduced still counts towards its weight only.
        if (!b.closed)
            b.ttftSamples.push_back(clampedMs(r.ttftMs));
    }
}

void TrafficHistory::addCounts(const TrafficSecond& counts)
{
    Bucket* b = bucketInRange(counts.second);
    if (!b)
        return;
    TrafficSecond& c = b->counts;
    c.requests += counts.requests;
    c.clientErrors += counts.clientErrors;
    c.serverErrors += counts.serverErrors;
    c.promptTokens += counts.promptTokens;
    c.completionTokens += counts.completionTokens;
}

void TrafficHistory::addTtftSample(qint64 second, qint64 ttftMs)
{
    Bucket* b = bucketInRange(second);
    if (!b)
        return;
    ++b->counts.ttftCount;
    if (b->closed) {
        // Seeded seconds are closed by the advanceTo() that follows; until then they collect.
        return;
    }
    b->ttftSamples.push_back(clampedMs(ttftMs));
}

void TrafficHistory::replace(const TrafficSecond& second)
{
    if (m_now != 0 && second.second <= m_now - kSeconds)
        return;
    Bucket& b = bucketFor(second.second);
    b.counts = second;
    b.closed = true;
    std::vector<quint32>().swap(b.ttftSamples);
}

void TrafficHistory::close(Bucket& b)
{
    const auto [p50, p95] = percentiles(b);
    b.counts.ttftP50 = float(p50);
    b.counts.ttftP95 = float(p95);
    b.closed = true;
    std::vector<quint32>().swap(b.ttftSamples); // give the memory back
}

std::pair<double, double> TrafficHistory::percentiles(const Bucket& b)
{
    if (b.closed)
        return {b.counts.ttftP50, b.counts.ttftP95};
    if (b.ttftSamples.empty())
        return {-1, -1};
    std::vector<quint32> samples = b.ttftSamples;
    const double p50 = nthOf(samples, 0.50);
    const double p95 = nthOf(samples, 0.95);
    return {p50, p95};
}

void TrafficHistory::advanceTo(qint64 utcSecond)
{
    if (utcSecond <= m_now)
        return;
    const qint64 from = m_now == 0 ? utcSecond - kSeconds : m_now - kOpenSeconds - 1;
    m_now = utcSecond;
    for (qint64 s = qMax<qint64>(from, utcSecond - kSeconds); s <= utcSecond - kOpenSeconds; ++s) {
        Bucket& b = m_buckets[size_t(s % kSeconds)];
        if (b.counts.second == s && !b.closed)
            close(b);
    }
}

void TrafficHistory::closeSettled()
{
    for (Bucket& b : m_buckets) {
        if (b.counts.second >= 0 && !b.closed && b.counts.second <= m_now - kOpenSeconds)
            close(b);
    }
}

QList<TrafficSecond> TrafficHistory::seconds(qint64 from, qint64 to) const
{
    QList<TrafficSecond> out;
    from = qMax(from, m_now - kSeconds + 1);
    for (qint64 s = from; s < to; ++s) {
        const Bucket* b = bucketAt(s);
        if (!b)
            continue;
        TrafficSecond c = b->counts;
        const auto [p50, p95] = percentiles(*b);
        c.ttftP50 = float(p50);
        c.ttftP95 = float(p95);
        out.append(c);
    }
    return out;
}

TrafficTotals TrafficHistory::sum(qint64 from, qint64 to) const
{
    TrafficTotals t;
    for (qint64 s = from; s < to; ++s) {
        if (const Bucket* b = bucketAt(s)) {
            t.requests += b->counts.requests;
            t.clientErrors += b->counts.clientErrors;
            t.serverErrors += b->counts.serverErrors;
            t.promptTokens += b->counts.promptTokens;
            t.completionTokens += b->counts.completionTokens;
        }
    }
    return t;
}

QList<TrafficHistory::Point> TrafficHistory::series(int windowSeconds, int maxPoints) const
{
    QList<Point> points;
    windowSeconds = qBound(1, windowSeconds, kSeconds - 1);
    maxPoints = qMax(1, maxPoints);
    if (m_now == 0)
        return points;
    const int step = (windowSeconds + maxPoints - 1) / maxPoints;
    const qint64 end = m_now; // exclusive: the second under way is not complete
    const qint64 start = end - (windowSeconds / step) * step;
    const int errorWindow = qMax(kErrorWindowSeconds, step);
    points.reserve(windowSeconds / step);
    for (qint64 s = start; s < end; s += step) {
        const TrafficTotals span = sum(s, s + step);
        quint64 ttftWeight = 0;
        double p50Sum = 0, p95Max = -1;
        for (qint64 t = s; t < s + step; ++t) {
            const Bucket* b = bucketAt(t);
            const auto [p50, p95] = b ? percentiles(*b) : std::pair<double, double>{-1, -1};
            if (p50 >= 0) {
                p50Sum += p50 * b->counts.ttftCount;
                ttftWeight += b->counts.ttftCount;
                p95Max = qMax(p95Max, p95);
            }
        }
        const TrafficTotals recent = sum(qMax(s + step - errorWindow, end - kSeconds + 1), s + step);
        Point p;
        p.endMs = (s + step) * 1000;
        p.requestsPerSecond = double(span.requests) / step;
        p.promptTokensPerSecond = double(span.promptTokens) / step;
        p.completionTokensPerSecond = double(span.completionTokens) / step;
        if (recent.requests > 0) {
            p.clientErrorPercent = 100.0 * double(recent.clientErrors) / double(recent.requests);
            p.serverErrorPercent = 100.0 * double(recent.serverErrors) / double(recent.requests);
        }
        p.ttftP50Ms = ttftWeight ? p50Sum / double(ttftWeight) : -1;
        p.ttftP95Ms = p95Max;
        points.append(p);
    }
    return points;
}

TrafficTotals TrafficHistory::totals(int seconds) const
{
    return sum(m_now - qBound(1, seconds, kSeconds - 1), m_now);
}

} // namespace sy
