#include "gateway/config/ConfigLoader.h"

#include "gateway/config/ModelListParser.h"
#include "gateway/config/SectionParsers.h"
#include "gateway/config/ServersParser.h"
#include "gateway/config/YamlMerge.h"
#include "gateway/config/YamlReader.h"
#include "gateway/config/YamlShape.h"
#include "gateway/config/YamlSyntax.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QHash>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// Sections read here. Anything else at the top level is warned about by name.
const QStringList kTopLevelKeys{u"model_list"_s,
                                u"general_settings"_s,
                                u"litellm_settings"_s,
                                u"router_settings"_s,
                                u"environment_variables"_s,
                                u"include"_s,
                                u"credential_list"_s,
                                u"gateway"_s,
                                u"servers"_s,
                                u"guardrails"_s,
                                // seed 003's own sections, mapped onto ours
                                u"load_balancing_config"_s,
                                u"health_check"_s,
                                u"fallback_models"_s,
                                u"cache"_s,
                                u"llm_guard"_s};

struct LoadedFile
{
    YAML::Node root;
    std::optional<ConfigDiagnostic> error;
};

ConfigDiagnostic syntaxError(const QString& fileName, int line, int column, const QString& message)
{
    return {ConfigDiagnostic::Severity::Error, fileName, line, column, {}, u"not valid YAML: %1"_s.arg(message)};
}

LoadedFile parseYaml(const QByteArray& yaml, const QString& fileName)
{
    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception& e) {
        // Where the parser gave up, and where the bracket or quote it could not close began.
        const int line = e.mark.line + 1;
        const int column = e.mark.column + 1;
        return {YAML::Node(),
                syntaxError(
                    fileName, line, column, YamlSyntax::explain(yaml, line, column, QString::fromStdString(e.msg)))};
    }
    // yaml-cpp takes a quoted string that never closes to run to the end of the file; PyYAML, and
    // so LiteLLM, refuse it. So do we: its "value" would be the rest of the file.
    if (const auto quote = YamlSyntax::unclosedQuote(yaml)) {
        const int lastLine = int(yaml.count('\n')) + 1;
        return {YAML::Node(),
                syntaxError(fileName,
                            lastLine,
                            1,
                            u"while scanning a quoted string that starts at line %1, column %2: no closing %3 before "
                            u"the end of the file"_s.arg(quote->line)
                                .arg(quote->column)
                                .arg(QChar::fromLatin1(quote->kind)))};
    }
    if (const auto problem = YamlShape::check(root)) {
        return {YAML::Node(),
                ConfigDiagnostic{
                    ConfigDiagnostic::Severity::Error, fileName, problem->line, problem->column, {}, problem->message}};
    }
    YamlMerge::apply(root);
    return {root, std::nullopt};
}

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

// A model group built over other groups gets copies of their deployments, under its own name.
void expandAliasGroups(YamlReader& reader, GatewayConfig& config)
{
    for (const AliasGroup& alias : std::as_const(config.aliasGroups)) {
        for (const QString& route : alias.routes) {
            // Copies, not the pointers deploymentsOf() returns: appending below may move the list.
            QList<Deployment> targets;
            for (const Deployment* target : config.deploymentsOf(route))
                targets.append(*target);
            if (targets.isEmpty()) {
                reader.warningAt(alias.line,
                                 alias.column,
                                 u"router_settings.routers"_s,
                                 u"route \"%1\" of \"%2\" is not a model group in model_list"_s.arg(route, alias.name));
            }
            for (const Deployment& target : std::as_const(targets)) {
                Deployment copy = target;
                copy.group = alias.name;
                copy.id = QString::fromLatin1(
                    QCryptographicHash::hash((alias.name + u'\n' + target.id).toUtf8(), QCryptographicHash::Sha256)
                        .toHex()
                        .left(16));
                copy.idBytes = copy.id.toUtf8();
                copy.sharesStateWith = target.stateKey();
                config.deployments.append(copy);
            }
        }
    }
}

void applyDefaults(GatewayConfig& config)
{
    if (config.routing.defaultTimeout) {
        for (Deployment& d : config.deployments) {
            if (!d.timeoutSet) {
                d.timeout = *config.routing.defaultTimeout;
                d.streamTimeout = *config.routing.defaultTimeout;
            }
        }
    }
}

void checkFallbacks(YamlReader& reader, const GatewayConfig& config)
{
    const QStringList groups = config.groupNames();
    auto check = [&](const QList<FallbackRule>& rules, const QString& key) {
        for (const FallbackRule& rule : rules) {
            for (const QString& target : rule.fallbacks) {
                if (!groups.contains(target) && config.passThroughFor(target).isEmpty())
                    reader.warningAt(
                        rule.line,
                        rule.column,
                        key,
                        u"fallback \"%1\" of \"%2\" is not a model group in model_list"_s.arg(target, rule.group));
            }
        }
    };
    check(config.routing.fallbacks, u"fallbacks"_s);
    check(config.routing.contextWindowFallbacks, u"context_window_fallbacks"_s);
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
    : ConfigLoader(
        [](const QString& name) -> std::optional<QString> {
            const QByteArray key = name.toUtf8();
            if (!qEnvironmentVariableIsSet(key.constData()))
                return std::nullopt;
            return qEnvironmentVariable(key.constData());
        },
        {})
{ }

ConfigLoader::ConfigLoader(EnvLookup env, KeychainLookup keychain)
    : m_env(std::move(env))
    , m_keychain(std::move(keychain))
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
    const LoadedFile main = parseYaml(yaml, fileName);
    if (main.error) {
        result.diagnostics.append(*main.error);
        return result;
    }
    const YAML::Node root = main.root;

    QHash<QString, QString> configEnv;
    YamlReader envReader(fileName, m_env);
    readEnvironmentVariables(envReader, root, configEnv);
    // LiteLLM exports environment_variables before reading the rest, so they win over the process's.
    const EnvLookup env = [this, configEnv](const QString& name) -> std::optional<QString> {
        if (configEnv.contains(name))
            return configEnv.value(name);
        return m_env(name);
    };
    YamlReader reader(fileName, env, m_keychain);

    auto config = std::make_shared<GatewayConfig>();
    config->sourceFile = fileName;
    ConfigDiagnostics includeDiagnostics;
    if (root.IsDefined() && !root.IsNull() && !root.IsMap()) {
        reader.error(root, {}, u"expected a mapping at the top of the file (model_list:, general_settings:, …)"_s);
    } else {
        reader.warnUnknownKeys(root, kTopLevelKeys, {});
        if (const YAML::Node general = reader.map(root, "general_settings", {}); general.IsDefined())
            SectionParsers::generalSettings(reader, general, "general_settings", *config);
        SectionParsers::gatewaySection(reader, root, *config);
        SectionParsers::routerSettings(reader, root, *config);
        SectionParsers::litellmSettings(reader, root, *config);
        SectionParsers::seedSections(reader, root, *config);
        SectionParsers::guardrails(reader, root["guardrails"], u"guardrails"_s, *config); // issue #16
        SectionParsers::llmGuardSection(reader, root, *config);
        SectionParsers::resolveCacheRedis(*config);
        QSet<QString> ids;
        const CredentialList credentials = ModelListParser::readCredentials(reader, root);
        ModelListParser(reader, credentials).parse(root, *config, ids);
        includeDiagnostics = loadIncludes(reader, root, env, credentials, *config, ids);
        ServersParser servers(reader);
        servers.parse(root, *config);
        servers.attach(*config, ids);
        expandAliasGroups(reader, *config);
        applyDefaults(*config);
        checkFallbacks(reader, *config);
    }

    result.diagnostics = envReader.diagnostics() + reader.diagnostics() + includeDiagnostics;
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const auto& a, const auto& b) {
        return a.file == b.file ? a.line < b.line : a.file < b.file;
    });
    if (result.errors().isEmpty())
        result.config = std::move(config);
    return result;
}

ConfigDiagnostics ConfigLoader::loadIncludes(YamlReader& reader,
                                             const YAML::Node& root,
                                             const EnvLookup& env,
                                             const CredentialList& credentials,
                                             GatewayConfig& config,
                                             QSet<QString>& ids) const
{
    // LiteLLM's `include:` lists files whose model_list entries join this one's.
    ConfigDiagnostics diagnostics;
    const YAML::Node list = reader.sequence(root, "include", {});
    for (std::size_t i = 0; list.IsDefined() && i < list.size(); ++i) {
        const QString path = reader.resolvePath(QString::fromStdString(list[i].Scalar()));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            reader.error(list[i], u"include[%1]"_s.arg(i), u"cannot read %1: %2"_s.arg(path, file.errorString()));
            continue;
        }
        config.includedFiles.append(QFileInfo(path).absoluteFilePath());
        const LoadedFile included = parseYaml(file.readAll(), path);
        if (included.error) {
            diagnostics.append(*included.error);
            continue;
        }
        YamlReader sub(path, env, m_keychain);
        sub.warnUnknownKeys(included.root, {u"model_list"_s}, {});
        ModelListParser(sub, credentials).parse(included.root, config, ids);
        diagnostics += sub.diagnostics();
    }
    return diagnostics;
}

} // namespace sy
