#include "ui/models/MetricsHistory.h"

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

} // namespace

MetricsHistory::MetricsHistory() = default;

MetricsHistory::Bucket& MetricsHistory::bucketFor(qint64 second)
{
    Bucket& b = m_buckets[size_t(second % kSeconds)];
    if (b.second != second) {
        b = Bucket();
        b.second = second;
    }
    return b;
}

const MetricsHistory::Bucket* MetricsHistory::bucketAt(qint64 second) const
{
    if (second < 0)
        return nullptr;
    const Bucket& b = m_buckets[size_t(second % kSeconds)];
    return b.second == second ? &b : nullptr;
}

void MetricsHistory::add(const RequestRecord& r)
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
    ++b.requests;
    if (!r.succeeded() && r.status != 499)
        ++b.errors;
    if (r.status >= 500)
        ++b.serverErrors;
    b.promptTokens += quint64(qMax<qint64>(0, r.usage.promptTokens));
    b.completionTokens += quint64(qMax<qint64>(0, r.usage.completionTokens));
    if (r.ttftMs >= 0 && r.succeeded()) {
        ++b.ttftCount;
        // A late sample for a second already reduced still counts towards its weight only.
        if (!b.closed)
            b.ttftSamples.push_back(quint32(qMin<qint64>(r.ttftMs, std::numeric_limits<quint32>::max())));
    }
}

void MetricsHistory::close(Bucket& b)
{
    const auto [p50, p95] = percentiles(b);
    b.ttftP50 = float(p50);
    b.ttftP95 = float(p95);
    b.closed = true;
    std::vector<quint32>().swap(b.ttftSamples); // give the memory back
}

std::pair<double, double> MetricsHistory::percentiles(const Bucket& b)
{
    if (b.closed)
        return {b.ttftP50, b.ttftP95};
    if (b.ttftSamples.empty())
        return {-1, -1};
    std::vector<quint32> samples = b.ttftSamples;
    const double p50 = nthOf(samples, 0.50);
    const double p95 = nthOf(samples, 0.95);
    return {p50, p95};
}

void MetricsHistory::advanceTo(qint64 utcSecond)
{
    if (utcSecond <= m_now)
        return;
    const qint64 from = m_now == 0 ? utcSecond - kSeconds : m_now - kOpenSeconds - 1;
    m_now = utcSecond;
    for (qint64 s = qMax<qint64>(from, utcSecond - kSeconds); s <= utcSecond - kOpenSeconds; ++s) {
        Bucket& b = m_buckets[size_t(s % kSeconds)];
        if (b.second == s && !b.closed)
            close(b);
    }
}

QList<MetricsHistory::Point> MetricsHistory::series(int windowSeconds, int maxPoints) const
{
    QList<Point> points;
    windowSeconds = qBound(1, windowSeconds, kSeconds - 1);
    maxPoints = qMax(1, maxPoints);
    if (m_now == 0)
        return points;
    const int step = (windowSeconds + maxPoints - 1) / maxPoints;
    const qint64 end = m_now; // exclusive: the second under way is not complete
    const qint64 start = end - (windowSeconds / step) * step;
    points.reserve(windowSeconds / step);
    for (qint64 s = start; s < end; s += step) {
        quint64 requests = 0, errors = 0, prompt = 0, completion = 0, ttftWeight = 0;
        double p50Sum = 0, p95Max = -1;
        for (qint64 t = s; t < s + step; ++t) {
            const Bucket* b = bucketAt(t);
            if (!b)
                continue;
            requests += b->requests;
            errors += b->errors;
            prompt += b->promptTokens;
            completion += b->completionTokens;
            const auto [p50, p95] = percentiles(*b);
            if (p50 >= 0) {
                p50Sum += p50 * b->ttftCount;
                ttftWeight += b->ttftCount;
                p95Max = qMax(p95Max, p95);
            }
        }
        Point p;
        p.endMs = (s + step) * 1000;
        p.requestsPerSecond = double(requests) / step;
        p.promptTokensPerSecond = double(prompt) / step;
        p.completionTokensPerSecond = double(completion) / step;
        p.errorRatePercent = requests ? 100.0 * double(errors) / double(requests) : 0;
        p.ttftP50Ms = ttftWeight ? p50Sum / double(ttftWeight) : -1;
        p.ttftP95Ms = p95Max;
        points.append(p);
    }
    return points;
}

MetricsHistory::Totals MetricsHistory::totals(int seconds) const
{
    Totals t;
    for (qint64 s = m_now - qBound(1, seconds, kSeconds - 1); s < m_now; ++s) {
        if (const Bucket* b = bucketAt(s)) {
            t.requests += b->requests;
            t.errors += b->errors;
            t.serverErrors += b->serverErrors;
        }
    }
    return t;
}

} // namespace sy
