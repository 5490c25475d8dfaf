#include "gateway/config/YamlShape.h"

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace sy::YamlShape {

namespace {

class Walk
{
public:
    std::optional<Problem> problem;

    // Recursion is bounded by kMaxDepth, so the walk itself cannot overflow.
    void visit(const YAML::Node& node, int depth)
    {
        if (problem)
            return;
        if (++m_nodes > kMaxNodes) {
            fail(node,
                 u"the file expands to more than %1 values through its aliases (*name); aliases that repeat "
                 u"each other grow a file exponentially"_s.arg(kMaxNodes));
            return;
        }
        if (depth > kMaxDepth) {
            fail(node,
                 u"values nest more than %1 levels deep here; an alias used inside its own anchor "
                 u"(&name … *name) nests without end"_s.arg(kMaxDepth));
            return;
        }
        if (node.IsSequence()) {
            for (const YAML::Node& element : node)
                visit(element, depth + 1);
        } else if (node.IsMap()) {
            for (const auto& entry : node) {
                visit(entry.first, depth + 1);
                visit(entry.second, depth + 1);
            }
        }
    }

private:
    void fail(const YAML::Node& node, const QString& message)
    {
        const YAML::Mark mark = node.Mark();
        problem = Problem{mark.line + 1, mark.column + 1, message};
    }

    int m_nodes = 0;
};

} // namespace

std::optional<Problem> check(const YAML::Node& root)
{
    Walk walk;
    walk.visit(root, 0);
    return walk.problem;
}

} // namespace sy::YamlShape
