#pragma once

#include "gateway/config/ConfigDiagnostic.h"
#include "gateway/config/ModelListParser.h"
#include "gateway/core/GatewayConfig.h"

#include <QByteArray>
#include <QString>

#include <QSet>

#include <functional>
#include <memory>
#include <optional>

namespace YAML {
class Node;
}

namespace sy {

struct ConfigLoadResult
{
    std::shared_ptr<const GatewayConfig> config; ///< null when there were errors
    ConfigDiagnostics diagnostics; ///< errors and warnings, in file order

    bool ok() const { return config != nullptr; }
    QList<ConfigDiagnostic> errors() const;
    QList<ConfigDiagnostic> warnings() const;
    /** Every error, one per line, for a log or a dialog. */
    QString errorText() const;
};

/**
 * Reads LiteLLM's config.yaml format (model_list, general_settings, …) plus Switchyard's own
 * `gateway:` section. Loading is pure: it reads the file and the environment, nothing else, so
 * it can run on any thread.
 */
class ConfigLoader
{
public:
    using EnvLookup = std::function<std::optional<QString>(const QString& name)>;
    using KeychainLookup = std::function<std::optional<QString>(const QString& name, QString* error)>;

    /** Uses the process environment and no keychain. */
    ConfigLoader();
    explicit ConfigLoader(EnvLookup env, KeychainLookup keychain = {});

    ConfigLoadResult loadFile(const QString& path) const;
    ConfigLoadResult loadYaml(const QByteArray& yaml, const QString& fileName) const;

private:
    ConfigDiagnostics loadIncludes(class YamlReader& reader,
                                   const YAML::Node& root,
                                   const EnvLookup& env,
                                   const CredentialList& credentials,
                                   GatewayConfig& config,
                                   QSet<QString>& ids) const;

    EnvLookup m_env;
    KeychainLookup m_keychain;
};

} // namespace sy
