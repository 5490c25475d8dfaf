#pragma once

#include "gateway/core/GatewayConfig.h"

#include <QSet>

namespace YAML {
class Node;
}

namespace sy {

class YamlReader;

/**
 * Reads the `servers:` section: local model servers Switchyard starts and supervises. After the
 * model_list is read, attach() makes each server's models deployments: an entry of model_list
 * whose api_base is the server's address is marked as managed by it, and a model with no such
 * entry gets a deployment of its own, so a `servers:` entry alone is enough to serve its models.
 */
class ServersParser
{
public:
    explicit ServersParser(YamlReader& reader);

    void parse(const YAML::Node& root, GatewayConfig& config);
    void attach(GatewayConfig& config, QSet<QString>& ids);

private:
    bool parseEntry(const YAML::Node& entry, const QString& path, ServerSpec& out);
    void parseModels(const YAML::Node& entry, const QString& path, ServerSpec& out);
    void parseProcess(const YAML::Node& entry, const QString& path, ServerSpec& out);
    void parseSupervision(const YAML::Node& entry, const QString& path, ServerSpec& out);
    QString expandHome(const QString& path) const;

    YamlReader& m_reader;
};

} // namespace sy
