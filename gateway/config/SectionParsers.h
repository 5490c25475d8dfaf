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

} // namespace SectionParsers

} // namespace sy
