#pragma once

namespace YAML {
class Node;
}

namespace sy {

struct GatewayConfig;
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
/** The seeds' own sections: load_balancing_config, health_check, fallback_models, cache. */
void seedSections(YamlReader& reader, const YAML::Node& root, GatewayConfig& config);

} // namespace SectionParsers

} // namespace sy
