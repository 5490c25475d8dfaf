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

    void record(const RequestRecord& record);
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
