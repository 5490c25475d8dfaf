#pragma once

#include "gateway/core/GatewayConfig.h"

#include <QList>
#include <QSet>

namespace YAML {
class Node;
}

namespace sy {

class YamlReader;

/** Turns LiteLLM's `model_list` into deployments, with a located diagnostic for every problem. */
class ModelListParser
{
public:
    explicit ModelListParser(YamlReader& reader);

    /**
     * Appends the entries of @p root's model_list to @p config's deployments, and the groups of
     * entries skipped for an unsupported provider to its unsupportedGroups; @p ids holds the ids
     * taken so far.
     */
    void parse(const YAML::Node& root, GatewayConfig& config, QSet<QString>& ids);

private:
    enum class ParseOutcome
    {
        Ok,
        Failed, ///< an error was recorded
        Skipped, ///< a warning was recorded and the entry is left out
    };

    ParseOutcome parseEntry(const YAML::Node& entry, const QString& path, Deployment& out);
    ParseOutcome parseModel(const YAML::Node& params, const QString& path, Deployment& out);
    bool parseWildcard(const YAML::Node& at, const QString& path, Deployment& out);
    bool parseApiBase(const YAML::Node& params, const QString& path, Deployment& out);
    void parseLimits(const YAML::Node& params, const QString& path, Deployment& out);
    void parseDefaultParams(const YAML::Node& params, const QString& path, Deployment& out);
    void parseModelInfo(const YAML::Node& entry, const QString& path, Deployment& out);
    void parseDialects(const YAML::Node& info, const QString& infoPath, Deployment& out);

    YamlReader& m_reader;
    QString m_skipReason; ///< why the last entry was skipped
};

} // namespace sy
