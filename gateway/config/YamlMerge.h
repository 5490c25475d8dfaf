#pragma once

namespace YAML {
class Node;
}

namespace sy {

/**
 * YAML 1.1 merge keys, which PyYAML (and so LiteLLM) applies and yaml-cpp leaves as a plain
 * key named "<<": `{<<: *base, order: 2}` takes every key of `base` the map does not set
 * itself; `<<: [*a, *b]` takes from `a` before `b`. Applied in place, to maps nested anywhere.
 * Run it only on a tree YamlShape::check() accepted: a merge that includes itself never ends.
 */
namespace YamlMerge {

void apply(YAML::Node root);

} // namespace YamlMerge

} // namespace sy
