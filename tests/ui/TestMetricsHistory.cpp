#include "ui/models/MetricsHistory.h"

#include <QTest>

using namespace sy;

// The charts' data: per-second buckets, exact TTFT percentiles, bounded memory.
class TestMetricsHistory : public QObject
{
    Q_OBJECT

private:
    static constexpr qint64 kT0 = 1'767'225'600; // 2026-01-01T00:00:00Z

    static RequestRecord
    record(qint64 endSecond, int status = 200, qint64 ttft = -1, qint64 tokensIn = 0, qint64 tokensOut = 0)
    {
        RequestRecord r;
        r.latencyMs = 300;
        r.startedAt = QDateTime::fromMSecsSinceEpoch(endSecond * 1000 + 500 - r.latencyMs).toUTC();
        r.status = status;
        r.ttftMs = ttft;
        r.usage.promptTokens = tokensIn;
        r.usage.completionTokens = tokensOut;
        return r;
    }

private slots:
    void emptyHistoryHasNoPoints()
    {
        MetricsHistory h;
        QVERIFY(h.series(300, 300).isEmpty());
        h.advanceTo(kT0);
        const auto points = h.series(300, 300);
        QCOMPARE(points.size(), 300);
        QCOMPARE(points.last().requestsPerSecond, 0.0);
        QCOMPARE(points.last().ttftP50Ms, -1.0);
    }

    void countsRequestsTokensAndErrorsPerSecond()
    {
        MetricsHistory h;
        h.advanceTo(kT0);
        for (int i = 0; i < 8; ++i)
            h.add(record(kT0 + 1, 200, -1, 100, 50));
        h.add(record(kT0 + 1, 502, 40)); // a failure's first token says nothing about speed
        h.add(record(kT0 + 1, 499)); // the client left: not an error
        h.advanceTo(kT0 + 2);
        const auto points = h.series(60, 60);
        QCOMPARE(points.size(), 60);
        const MetricsHistory::Point& p = points.last();
        QCOMPARE(p.endMs, (kT0 + 2) * 1000);
        QCOMPARE(p.requestsPerSecond, 10.0);
        QCOMPARE(p.promptTokensPerSecond, 800.0);
        QCOMPARE(p.completionTokensPerSecond, 400.0);
        QCOMPARE(p.errorRatePercent, 10.0);
        QCOMPARE(p.ttftP50Ms, -1.0);
        const auto totals = h.totals(60);
        QCOMPARE(totals.requests, 10u);
        QCOMPARE(totals.errors, 1u);
        QCOMPARE(totals.serverErrors, 1u);
    }

    void ttftPercentilesAreExactPerSecond()
    {
        MetricsHistory h;
        h.advanceTo(kT0);
        for (int ms = 1; ms <= 100; ++ms)
            h.add(record(kT0, 200, ms));
        h.advanceTo(kT0 + 1);
        // Open (records may still come): computed on the fly.
        QCOMPARE(h.series(10, 10).last().ttftP50Ms, 50.0);
        QCOMPARE(h.series(10, 10).last().ttftP95Ms, 95.0);
        // Closed: reduced to the two numbers, same answer.
        h.advanceTo(kT0 + 1 + MetricsHistory::kOpenSeconds);
        const auto points = h.series(10, 10);
        const auto& p = points.at(points.size() - 1 - MetricsHistory::kOpenSeconds);
        QCOMPARE(p.ttftP50Ms, 50.0);
        QCOMPARE(p.ttftP95Ms, 95.0);
    }

    void coarsePointsMergeSeconds()
    {
        MetricsHistory h;
        h.advanceTo(kT0);
        for (int s = 0; s < 60; ++s) {
            for (int i = 0; i < s % 3; ++i) // 0, 1, 2, 0, 1, 2 requests, …
                h.add(record(kT0 + s, 200, s < 30 ? 100 : 300));
        }
        h.advanceTo(kT0 + 60 + MetricsHistory::kOpenSeconds);
        const auto points = h.series(60, 20); // 3 s per point
        QCOMPARE(points.size(), 20);
        QCOMPARE(points.constFirst().requestsPerSecond, 1.0); // seconds kT0+3..5: 0+1+2 requests
        QCOMPARE(points.constFirst().ttftP50Ms, 100.0);
        QCOMPARE(points.constLast().requestsPerSecond, 0.0); // kT0+60..62: no traffic
        const auto& p = points.at(points.size() - 2); // seconds kT0+57..59
        QCOMPARE(p.requestsPerSecond, 1.0);
        QCOMPARE(p.ttftP50Ms, 300.0);
        QCOMPARE(p.ttftP95Ms, 300.0);
    }

    void lateAndOddRecords()
    {
        MetricsHistory h;
        h.advanceTo(kT0 + 10);
        h.add(record(kT0 + 8)); // late but within the ring: counted where it belongs
        h.add(record(kT0 + 12)); // a little ahead: moves now on
        QCOMPARE(h.now(), kT0 + 12);
        h.add(record(kT0 + 3600 * 5)); // a clock far ahead: counted now
        QCOMPARE(h.now(), kT0 + 12);
        h.add(record(kT0 - 4000)); // older than the hour: ignored
        QCOMPARE(h.recordsAdded(), 3u);
        QCOMPARE(h.recordsIgnored(), 1u);
        h.advanceTo(kT0 + 13);
        QCOMPARE(h.totals(10).requests, 3u);
    }

    void theRingKeepsOneHour()
    {
        MetricsHistory h;
        h.advanceTo(kT0);
        for (qint64 s = 0; s < 2 * MetricsHistory::kSeconds; ++s) {
            h.add(record(kT0 + s, 200, 10));
            h.advanceTo(kT0 + s + 1);
        }
        const auto points = h.series(MetricsHistory::kSeconds - 1, 600);
        QVERIFY(points.size() <= 600);
        for (const auto& p : points)
            QCOMPARE(p.requestsPerSecond, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestMetricsHistory)
#include "TestMetricsHistory.moc"
