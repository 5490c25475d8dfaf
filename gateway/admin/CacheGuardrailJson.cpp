#include "gateway/admin/CacheGuardrailJson.h"

#include "gateway/cache/ResponseCache.h"
#include "gateway/core/GuardrailSettings.h"
#include "gateway/metrics/CacheGuardrailMetrics.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sy {

namespace CacheGuardrailJson {

namespace {

QJsonArray modesOf(const GuardrailSpec& g)
{
    QJsonArray modes;
    if (g.runs(GuardrailSpec::PreCall))
        modes.append(u"pre_call"_s);
    if (g.runs(GuardrailSpec::DuringCall))
        modes.append(u"during_call"_s);
    if (g.runs(GuardrailSpec::PostCall))
        modes.append(u"post_call"_s);
    return modes;
}

QJsonObject guardrail(const GuardrailSpec& g, const CacheGuardrailMetrics& metrics)
{
    const QByteArray name = g.name.toUtf8();
    return QJsonObject{
        {u"name"_s, g.name},
        {u"type"_s, g.type},
        {u"modes"_s, modesOf(g)},
        {u"default_on"_s, g.defaultOn},
        {u"action"_s, g.action == GuardrailSpec::Action::Block ? u"block"_s : u"redact"_s},
        {u"fail_open"_s, g.isExternal() ? QJsonValue(g.failOpen) : QJsonValue()},
        {u"blocked"_s, metrics.decisions(name, "blocked")},
        {u"redacted"_s, metrics.decisions(name, "redacted")},
        {u"failed_open"_s, metrics.decisions(name, "failed_open")},
        {u"unavailable"_s, metrics.decisions(name, "unavailable")},
    };
}

} // namespace

QJsonObject cache(const ResponseCache& cache, const CacheGuardrailMetrics& metrics)
{
    const CacheSettings& s = cache.settings();
    const CacheGuardrailMetrics::CacheCounts counts = metrics.cacheCounts();
    const double lookups = counts.hits + counts.misses;
    const bool on = cache.isEnabled();
    const bool local = on && cache.typeName() == u"local";
    const bool redis = on && cache.typeName() == u"redis";
    return QJsonObject{
        {u"configured"_s, on},
        {u"type"_s, on ? QJsonValue(cache.typeName()) : QJsonValue()},
        {u"ttl"_s, on ? QJsonValue(double(s.ttl.count()) / 1000) : QJsonValue()},
        {u"namespace"_s, on && !s.ns.isEmpty() ? QJsonValue(s.ns) : QJsonValue()},
        {u"mode"_s,
         on ? QJsonValue(s.mode == CacheSettings::Mode::DefaultOn ? u"default_on"_s : u"default_off"_s) : QJsonValue()},
        {u"hits"_s, counts.hits},
        {u"misses"_s, counts.misses},
        {u"hit_rate"_s, lookups > 0 ? QJsonValue(counts.hits / lookups) : QJsonValue()},
        {u"cached_tokens"_s, counts.cachedTokens},
        {u"served_bytes"_s, counts.servedBytes},
        // Only this process's memory is known; Redis's entries are shared and not counted here.
        {u"entries"_s, local ? QJsonValue(double(cache.localEntries())) : QJsonValue()},
        {u"bytes"_s, local ? QJsonValue(double(cache.localBytes())) : QJsonValue()},
        {u"max_bytes"_s, local ? QJsonValue(double(s.maxBytes)) : QJsonValue()},
        {u"redis_reachable"_s, redis ? QJsonValue(cache.isReachable()) : QJsonValue()},
    };
}

QJsonObject guardrails(const GuardrailSettings& settings, const CacheGuardrailMetrics& metrics)
{
    QJsonArray data;
    for (const GuardrailSpec& g : settings.guardrails)
        data.append(guardrail(g, metrics));
    return QJsonObject{
        {u"configured"_s, !settings.guardrails.isEmpty()},
        {u"allowed"_s, metrics.decisions("", "allowed")},
        {u"data"_s, data},
    };
}

} // namespace CacheGuardrailJson

} // namespace sy
