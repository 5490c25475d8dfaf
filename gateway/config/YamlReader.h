#pragma once

#include "gateway/config/ConfigDiagnostic.h"

#include <QString>
#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <functional>
#include <optional>

namespace sy {

/**
 * Typed, located reads from a yaml-cpp tree. Every read that fails records a diagnostic naming
 * the file, line, column and dotted key, and says what was expected; nothing throws out of it.
 * Strings go through secret expansion (`os.environ/NAME`, `${NAME}`) on the way out.
 */
class YamlReader
{
public:
    using EnvLookup = std::function<std::optional<QString>(const QString& name)>;
    /** Reads a secret from the OS keychain; an error message when it cannot. */
    using KeychainLookup = std::function<std::optional<QString>(const QString& name, QString* error)>;

    YamlReader(QString file, EnvLookup env, KeychainLookup keychain = {});

    /** The mapping under @p key of @p map, or a null node (an error if present but not a mapping). */
    YAML::Node map(const YAML::Node& map, const char* key, const QString& path);
    YAML::Node sequence(const YAML::Node& map, const char* key, const QString& path);

    std::optional<QString> string(const YAML::Node& map, const char* key, const QString& path);
    std::optional<qint64> integer(const YAML::Node& map, const char* key, const QString& path, qint64 min, qint64 max);
    std::optional<double> number(const YAML::Node& map, const char* key, const QString& path, double min, double max);
    std::optional<bool> boolean(const YAML::Node& map, const char* key, const QString& path);
    /** A duration given in seconds (int or float), as LiteLLM's `timeout` keys are. */
    std::optional<std::chrono::milliseconds> seconds(const YAML::Node& map, const char* key, const QString& path);

    /** Warns about every key of @p map not in @p known. */
    void warnUnknownKeys(const YAML::Node& map, const QStringList& known, const QString& path);

    void error(const YAML::Node& node, const QString& path, const QString& message);
    void warning(const YAML::Node& node, const QString& path, const QString& message);
    void warningAt(int line, int column, const QString& path, const QString& message);

    /** A path from the file, relative to the file's own directory when not absolute. */
    QString resolvePath(const QString& path) const;

    /**
     * Expands `os.environ/NAME` and `keychain/NAME` (whole value) and `${NAME}` (anywhere) in
     * @p value. An unset environment variable is a warning and expands to nothing, as in
     * LiteLLM; a missing keychain item is an error.
     */
    std::optional<QString> expand(const QString& value, const YAML::Node& node, const QString& path);

    /** An environment variable as the file sees it (environment_variables: first), unexpanded. */
    std::optional<QString> env(const QString& name) const { return m_env(name); }

    const ConfigDiagnostics& diagnostics() const { return m_diagnostics; }
    bool hasErrors() const;
    const QString& file() const { return m_file; }

    static QString join(const QString& path, const char* key);

private:
    void add(ConfigDiagnostic::Severity severity, const YAML::Node& node, const QString& path, const QString& message);
    YAML::Node child(const YAML::Node& map, const char* key) const;

    QString m_file;
    EnvLookup m_env;
    KeychainLookup m_keychain;
    ConfigDiagnostics m_diagnostics;
};

} // namespace sy
