#include "gateway/config/SectionParsers.h"

#include "gateway/config/YamlReader.h"
#include "gateway/core/GatewayConfig.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// LiteLLM's strategy names, plus the spellings the seeds use.
std::optional<QString> strategyNamed(const QString& name)
{
    const QString n = name.trimmed().toLower().replace(u'_', u'-');
    if (n == u"simple-shuffle" || n == u"weighted" || n == u"random-choice" || n == u"random" || n == u"shuffle")
        return u"simple-shuffle"_s;
    if (n == u"round-robin" || n == u"simple-round-robin")
        return u"round-robin"_s;
    if (n == u"least-busy")
        return u"least-busy"_s;
    if (n == u"latency-based-routing" || n == u"latency-based")
        return u"latency-based-routing"_s;
    if (n == u"usage-based-routing" || n == u"usage-based-routing-v2")
        return u"usage-based-routing-v2"_s;
    if (n == u"cost-based-routing" || n == u"cost-based" || n == u"lowest-cost")
        return u"cost-based-routing"_s;
    return std::nullopt;
}

std::optional<QString> readStrategy(YamlReader& reader, const YAML::Node& map, const char* key, const QString& path)
{
    const auto text = reader.string(map, key, path);
    if (!text)
        return std::nullopt;
    const auto strategy = strategyNamed(*text);
    if (!strategy) {
        reader.error(map[key],
                     YamlReader::join(path, key),
                     u"unknown routing strategy \"%1\"; expected simple-shuffle, round-robin, least-busy, "
                     u"latency-based-routing, usage-based-routing-v2 or cost-based-routing"_s.arg(*text));
    }
    return strategy;
}

// LiteLLM writes fallbacks as a list of one-key maps: [{"gpt-4": ["gpt-3.5"]}, …].
void readFallbacks(
    YamlReader& reader, const YAML::Node& parent, const char* key, const QString& path, QList<FallbackRule>& out)
{
    const YAML::Node list = reader.sequence(parent, key, path);
    for (std::size_t i = 0; list.IsDefined() && i < list.size(); ++i) {
        const QString itemPath = YamlReader::join(path, key) + u"[%1]"_s.arg(i);
        if (!list[i].IsMap()) {
            reader.error(list[i], itemPath, u"expected {model_group: [fallback groups]}"_s);
            continue;
        }
        for (auto it = list[i].begin(); it != list[i].end(); ++it) {
            FallbackRule rule;
            rule.group = QString::fromStdString(it->first.Scalar());
            rule.line = it->first.Mark().line + 1;
            rule.column = it->first.Mark().column + 1;
            const YAML::Node targets = it->second;
            if (targets.IsScalar())
                rule.fallbacks.append(QString::fromStdString(targets.Scalar()));
            for (std::size_t j = 0; targets.IsSequence() && j < targets.size(); ++j)
                rule.fallbacks.append(QString::fromStdString(targets[j].Scalar()));
            if (rule.fallbacks.isEmpty())
                reader.error(it->second, itemPath, u"expected a list of fallback model groups"_s);
            else
                out.append(rule);
        }
    }
}

void readRedis(YamlReader& reader, const YAML::Node& map, const QString& path, const char* prefix, RedisSettings& redis)
{
    auto key = [prefix](const char* name) { return std::string(prefix) + name; };
    if (auto v = reader.string(map, key("host").c_str(), path))
        redis.host = *v;
    if (auto v = reader.integer(map, key("port").c_str(), path, 1, 65535))
        redis.port = int(*v);
    if (auto v = reader.string(map, key("password").c_str(), path))
        redis.password = *v;
    if (auto v = reader.string(map, key("url").c_str(), path))
        redis.url = *v;
    if (auto v = reader.integer(map, key("db").c_str(), path, 0, 1024))
        redis.db = int(*v);
}

// model_group_alias: {alias: group}, or {alias: {model: group, hidden: true}} to keep the alias
// out of /v1/models.
void readAliases(YamlReader& reader, const YAML::Node& router, RoutingSettings& r)
{
    const QString path = u"router_settings.model_group_alias"_s;
    const YAML::Node aliases = reader.map(router, "model_group_alias", u"router_settings"_s);
    for (auto it = aliases.begin(); aliases.IsDefined() && it != aliases.end(); ++it) {
        const QString alias = QString::fromStdString(it->first.Scalar());
        const QString aliasPath = path + u'.' + alias;
        if (it->second.IsScalar()) {
            r.modelGroupAlias.insert(alias, QString::fromStdString(it->second.Scalar()).trimmed());
            continue;
        }
        const std::optional<QString> group = reader.string(it->second, "model", aliasPath);
        if (!it->second.IsMap() || !group) {
            reader.error(it->second, aliasPath, u"expected a model group, or {model: group, hidden: true}"_s);
            continue;
        }
        r.modelGroupAlias.insert(alias, group->trimmed());
        if (reader.boolean(it->second, "hidden", aliasPath).value_or(false))
            r.hiddenAliases.insert(alias);
        reader.warnUnknownKeys(it->second, {u"model"_s, u"hidden"_s}, aliasPath);
    }
}

// Seed 000's `routers:` builds a logical group over named groups; it becomes an alias group
// whose deployments are the routes' deployments (made in ConfigLoader, once all are parsed).
void readRouters(YamlReader& reader, const YAML::Node& router, RoutingSettings& routing, QList<AliasGroup>& aliases)
{
    const QString path = u"router_settings.routers"_s;
    const YAML::Node list = reader.sequence(router, "routers", u"router_settings"_s);
    for (std::size_t i = 0; list.IsDefined() && i < list.size(); ++i) {
        const QString itemPath = path + u"[%1]"_s.arg(i);
        const YAML::Node entry = list[i];
        const auto name = reader.string(entry, "model_name", itemPath);
        const YAML::Node routes = reader.sequence(entry, "routes", itemPath);
        if (!name || !routes.IsDefined()) {
            reader.error(entry, itemPath, u"expected model_name and a list of routes (model groups)"_s);
            continue;
        }
        AliasGroup alias{*name, {}, entry.Mark().line + 1, entry.Mark().column + 1};
        for (std::size_t j = 0; j < routes.size(); ++j)
            alias.routes.append(QString::fromStdString(routes[j].Scalar()));
        if (auto strategy = readStrategy(reader, entry, "routing_strategy", itemPath))
            routing.groupStrategies.insert(*name, *strategy);
        reader.warnUnknownKeys(entry, {u"model_name"_s, u"routing_strategy"_s, u"routes"_s}, itemPath);
        aliases.append(alias);
    }
}

} // namespace

namespace SectionParsers {

void routerSettings(YamlReader& reader, const YAML::Node& root, GatewayConfig& config)
{
    const QString path = u"router_settings"_s;
    const YAML::Node router = reader.map(root, "router_settings", {});
    if (!router.IsDefined())
        return;
    RoutingSettings& r = config.routing;
    if (auto strategy = readStrategy(reader, router, "routing_strategy", path))
        r.strategy = *strategy;
    if (auto n = reader.integer(router, "num_retries", path, 0, 20))
        r.numRetries = int(*n);
    if (auto t = reader.seconds(router, "timeout", path))
        r.defaultTimeout = *t;
    if (auto n = reader.integer(router, "allowed_fails", path, 1, 1000))
        r.allowedFails = int(*n);
    if (auto t = reader.seconds(router, "cooldown_time", path))
        r.cooldownTime = *t;
    if (auto on = reader.boolean(router, "enable_pre_call_checks", path))
        r.enablePreCallChecks = *on;
    if (auto on = reader.boolean(router, "session_affinity", path))
        r.sessionAffinity = *on;
    if (auto n = reader.integer(router, "queue_size", path, 0, 1'000'000))
        r.queueSize = int(*n);
    if (auto t = reader.seconds(router, "queue_timeout", path))
        r.queueTimeout = *t;
    readFallbacks(reader, router, "fallbacks", path, r.fallbacks);
    readFallbacks(reader, router, "context_window_fallbacks", path, r.contextWindowFallbacks);
    if (const YAML::Node d = reader.sequence(router, "default_fallbacks", path); d.IsDefined()) {
        for (std::size_t i = 0; i < d.size(); ++i)
            r.defaultFallbacks.append(QString::fromStdString(d[i].Scalar()));
    }
    readAliases(reader, router, r);
    readRedis(reader, router, path, "redis_", r.redis);
    readRouters(reader, router, r, config.aliasGroups);
    reader.warnUnknownKeys(router,
                           {u"routing_strategy"_s,
                            u"num_retries"_s,
                            u"timeout"_s,
                            u"allowed_fails"_s,
                            u"cooldown_time"_s,
                            u"enable_pre_call_checks"_s,
                            u"session_affinity"_s,
                            u"queue_size"_s,
                            u"queue_timeout"_s,
                            u"fallbacks"_s,
                            u"context_window_fallbacks"_s,
                            u"default_fallbacks"_s,
                            u"model_group_alias"_s,
                            u"redis_host"_s,
                            u"redis_port"_s,
                            u"redis_password"_s,
                            u"redis_url"_s,
                            u"redis_db"_s,
                            u"routers"_s},
                           path);
}

void litellmSettings(YamlReader& reader, const YAML::Node& root, GatewayConfig& config)
{
    const QString path = u"litellm_settings"_s;
    const YAML::Node settings = reader.map(root, "litellm_settings", {});
    if (!settings.IsDefined())
        return;
    if (auto n = reader.integer(settings, "num_retries", path, 0, 20))
        config.routing.numRetries = int(*n);
    if (auto t = reader.seconds(settings, "request_timeout", path))
        config.routing.defaultTimeout = *t;
    readFallbacks(reader, settings, "fallbacks", path, config.routing.fallbacks);
    readFallbacks(reader, settings, "context_window_fallbacks", path, config.routing.contextWindowFallbacks);
    cacheSettings(reader, settings, config); // issue #16
    guardrails(reader, settings["guardrails"], u"litellm_settings.guardrails"_s, config);
    // Seed 000 puts general_settings inside litellm_settings; its intent is plain.
    if (const YAML::Node general = reader.map(settings, "general_settings", path); general.IsDefined()) {
        reader.warning(settings["general_settings"],
                       u"litellm_settings.general_settings"_s,
                       u"general_settings belongs at the top level of the file; read from here anyway"_s);
        generalSettings(reader, general, "litellm_settings.general_settings", config);
    }
    // LiteLLM's spelling of gateway.metrics_require_auth.
    if (auto on = reader.boolean(settings, "require_auth_for_metrics_endpoint", path))
        config.metricsRequireAuth = *on;
    if (settings["callbacks"].IsDefined()) {
        reader.warning(settings["callbacks"],
                       u"litellm_settings.callbacks"_s,
                       u"callbacks are not needed: Prometheus metrics are always served on /metrics"_s);
    }
    reader.warnUnknownKeys(settings,
                           {u"num_retries"_s,
                            u"request_timeout"_s,
                            u"fallbacks"_s,
                            u"context_window_fallbacks"_s,
                            u"cache"_s,
                            u"cache_params"_s,
                            u"cache_type"_s,
                            u"cache_kwargs"_s,
                            u"guardrails"_s,
                            u"general_settings"_s,
                            u"callbacks"_s,
                            u"require_auth_for_metrics_endpoint"_s},
                           path);
}

} // namespace SectionParsers

} // namespace sy
