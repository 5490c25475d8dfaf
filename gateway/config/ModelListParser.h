#pragma once

#include "gateway/core/Deployment.h"

#include <QList>

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

    void parse(const YAML::Node& root, QList<Deployment>& out);

private:
    bool parseEntry(const YAML::Node& entry, const QString& path, Deployment& out);
    bool parseModel(const YAML::Node& params, const QString& path, Deployment& out);
    bool parseApiBase(const YAML::Node& params, const QString& path, Deployment& out);
    void parseLimits(const YAML::Node& params, const QString& path, Deployment& out);

    YamlReader& m_reader;
};

} // namespace sy
