#pragma once

#include <QJsonObject>

namespace sy {

class CacheGuardrailMetrics;
class ResponseCache;
struct GuardrailSettings;

/**
 * The response cache and the guardrails as the dashboards show them (issue #17, DashboardApi):
 * the settings in force and the counters /metrics exports, read on the gateway thread without
 * asking any store (Redis's reachability is its connection state as last seen).
 */
namespace CacheGuardrailJson {

/** {configured, type, ttl, namespace, mode, hits, misses, hit_rate, cached_tokens, served_bytes,
    entries, bytes, max_bytes, redis_reachable} */
QJsonObject cache(const ResponseCache& cache, const CacheGuardrailMetrics& metrics);
/** {configured, allowed, data: [{name, type, modes, default_on, action, blocked, redacted,
    failed_open, unavailable}]} */
QJsonObject guardrails(const GuardrailSettings& settings, const CacheGuardrailMetrics& metrics);

} // namespace CacheGuardrailJson

} // namespace sy
