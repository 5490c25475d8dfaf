#pragma once

#include <QString>

namespace YAML {
class Node;
}

namespace sy {

struct GatewayConfig;
struct HealthCheckSettings;
class YamlReader;

/**
 * One function per top-level section of the config file. Each reads its section of @p root into
 * @p config and reports every problem, located, through @p reader.
 */
namespace SectionParsers {

void generalSettings(YamlReader& reader, const YAML::Node& section, const char* path, GatewayConfig& config);
void gatewaySection(YamlReader& reader, const YAML::Node& root, GatewayConfig& config);
void routerSettings(YamlReader& reader, const YAML::Node& root, GatewayConfig& config);
void litellmSettings(YamlReader& reader, const YAML::Node& root, GatewayConfig& config);
/** Health check settings: `gateway.health_check`, or seed 003's top-level `health_check`. */
void healthCheck(YamlReader& reader, const YAML::Node& section, const QString& path, HealthCheckSettings& health);
/** The seeds' own sections: load_balancing_config, health_check, fallback_models, cache. */
void seedSections(YamlReader& reader, const YAML::Node& root, GatewayConfig& config);

// Issue #16: the response cache and guardrails (CacheParser.cpp, GuardrailsParser.cpp,
// LlmGuardSectionParser.cpp).
/** litellm_settings.cache, cache_params, and the older cache_type/cache_kwargs. */
void cacheSettings(YamlReader& reader, const YAML::Node& litellmSettings, GatewayConfig& config);
/** Seed 003's top-level `cache:`. */
void seedCache(YamlReader& reader, const YAML::Node& root, GatewayConfig& config);
/** After all sections: a Redis cache without a server of its own uses router_settings'. */
void resolveCacheRedis(GatewayConfig& config);
/** LiteLLM's `guardrails:` list at @p path (top level, or under litellm_settings). */
void guardrails(YamlReader& reader, const YAML::Node& list, const QString& path, GatewayConfig& config);
/** Seed 003's `llm_guard:` section, mapped onto guardrails. */
void llmGuardSection(YamlReader& reader, const YAML::Node& root, GatewayConfig& config);

} // namespace SectionParsers

} // namespace sy
