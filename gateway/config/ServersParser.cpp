#include "gateway/config/ServersParser.h"

#include "gateway/config/ProviderCatalog.h"
#include "gateway/config/YamlReader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QHash>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

const QStringList kEntryKeys{u"name"_s,
                             u"kind"_s,
                             u"host"_s,
                             u"port"_s,
                             u"models"_s,
                             u"executable"_s,
                             u"args"_s,
                             u"env"_s,
                             u"working_directory"_s,
                             u"autostart"_s,
                             u"start_on_demand"_s,
                             u"restart"_s,
                             u"max_restarts"_s,
                             u"idle_ttl"_s,
                             u"ready_timeout"_s,
                             u"stop_timeout"_s,
                             u"health_path"_s,
                             u"log_file"_s};

std::optional<ServerKind> kindFromName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    if (n == "lmstudio"_L1 || n == "lm_studio"_L1 || n == "lms"_L1)
        return ServerKind::LmStudio;
    if (n == "ollama"_L1)
        return ServerKind::Ollama;
    if (n == "llamacpp"_L1 || n == "llama.cpp"_L1 || n == "llama-server"_L1)
        return ServerKind::LlamaCpp;
    if (n == "vllm"_L1)
        return ServerKind::Vllm;
    if (n == "command"_L1)
        return ServerKind::Command;
    return std::nullopt;
}

// The provider and backend a managed server's deployments speak, as model_list would spell them.
struct Speaks
{
    QString provider;
    BackendKind backend;
};

Speaks speaksFor(ServerKind kind)
{
    switch (kind) {
    case ServerKind::LmStudio:
        return {u"lm_studio"_s, BackendKind::OpenAiCompatible};
    case ServerKind::Ollama:
        return {u"ollama"_s, BackendKind::Ollama};
    case ServerKind::LlamaCpp:
        return {u"openai"_s, BackendKind::LlamaCpp};
    case ServerKind::Vllm:
        return {u"hosted_vllm"_s, BackendKind::Vllm};
    case ServerKind::Command:
        break;
    }
    return {u"openai"_s, BackendKind::OpenAiCompatible};
}

QString serverDeploymentId(const ServerSpec& server, const QString& group)
{
    const QByteArray seed = (u"server\n"_s + server.name + u'\n' + group).toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha256).toHex().left(16));
}

} // namespace

ServersParser::ServersParser(YamlReader& reader)
    : m_reader(reader)
{ }

void ServersParser::parse(const YAML::Node& root, GatewayConfig& config)
{
    const YAML::Node list = m_reader.sequence(root, "servers", {});
    QHash<QString, QString> names; // name → path, for duplicate errors
    QHash<QString, QString> addresses;
    for (std::size_t i = 0; list.IsDefined() && i < list.size(); ++i) {
        const QString path = u"servers[%1]"_s.arg(i);
        if (!list[i].IsMap()) {
            m_reader.error(list[i], path, u"expected a mapping with name, kind and port"_s);
            continue;
        }
        ServerSpec spec;
        if (!parseEntry(list[i], path, spec))
            continue;
        if (names.contains(spec.name)) {
            m_reader.error(list[i]["name"],
                           path + u".name"_s,
                           u"\"%1\" is already the name of %2"_s.arg(spec.name, names.value(spec.name)));
            continue;
        }
        const QString address = spec.host + u':' + QString::number(spec.port);
        if (addresses.contains(address)) {
            m_reader.error(list[i]["port"],
                           path + u".port"_s,
                           u"%1 is already the address of %2"_s.arg(address, addresses.value(address)));
            continue;
        }
        names.insert(spec.name, path);
        addresses.insert(address, path);
        config.servers.append(spec);
    }
}

bool ServersParser::parseEntry(const YAML::Node& entry, const QString& path, ServerSpec& out)
{
    m_reader.warnUnknownKeys(entry, kEntryKeys, path);
    const auto name = m_reader.string(entry, "name", path);
    if (!name || name->trimmed().isEmpty()) {
        m_reader.error(entry, path + u".name"_s, u"required: a name for the menu and the admin API"_s);
        return false;
    }
    out.name = name->trimmed();
    const auto kindText = m_reader.string(entry, "kind", path);
    const auto kind = kindText ? kindFromName(*kindText) : std::nullopt;
    if (!kind) {
        m_reader.error(
            entry[kindText ? "kind" : "name"],
            path + u".kind"_s,
            kindText ? u"unknown kind \"%1\"; expected lmstudio, ollama, llamacpp, vllm or command"_s.arg(*kindText)
                     : u"required: lmstudio, ollama, llamacpp, vllm or command"_s);
        return false;
    }
    out.kind = *kind;
    if (auto host = m_reader.string(entry, "host", path); host && !host->trimmed().isEmpty())
        out.host = host->trimmed();
    const auto port = m_reader.integer(entry, "port", path, 1, 65535);
    if (!port) {
        if (!entry["port"].IsDefined())
            m_reader.error(entry, path + u".port"_s, u"required: the port the server listens on"_s);
        return false;
    }
    out.port = quint16(*port);
    const auto errorCount = [this] {
        return std::count_if(m_reader.diagnostics().cbegin(), m_reader.diagnostics().cend(), [](const auto& d) {
            return d.severity == ConfigDiagnostic::Severity::Error;
        });
    };
    const auto errorsBefore = errorCount();
    parseModels(entry, path, out);
    parseProcess(entry, path, out);
    parseSupervision(entry, path, out);
    return errorCount() == errorsBefore;
}

void ServersParser::parseModels(const YAML::Node& entry, const QString& path, ServerSpec& out)
{
    const YAML::Node list = m_reader.sequence(entry, "models", path);
    for (std::size_t i = 0; list.IsDefined() && i < list.size(); ++i) {
        const QString itemPath = path + u".models[%1]"_s.arg(i);
        ServerModel model;
        if (list[i].IsScalar()) {
            model.model = QString::fromStdString(list[i].Scalar()).trimmed();
        } else if (list[i].IsMap()) {
            m_reader.warnUnknownKeys(list[i], {u"model"_s, u"model_name"_s, u"identifier"_s, u"ttl"_s}, itemPath);
            model.model = m_reader.string(list[i], "model", itemPath).value_or(QString()).trimmed();
            model.group = m_reader.string(list[i], "model_name", itemPath).value_or(QString()).trimmed();
            model.servedAs = m_reader.string(list[i], "identifier", itemPath).value_or(QString()).trimmed();
            if (auto ttl = m_reader.integer(list[i], "ttl", itemPath, 0, 365 * 24 * 3600))
                model.ttl = std::chrono::seconds(*ttl);
        }
        if (model.model.isEmpty()) {
            m_reader.error(list[i], itemPath, u"expected a model (a name, or a mapping with model:)"_s);
            continue;
        }
        if (out.kind == ServerKind::LlamaCpp)
            model.model = m_reader.resolvePath(expandHome(model.model));
        // What requests name the model with: llama.cpp serves the --alias we give it; LM Studio the
        // identifier; the others the model itself.
        if (model.servedAs.isEmpty()) {
            model.servedAs = out.kind == ServerKind::LlamaCpp
                ? (model.group.isEmpty() ? QFileInfo(model.model).completeBaseName() : model.group)
                : model.model;
        }
        if (model.group.isEmpty())
            model.group = model.servedAs;
        out.models.append(model);
    }
    if ((out.kind == ServerKind::LlamaCpp || out.kind == ServerKind::Vllm) && out.models.size() != 1) {
        m_reader.error(list.IsDefined() ? list : entry,
                       path + u".models"_s,
                       u"a %1 server serves exactly one model; list one (or use one server entry per model)"_s.arg(
                           serverKindName(out.kind)));
    }
}

void ServersParser::parseProcess(const YAML::Node& entry, const QString& path, ServerSpec& out)
{
    if (auto exe = m_reader.string(entry, "executable", path); exe && !exe->trimmed().isEmpty())
        out.executable = expandHome(exe->trimmed());
    const YAML::Node args = m_reader.sequence(entry, "args", path);
    for (std::size_t i = 0; args.IsDefined() && i < args.size(); ++i) {
        if (!args[i].IsScalar()) {
            m_reader.error(args[i], path + u".args[%1]"_s.arg(i), u"expected a string"_s);
            continue;
        }
        // ${PORT} and ${HOST} are this server's, not environment variables.
        QString text = QString::fromStdString(args[i].Scalar());
        text.replace(u"${PORT}"_s, QString::number(out.port)).replace(u"${HOST}"_s, out.host);
        if (auto arg = m_reader.expand(text, args[i], path + u".args"_s))
            out.args.append(*arg);
    }
    if (out.kind == ServerKind::Command && out.executable.isEmpty() && !out.args.isEmpty())
        out.executable = out.args.takeFirst();
    if (out.kind == ServerKind::Command && out.executable.isEmpty())
        m_reader.error(entry, path + u".executable"_s, u"required for kind command: the program to run"_s);
    const YAML::Node env = m_reader.map(entry, "env", path);
    for (auto it = env.begin(); env.IsDefined() && it != env.end(); ++it) {
        const QString key = QString::fromStdString(it->first.Scalar());
        if (!it->second.IsScalar()) {
            m_reader.error(it->second, path + u".env."_s + key, u"expected a string"_s);
            continue;
        }
        if (auto value = m_reader.expand(QString::fromStdString(it->second.Scalar()), it->second, path + u".env"_s))
            out.env.insert(key, *value);
    }
    if (auto dir = m_reader.string(entry, "working_directory", path); dir && !dir->isEmpty())
        out.workingDirectory = m_reader.resolvePath(expandHome(*dir));
    if (auto health = m_reader.string(entry, "health_path", path); health && !health->isEmpty())
        out.healthPath = health->startsWith(u'/') ? *health : u'/' + *health;
    if (auto log = m_reader.string(entry, "log_file", path); log && !log->isEmpty())
        out.logFile = m_reader.resolvePath(expandHome(*log));
}

void ServersParser::parseSupervision(const YAML::Node& entry, const QString& path, ServerSpec& out)
{
    if (auto onDemand = m_reader.boolean(entry, "start_on_demand", path))
        out.startOnDemand = *onDemand;
    // An on-demand server waits for its first request unless told otherwise.
    out.autostart = m_reader.boolean(entry, "autostart", path).value_or(!out.startOnDemand);
    if (auto restart = m_reader.string(entry, "restart", path)) {
        const QString r = restart->trimmed().toLower();
        if (r == "never"_L1 || r == "no"_L1)
            out.restart = RestartPolicy::Never;
        else if (r == "on-failure"_L1 || r == "on_failure"_L1)
            out.restart = RestartPolicy::OnFailure;
        else if (r == "always"_L1)
            out.restart = RestartPolicy::Always;
        else
            m_reader.error(entry["restart"],
                           path + u".restart"_s,
                           u"unknown policy \"%1\"; expected never, on-failure or always"_s.arg(*restart));
    }
    if (auto max = m_reader.integer(entry, "max_restarts", path, 0, 1000))
        out.maxRestarts = int(*max);
    if (auto idle = m_reader.seconds(entry, "idle_ttl", path))
        out.idleTtl = *idle;
    if (auto ready = m_reader.seconds(entry, "ready_timeout", path))
        out.readyTimeout = *ready;
    if (auto stop = m_reader.seconds(entry, "stop_timeout", path))
        out.stopTimeout = *stop;
}

QString ServersParser::expandHome(const QString& path) const
{
    if (path == "~"_L1 || path.startsWith("~/"_L1))
        return QDir::homePath() + path.mid(1);
    return path;
}

void ServersParser::attach(GatewayConfig& config, QSet<QString>& ids)
{
    for (const ServerSpec& server : std::as_const(config.servers)) {
        QSet<QString> groupsServed;
        for (Deployment& d : config.deployments) {
            if (!d.managed && server.servesAt(d.apiBase)) {
                d.managed = true;
                d.managedServer = server.name;
                groupsServed.insert(d.group);
            }
        }
        const Speaks speaks = speaksFor(server.kind);
        for (const ServerModel& model : server.models) {
            if (groupsServed.contains(model.group))
                continue; // model_list already has an entry for it, with the user's own settings
            Deployment d;
            d.group = model.group;
            d.provider = speaks.provider;
            d.backend = speaks.backend;
            d.dialects = ProviderCatalog::dialectsOf(speaks.provider);
            d.backendModel = model.servedAs;
            d.setApiBase(server.apiBase());
            d.managed = true;
            d.managedServer = server.name;
            d.id = serverDeploymentId(server, model.group);
            d.idBytes = d.id.toUtf8();
            if (ids.contains(d.id))
                continue;
            ids.insert(d.id);
            groupsServed.insert(model.group);
            config.deployments.append(d);
        }
        if (server.models.isEmpty() && groupsServed.isEmpty()) {
            // Serves whatever it reports: a wildcard, as `model: openai/*` would.
            Deployment d;
            d.group = u"*"_s;
            d.provider = speaks.provider;
            d.backend = speaks.backend;
            d.dialects = ProviderCatalog::dialectsOf(speaks.provider);
            d.backendModel = u"*"_s;
            d.setApiBase(server.apiBase());
            d.wildcard = true;
            d.managed = true;
            d.managedServer = server.name;
            d.id = serverDeploymentId(server, u"*"_s);
            d.idBytes = d.id.toUtf8();
            ids.insert(d.id);
            config.deployments.append(d);
        }
    }
}

} // namespace sy
