#pragma once

#include "gateway/core/GatewayConfig.h"

#include <QHash>
#include <QList>
#include <QSet>

#include <yaml-cpp/node/node.h>

namespace sy {

class YamlReader;

/** LiteLLM's `credential_list`: credential_name → its credential_values (api_key, api_base, …). */
using CredentialList = QHash<QString, YAML::Node>;

/** Turns LiteLLM's `model_list` into deployments, with a located diagnostic for every problem. */
class ModelListParser
{
public:
    explicit ModelListParser(YamlReader& reader, CredentialList credentials = {});

    /**
     * Appends the entries of @p root's model_list to @p config's deployments, and the groups of
     * entries skipped for an unsupported provider to its unsupportedGroups; @p ids holds the ids
     * taken so far.
     */
    void parse(const YAML::Node& root, GatewayConfig& config, QSet<QString>& ids);

    /** Reads the top-level `credential_list` of @p root. */
    static CredentialList readCredentials(YamlReader& reader, const YAML::Node& root);

private:
    enum class ParseOutcome
    {
        Ok,
        Failed, ///< an error was recorded
        Skipped, ///< a warning was recorded and the entry is left out
    };

    ParseOutcome parseEntry(const YAML::Node& entry, const QString& path, Deployment& out);
    YAML::Node withCredential(const YAML::Node& params, const QString& path);
    ParseOutcome parseModel(const YAML::Node& params, const QString& path, Deployment& out);
    ParseOutcome parseWildcard(const YAML::Node& at, const QString& path, Deployment& out);
    void parseDialects(const YAML::Node& info, const QString& path, Deployment& out);
    bool parseApiBase(const YAML::Node& params, const QString& path, Deployment& out);
    void parseAuth(const YAML::Node& params, const QString& path, Deployment& out);
    void setKey(const QString& key, Deployment& out);
    QString parseKey(const YAML::Node& params, const QString& path, const Deployment& out);
    void parseProviderHeaders(const YAML::Node& params, const QString& path, Deployment& out);
    void parseExtraHeaders(const YAML::Node& params, const QString& path, Deployment& out);
    void parseLimits(const YAML::Node& params, const QString& path, Deployment& out);
    void parseDefaultParams(const YAML::Node& params, const QString& path, Deployment& out);
    void parseModelInfo(const YAML::Node& entry, const QString& path, Deployment& out);
    void add(const YAML::Node& entry, const QString& path, Deployment& d, GatewayConfig& config, QSet<QString>& ids);

    YamlReader& m_reader;
    CredentialList m_credentials;
    QString m_skipReason; ///< why the last entry was skipped
    bool m_idGiven = false; ///< the last entry set model_info.id
    bool m_apiBaseGiven = false; ///< the last entry set api_base (or base_url)
    bool m_bareStar = false; ///< the last entry's model is LiteLLM's catch-all "*"
    QHash<QString, QString> m_generatedIds; ///< id made from an entry → that entry's path
};

} // namespace sy
