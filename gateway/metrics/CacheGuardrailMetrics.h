#pragma once

#include "gateway/metrics/MetricsRegistry.h"

#include <QHash>

namespace sy {

struct RequestRecord;

/**
 * The response cache's and the guardrails' metrics (issue #16), read from each request's
 * record: LiteLLM's litellm_cache_hits_metric, litellm_cache_misses_metric and
 * litellm_cached_tokens_metric per model group, the bytes answered from the cache and held by
 * the in-memory store, and switchyard_guardrail_decisions_total per guardrail and decision.
 */
class CacheGuardrailMetrics
{
public:
    explicit CacheGuardrailMetrics(MetricsRegistry& registry);

    /** The cache's counters summed over model groups, as /metrics exports them per group. */
    struct CacheCounts
    {
        double hits = 0;
        double misses = 0;
        double cachedTokens = 0;
        double servedBytes = 0;
    };

    void record(const RequestRecord& record);
    CacheCounts cacheCounts() const;
    /** switchyard_guardrail_decisions_total for @p guardrail ("" for allowed requests) and
        @p decision (allowed, blocked, redacted, failed_open, unavailable). */
    double decisions(QByteArrayView guardrail, QByteArrayView decision) const;
    /** The in-memory cache's size, set before each scrape. */
    void setStoreBytes(qint64 bytes);

private:
    MetricsRegistry& m_registry;
    int m_hits;
    int m_misses;
    int m_cachedTokens;
    int m_servedBytes;
    int m_storeBytes;
    int m_decisions;
};

} // namespace sy
