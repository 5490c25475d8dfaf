#include "gateway/metrics/TrafficHistory.h"

#include <QTest>

using namespace sy;

// The charts' data, kept by the gateway: per-second buckets, 4xx and 5xx apart, exact TTFT
// percentiles, rolling error rates, gaps where nothing was measured, bounded memory; seeded from
// the usage log, and replicated into the faces.
class TestTrafficHistory : public QObject
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
        TrafficHistory h;
        QVERIFY(h.series(300, 300).isEmpty());
        h.advanceTo(kT0);
        const auto points = h.series(300, 300);
        QCOMPARE(points.size(), 300);
        QCOMPARE(points.last().requestsPerSecond, 0.0);
        QCOMPARE(points.last().ttftP50Ms, -1.0);
    }

    void countsRequestsTokensAndErrorsPerSecond()
    {
        TrafficHistory h;
        h.advanceTo(kT0);
        for (int i = 0; i < 8; ++i)
            h.add(record(kT0 + 1, 200, -1, 100, 50));
        h.add(record(kT0 + 1, 502, 40)); // a failure's first token says nothing about speed
        h.add(record(kT0 + 1, 499)); // the client left: not an error
        h.advanceTo(kT0 + 2);
        const auto points = h.series(60, 60);
        QCOMPARE(points.size(), 60);
        const TrafficHistory::Point& p = points.last();
        QCOMPARE(p.endMs, (kT0 + 2) * 1000);
        QCOMPARE(p.requestsPerSecond, 10.0);
        QCOMPARE(p.promptTokensPerSecond, 800.0);
        QCOMPARE(p.completionTokensPerSecond, 400.0);
        QCOMPARE(p.serverErrorPercent, 10.0);
        QCOMPARE(p.clientErrorPercent, 0.0);
        QCOMPARE(p.ttftP50Ms, -1.0);
        const auto totals = h.totals(60);
        QCOMPARE(totals.requests, 10u);
        QCOMPARE(totals.clientErrors, 0u);
        QCOMPARE(totals.serverErrors, 1u);
        QCOMPARE(totals.promptTokens, 800u);
    }

    void ttftPercentilesAreExactPerSecond()
    {
        TrafficHistory h;
        h.advanceTo(kT0);
        for (int ms = 1; ms <= 100; ++ms)
            h.add(record(kT0, 200, ms));
        h.advanceTo(kT0 + 1);
        // Open (records may still come): computed on the fly.
        QCOMPARE(h.series(10, 10).last().ttftP50Ms, 50.0);
        QCOMPARE(h.series(10, 10).last().ttftP95Ms, 95.0);
        // Closed: reduced to the two numbers, same answer.
        h.advanceTo(kT0 + 1 + TrafficHistory::kOpenSeconds);
        const auto points = h.series(10, 10);
        const auto& p = points.at(points.size() - 1 - TrafficHistory::kOpenSeconds);
        QCOMPARE(p.ttftP50Ms, 50.0);
        QCOMPARE(p.ttftP95Ms, 95.0);
    }

    void coarsePointsMergeSeconds()
    {
        TrafficHistory h;
        h.advanceTo(kT0);
        for (int s = 0; s < 60; ++s) {
            for (int i = 0; i < s % 3; ++i) // 0, 1, 2, 0, 1, 2 requests, …
                h.add(record(kT0 + s, 200, s < 30 ? 100 : 300));
        }
        h.advanceTo(kT0 + 60 + TrafficHistory::kOpenSeconds);
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
        TrafficHistory h;
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
        TrafficHistory h;
        h.advanceTo(kT0);
        for (qint64 s = 0; s < 2 * TrafficHistory::kSeconds; ++s) {
            h.add(record(kT0 + s, 200, 10));
            h.advanceTo(kT0 + s + 1);
        }
        const auto points = h.series(TrafficHistory::kSeconds - 1, 600);
        QVERIFY(points.size() <= 600);
        for (const auto& p : points)
            QCOMPARE(p.requestsPerSecond, 1.0);
    }

    void errorRatesRollOverAMinuteAndKeep4xxApart()
    {
        // One request a second; every tenth is a 502, every fifth a 400 (say, over budget).
        TrafficHistory h;
        h.advanceTo(kT0);
        for (int s = 0; s < 120; ++s)
            h.add(record(kT0 + s, s % 10 == 9 ? 502 : (s % 5 == 4 ? 400 : 200)));
        h.advanceTo(kT0 + 120);
        const auto points = h.series(60, 60); // one point a second, each over the minute before it
        for (const auto& p : points) {
            QCOMPARE(p.serverErrorPercent, 10.0); // not 0 or 100 from one second to the next
            QCOMPARE(p.clientErrorPercent, 10.0);
        }
        // No requests at all in the minute: no rate, not 0 %.
        h.advanceTo(kT0 + 200);
        QCOMPARE(h.series(10, 10).last().serverErrorPercent, -1.0);
    }

    void ttftHasGapsWhereNoStreamFinished()
    {
        TrafficHistory h;
        h.advanceTo(kT0);
        for (int s = 0; s < 30; ++s)
            h.add(record(kT0 + s, 200, s < 10 || s >= 20 ? 100 : -1));
        h.advanceTo(kT0 + 30 + TrafficHistory::kOpenSeconds);
        const auto points = h.series(33, 33);
        int gaps = 0;
        for (const auto& p : points)
            gaps += p.ttftP50Ms < 0 ? 1 : 0;
        QCOMPARE(gaps, 10 + TrafficHistory::kOpenSeconds); // seconds 10..19, and the ones after
        QCOMPARE(points.at(5).ttftP50Ms, 100.0);
    }

    void aReplicaDrawsTheSameAsTheOriginal()
    {
        TrafficHistory original;
        TrafficHistory replica;
        original.advanceTo(kT0);
        for (int s = 0; s < 100; ++s) {
            for (int i = 0; i < s % 4; ++i)
                original.add(record(kT0 + s, i == 2 ? 503 : 200, 20 + s + i, 10, 5));
            original.advanceTo(kT0 + s + 1);
            // What a snapshot carries each second.
            for (const TrafficSecond& sec : original.seconds(original.now() - 6, original.now() + 1))
                replica.replace(sec);
            replica.advanceTo(original.now());
        }
        const auto a = original.series(300, 100);
        const auto b = replica.series(300, 100);
        QCOMPARE(a.size(), b.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            QCOMPARE(a.at(i).requestsPerSecond, b.at(i).requestsPerSecond);
            QCOMPARE(a.at(i).serverErrorPercent, b.at(i).serverErrorPercent);
            QCOMPARE(a.at(i).ttftP50Ms, b.at(i).ttftP50Ms);
            QCOMPARE(a.at(i).ttftP95Ms, b.at(i).ttftP95Ms);
        }
        QCOMPARE(original.totals(300), replica.totals(300));
    }

    void seededFromTheUsageLog()
    {
        TrafficHistory h;
        h.advanceTo(kT0 + 100);
        TrafficSecond s;
        s.second = kT0 + 50;
        s.requests = 4;
        s.serverErrors = 1;
        s.promptTokens = 40;
        h.addCounts(s);
        for (int ms : {10, 20, 30})
            h.addTtftSample(kT0 + 50, ms);
        h.closeSettled();
        h.add(record(kT0 + 50)); // a live record in the same second adds to it
        const TrafficTotals t = h.totals(99);
        QCOMPARE(t.requests, 5u);
        QCOMPARE(t.serverErrors, 1u);
        QCOMPARE(t.promptTokens, 40u);
        const QList<TrafficSecond> seconds = h.seconds(kT0 + 50, kT0 + 51);
        QCOMPARE(seconds.size(), 1);
        QCOMPARE(seconds.first().ttftCount, 3u);
        QCOMPARE(seconds.first().ttftP50, 20.0f);
        h.addCounts(TrafficSecond{kT0 - 7200, 9, 0, 0, 0, 0, 0, -1, -1}); // older than the hour: dropped
        QCOMPARE(h.totals(TrafficHistory::kSeconds - 1).requests, 5u);
    }
};

QTEST_GUILESS_MAIN(TestTrafficHistory)
#include "TestTrafficHistory.moc"
