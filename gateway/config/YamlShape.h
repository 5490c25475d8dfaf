#pragma once

#include <QString>

#include <optional>

namespace YAML {
class Node;
}

namespace sy {

/**
 * Bounds on a loaded YAML tree, checked before any parser walks it. yaml-cpp resolves aliases
 * into shared nodes, so an alias used inside its own anchor (`p: &base {<<: *base}`) makes a
 * tree that never ends, and aliases that repeat each other make one that is exponentially
 * large: the recursive walks of the section parsers would overflow the stack or never finish.
 */
namespace YamlShape {

constexpr int kMaxDepth = 64;
constexpr int kMaxNodes = 250000; ///< counting every alias each time it is used

struct Problem
{
    int line = 0; ///< 1-based
    int column = 0; ///< 1-based
    QString message;
};

/** Where @p root breaks one of the bounds, or nothing. */
std::optional<Problem> check(const YAML::Node& root);

} // namespace YamlShape

} // namespace sy
