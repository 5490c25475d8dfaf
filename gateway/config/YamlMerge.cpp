#include "gateway/config/YamlMerge.h"

#include <yaml-cpp/yaml.h>

#include <string>
#include <utility>
#include <vector>

namespace sy::YamlMerge {

namespace {

bool isMergeKey(const YAML::Node& key)
{
    return key.IsScalar() && key.Scalar() == "<<" && key.Tag() != "!"; // a quoted "<<" is a plain key
}

// The maps a merge key's value names, first one first (it wins over the later ones).
std::vector<YAML::Node> sourcesOf(const YAML::Node& value)
{
    if (value.IsMap())
        return {value};
    std::vector<YAML::Node> maps;
    if (value.IsSequence()) {
        for (const YAML::Node& element : value) {
            if (element.IsMap())
                maps.push_back(element);
        }
    }
    return maps;
}

void mergeInto(YAML::Node map)
{
    std::vector<YAML::Node> sources;
    for (const auto& entry : map) {
        if (isMergeKey(entry.first)) {
            for (const YAML::Node& source : sourcesOf(entry.second))
                sources.push_back(source);
        }
    }
    if (sources.empty())
        return;
    map.remove("<<");
    for (const YAML::Node& source : sources) {
        for (const auto& entry : source) {
            if (!entry.first.IsScalar() || isMergeKey(entry.first))
                continue;
            const std::string key = entry.first.Scalar();
            // The const lookup: a non-const one would leave an undefined entry behind.
            if (!std::as_const(map)[key].IsDefined())
                map[key] = entry.second;
        }
    }
}

void visit(YAML::Node node)
{
    if (node.IsSequence()) {
        for (YAML::Node element : node)
            visit(element);
    } else if (node.IsMap()) {
        // Inner maps first: a merged-in map brings its own merges already applied.
        for (auto entry : node)
            visit(entry.second);
        mergeInto(node);
    }
}

} // namespace

void apply(YAML::Node root)
{
    visit(root);
}

} // namespace sy::YamlMerge
