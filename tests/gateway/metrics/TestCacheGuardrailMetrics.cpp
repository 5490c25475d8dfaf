#include "gateway/core/RequestRecord.h"
#include "gateway/metrics/CacheGuardrailMetrics.h"
#include "gateway/metrics/MetricsRegistry.h"

#include <QTest>

using namespace sy;

namespace {

RequestRecord record(const QString& group, const QByteArray& cacheStatus, const QByteArray& decision = {})
{
    RequestRecord r;
    r.group = group;
    r.cacheStatus = cacheStatus;
    r.guardrailDecision = decision;
    r.usage.promptTokens = 3;
    r.usage.completionTokens = 5;
    r.bytesOut = 100;
    return r;
}

} // namespace

// What the dashboards read back (issue #17): the same series /metrics exports, summed over groups.
class TestCacheGuardrailMetrics : public QObject
{
    Q_OBJECT

private slots:
    void cacheCountsSumEveryGroup()
    {
        MetricsRegistry registry;
        CacheGuardrailMetrics metrics(registry);
        QCOMPARE(metrics.cacheCounts().hits, 0.0);
        metrics.record(record(QStringLiteral("a"), "hit"));
        metrics.record(record(QStringLiteral("b"), "hit"));
        metrics.record(record(QStringLiteral("b"), "miss"));
        metrics.record(record(QStringLiteral("b"), "bypass"));
        metrics.record(record(QStringLiteral("b"), {}));
        const CacheGuardrailMetrics::CacheCounts counts = metrics.cacheCounts();
        QCOMPARE(counts.hits, 2.0);
        QCOMPARE(counts.misses, 1.0);
        QCOMPARE(counts.cachedTokens, 16.0);
        QCOMPARE(counts.servedBytes, 200.0);
        const QByteArray text = registry.exposition();
        QVERIFY(text.contains("litellm_cache_hits_metric_total{requested_model=\"a\"} 1\n"));
        QVERIFY(text.contains("litellm_cache_hits_metric_total{requested_model=\"b\"} 1\n"));
    }

    void decisionsPerGuardrail()
    {
        MetricsRegistry registry;
        CacheGuardrailMetrics metrics(registry);
        metrics.record(record(QStringLiteral("a"), {}, "allowed"));
        metrics.record(record(QStringLiteral("a"), {}, "allowed"));
        metrics.record(record(QStringLiteral("a"), {}, "blocked: secrets, failed open: llm-guard"));
        metrics.record(record(QStringLiteral("a"), {}, "redacted: pii"));
        QCOMPARE(metrics.decisions("", "allowed"), 2.0);
        QCOMPARE(metrics.decisions("secrets", "blocked"), 1.0);
        QCOMPARE(metrics.decisions("llm-guard", "failed_open"), 1.0);
        QCOMPARE(metrics.decisions("pii", "redacted"), 1.0);
        QCOMPARE(metrics.decisions("pii", "blocked"), 0.0);
        QCOMPARE(metrics.decisions("unknown", "blocked"), 0.0);
        QVERIFY(registry.exposition().contains(
            "switchyard_guardrail_decisions_total{guardrail=\"llm-guard\",decision=\"failed_open\"} 1\n"));
    }
};

QTEST_APPLESS_MAIN(TestCacheGuardrailMetrics)
#include "TestCacheGuardrailMetrics.moc"
