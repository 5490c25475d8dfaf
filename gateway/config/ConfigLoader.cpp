#include "gateway/config/ConfigLoader.h"

#include "gateway/config/ModelListParser.h"
#include "gateway/config/YamlReader.h"

#include <QFile>
#include <QHash>
#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// Sections LiteLLM defines that this version reads only in part; their other keys are warned about.
const QStringList kTopLevelKeys{u"model_list"_s,
                                u"general_settings"_s,
                                u"litellm_settings"_s,
                                u"router_settings"_s,
                                u"environment_variables"_s,
                                u"gateway"_s};

void readEnvironmentVariables(YamlReader& reader, const YAML::Node& root, QHash<QString, QString>& out)
{
    const YAML::Node vars = reader.map(root, "environment_variables", {});
    if (!vars.IsDefined())
        return;
    for (auto it = vars.begin(); it != vars.end(); ++it) {
        const QString name = QString::fromStdString(it->first.Scalar());
        if (!it->second.IsScalar()) {
            reader.error(it->second, u"environment_variables."_s + name, u"expected a string value"_s);
            continue;
        }
        out.insert(name, QString::fromStdString(it->second.Scalar()));
    }
}

void readGeneralSettings(YamlReader& reader, const YAML::Node& root, GatewayConfig& config)
{
    const QString path = u"general_settings"_s;
    const YAML::Node general = reader.map(root, "general_settings", {});
    if (!general.IsDefined())
        return;
    if (auto key = reader.string(general, "master_key", path))
        config.masterKey = key->trimmed();
    if (auto mb = reader.integer(general, "max_request_size_mb", path, 1, 4096))
        config.limits.maxBodyBytes = *mb * 1024 * 1024;
    if (auto n = reader.integer(general, "max_parallel_requests", path, 1, 1'000'000))
        config.maxParallelRequests = int(*n);
    reader.warnUnknownKeys(general, {u"master_key"_s, u"max_request_size_mb"_s, u"max_parallel_requests"_s}, path);
}

bool isBindableHost(const QString& host)
{
    return host == u"localhost" || host == u"*" || !QHostAddress(host).isNull();
}

void readGatewaySection(YamlReader& reader, const YAML::Node& root, GatewayConfig& config)
{
    const QString path = u"gateway"_s;
    const YAML::Node gw = reader.map(root, "gateway", {});
    if (!gw.IsDefined())
        return;
    if (auto host = reader.string(gw, "host", path)) {
        if (isBindableHost(host->trimmed()))
            config.listen.host = host->trimmed();
        else
            reader.error(gw["host"], u"gateway.host"_s, u"expected an IP address, \"localhost\" or \"*\""_s);
    }
    if (auto port = reader.integer(gw, "port", path, 0, 65535))
        config.listen.port = quint16(*port);
    FrontLimits& limits = config.limits;
    if (auto v = reader.integer(gw, "max_connections", path, 1, 1'000'000))
        limits.maxConnections = int(*v);
    if (auto v = reader.integer(gw, "max_connections_per_client", path, 1, 1'000'000))
        limits.maxConnectionsPerClient = int(*v);
    if (auto v = reader.integer(gw, "max_header_kb", path, 1, 1024))
        limits.maxHeadBytes = *v * 1024;
    if (auto v = reader.seconds(gw, "header_timeout", path))
        limits.headerTimeout = *v;
    if (auto v = reader.seconds(gw, "body_timeout", path))
        limits.bodyTimeout = *v;
    if (auto v = reader.seconds(gw, "keepalive_timeout", path))
        limits.keepAliveTimeout = *v;
    if (auto v = reader.seconds(gw, "drain_timeout", path))
        limits.drainTimeout = *v;
    reader.warnUnknownKeys(gw,
                           {u"host"_s,
                            u"port"_s,
                            u"max_connections"_s,
                            u"max_connections_per_client"_s,
                            u"max_header_kb"_s,
                            u"header_timeout"_s,
                            u"body_timeout"_s,
                            u"keepalive_timeout"_s,
                            u"drain_timeout"_s},
                           path);
}

void warnNotYetRead(YamlReader& reader, const YAML::Node& root)
{
    for (const char* section : {"litellm_settings", "router_settings"}) {
        const YAML::Node node = reader.map(root, section, {});
        if (node.IsDefined())
            reader.warnUnknownKeys(node, {}, QString::fromUtf8(section));
    }
}

} // namespace

QList<ConfigDiagnostic> ConfigLoadResult::errors() const
{
    QList<ConfigDiagnostic> out;
    for (const auto& d : diagnostics) {
        if (d.severity == ConfigDiagnostic::Severity::Error)
            out.append(d);
    }
    return out;
}

QList<ConfigDiagnostic> ConfigLoadResult::warnings() const
{
    QList<ConfigDiagnostic> out;
    for (const auto& d : diagnostics) {
        if (d.severity == ConfigDiagnostic::Severity::Warning)
            out.append(d);
    }
    return out;
}

QString ConfigLoadResult::errorText() const
{
    QStringList lines;
    for (const auto& d : errors())
        lines.append(d.toString());
    return lines.join(u'\n');
}

ConfigLoader::ConfigLoader()
    : ConfigLoader([](const QString& name) -> std::optional<QString> {
        const QByteArray key = name.toUtf8();
        if (!qEnvironmentVariableIsSet(key.constData()))
            return std::nullopt;
        return qEnvironmentVariable(key.constData());
    })
{ }

ConfigLoader::ConfigLoader(EnvLookup env)
    : m_env(std::move(env))
{ }

ConfigLoadResult ConfigLoader::loadFile(const QString& path) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ConfigLoadResult result;
        result.diagnostics.append(
            {ConfigDiagnostic::Severity::Error, path, 0, 0, {}, u"cannot read the file: %1"_s.arg(file.errorString())});
        return result;
    }
    return loadYaml(file.readAll(), path);
}

ConfigLoadResult ConfigLoader::loadYaml(const QByteArray& yaml, const QString& fileName) const
{
    ConfigLoadResult result;
    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception& e) {
        result.diagnostics.append({ConfigDiagnostic::Severity::Error,
                                   fileName,
                                   e.mark.line + 1,
                                   e.mark.column + 1,
                                   {},
                                   u"not valid YAML: %1"_s.arg(QString::fromStdString(e.msg))});
        return result;
    }

    QHash<QString, QString> configEnv;
    YamlReader envReader(fileName, m_env);
    readEnvironmentVariables(envReader, root, configEnv);
    // LiteLLM exports environment_variables before reading the rest, so they win over the process's.
    YamlReader reader(fileName, [this, configEnv](const QString& name) -> std::optional<QString> {
        if (configEnv.contains(name))
            return configEnv.value(name);
        return m_env(name);
    });

    auto config = std::make_shared<GatewayConfig>();
    config->sourceFile = fileName;
    if (root.IsDefined() && !root.IsNull() && !root.IsMap()) {
        reader.error(root, {}, u"expected a mapping at the top of the file (model_list:, general_settings:, …)"_s);
    } else {
        reader.warnUnknownKeys(root, kTopLevelKeys, {});
        readGeneralSettings(reader, root, *config);
        readGatewaySection(reader, root, *config);
        ModelListParser(reader).parse(root, config->deployments);
        warnNotYetRead(reader, root);
    }

    result.diagnostics = envReader.diagnostics() + reader.diagnostics();
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const auto& a, const auto& b) {
        return a.line < b.line;
    });
    if (!envReader.hasErrors() && !reader.hasErrors())
        result.config = std::move(config);
    return result;
}

} // namespace sy
