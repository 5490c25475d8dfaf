#include "gateway/config/SectionParsers.h"

#include "gateway/config/YamlReader.h"
#include "gateway/core/GatewayConfig.h"

using namespace Qt::StringLiterals;

namespace sy::SectionParsers {

// Seed 003 configures LiteLLM with sections LiteLLM does not have. Their intent is clear, so
// each is mapped onto the equivalent setting, with a warning that says where it belongs.
void seedSections(YamlReader& reader, const YAML::Node& root, GatewayConfig& config)
{
    if (const YAML::Node lb = reader.map(root, "load_balancing_config", {}); lb.IsDefined()) {
        const QString path = u"load_balancing_config"_s;
        reader.warning(root["load_balancing_config"],
                       path,
                       u"not a LiteLLM key; read as router_settings.routing_strategy and health checks"_s);
        if (auto strategy = reader.string(lb, "strategy", path)) {
            const QString s = strategy->trimmed().toLower();
            config.routing.strategy = s == u"least_busy" || s == u"least-busy" ? u"least-busy"_s
                : s == u"round_robin" || s == u"round-robin"                   ? u"round-robin"_s
                                                                               : u"simple-shuffle"_s;
            if (s != u"least_busy" && s != u"least-busy" && s != u"round_robin" && s != u"round-robin"
                && s != u"weighted")
                reader.error(lb["strategy"],
                             u"load_balancing_config.strategy"_s,
                             u"expected round_robin, least_busy or weighted"_s);
        }
        if (auto on = reader.boolean(lb, "health_check_enabled", path))
            config.health.background = *on;
        if (auto s = reader.seconds(lb, "health_check_interval", path))
            config.health.interval = *s;
        reader.boolean(lb, "enable_fallback", path); // fallbacks apply whenever fallback_models are given
        reader.warnUnknownKeys(
            lb, {u"strategy"_s, u"health_check_enabled"_s, u"health_check_interval"_s, u"enable_fallback"_s}, path);
    }
    if (const YAML::Node hc = reader.map(root, "health_check", {}); hc.IsDefined()) {
        const QString path = u"health_check"_s;
        reader.warning(root["health_check"], path, u"not a LiteLLM key; read as Switchyard's health check settings"_s);
        healthCheck(reader, hc, path, config.health);
    }
    if (const YAML::Node fb = reader.map(root, "fallback_models", {}); fb.IsDefined()) {
        reader.warning(
            root["fallback_models"], u"fallback_models"_s, u"not a LiteLLM key; read as router_settings.fallbacks"_s);
        for (auto it = fb.begin(); it != fb.end(); ++it) {
            FallbackRule rule;
            rule.group = QString::fromStdString(it->first.Scalar());
            rule.line = it->first.Mark().line + 1;
            rule.column = it->first.Mark().column + 1;
            const YAML::Node targets = it->second;
            for (std::size_t i = 0; targets.IsSequence() && i < targets.size(); ++i) {
                const YAML::Node t = targets[i];
                const YAML::Node name = t.IsMap() ? t["model_name"] : t;
                if (name.IsDefined() && name.IsScalar())
                    rule.fallbacks.append(QString::fromStdString(name.Scalar()));
            }
            if (rule.fallbacks.isEmpty())
                reader.error(it->second, u"fallback_models."_s + rule.group, u"expected a list of {model_name: …}"_s);
            else
                config.routing.fallbacks.append(rule);
        }
    }
    seedCache(reader, root, config); // issue #16
}

} // namespace sy::SectionParsers
