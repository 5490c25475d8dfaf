#include "gateway/metrics/CacheGuardrailMetrics.h"

#include "gateway/core/RequestRecord.h"

namespace sy {

namespace {

using Kind = MetricsRegistry::Kind;

} // namespace

CacheGuardrailMetrics::CacheGuardrailMetrics(MetricsRegistry& registry)
    : m_registry(registry)
{
    m_hits = registry.declare("litellm_cache_hits_metric", "Requests answered from the response cache.", Kind::Counter);
    m_misses = registry.declare(
        "litellm_cache_misses_metric", "Cacheable requests the response cache could not answer.", Kind::Counter);
    m_cachedTokens = registry.declare(
        "litellm_cached_tokens_metric", "Prompt plus completion tokens answered from the cache.", Kind::Counter);
    m_servedBytes = registry.declare(
        "switchyard_cache_served_bytes_total", "Response bytes sent from the response cache.", Kind::Counter);
    m_storeBytes
        = registry.declare("switchyard_cache_bytes", "Bytes held by the in-memory response cache.", Kind::Gauge);
    m_decisions = registry.declare("switchyard_guardrail_decisions_total",
                                   "Guardrail decisions: allowed requests, and each block, redaction or failure "
                                   "by guardrail.",
                                   Kind::Counter);
}

void CacheGuardrailMetrics::record(const RequestRecord& r)
{
    if (!r.cacheStatus.isEmpty()) {
        const QByteArray group = r.group.toUtf8();
        if (r.cacheStatus == "hit") {
            m_registry.add(m_hits, {{"requested_model", group}});
            m_registry.add(m_cachedTokens, {{"requested_model", group}}, double(r.usage.totalTokens()));
            m_registry.add(m_servedBytes, {}, double(r.bytesOut));
        } else if (r.cacheStatus == "miss") {
            m_registry.add(m_misses, {{"requested_model", group}});
        }
    }
    if (r.guardrailDecision.isEmpty())
        return;
    if (r.guardrailDecision == "allowed") {
        m_registry.add(m_decisions, {{"guardrail", ""}, {"decision", "allowed"}});
        return;
    }
    // "blocked: secrets, failed open: llm-guard"
    for (const QByteArray& item : r.guardrailDecision.split(',')) {
        const qsizetype colon = item.indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray decision = item.left(colon).trimmed().replace(' ', '_');
        const QByteArray name = item.mid(colon + 1).trimmed();
        m_registry.add(m_decisions, {{"guardrail", name}, {"decision", decision}});
    }
}

CacheGuardrailMetrics::CacheCounts CacheGuardrailMetrics::cacheCounts() const
{
    return {m_registry.total(m_hits),
            m_registry.total(m_misses),
            m_registry.total(m_cachedTokens),
            m_registry.total(m_servedBytes)};
}

double CacheGuardrailMetrics::decisions(QByteArrayView guardrail, QByteArrayView decision) const
{
    return m_registry.value(m_decisions, {{"guardrail", guardrail}, {"decision", decision}});
}

void CacheGuardrailMetrics::setStoreBytes(qint64 bytes)
{
    m_registry.set(m_storeBytes, {}, double(bytes));
}

} // namespace sy
