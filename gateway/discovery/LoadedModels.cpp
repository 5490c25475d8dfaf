#include "gateway/discovery/LoadedModels.h"

#include "gateway/discovery/BackendGet.h"
#include "gateway/discovery/LoadedModelReports.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr std::chrono::milliseconds kReportTimeout{2'000};

// LM Studio's own REST API and Ollama's native one live at the server root, beside /v1.
QByteArray rootOf(const Deployment& d)
{
    QByteArray root = d.basePath;
    if (root.endsWith("/v1"))
        root.chop(3);
    return root;
}

} // namespace

LoadedModels::LoadedModels(IUpstreamClient& client, QObject* parent)
    : QObject(parent)
    , m_client(client)
{ }

LoadedModels::~LoadedModels() = default;

void LoadedModels::setConfig(std::shared_ptr<const GatewayConfig> config)
{
    m_config = std::move(config);
    m_pending.clear(); // their probes point into the old config
    m_sinceRefresh.invalidate();
}

void LoadedModels::setServerStatuses(const ServerStatusList& statuses)
{
    m_statuses = statuses;
}

QString LoadedModels::sourceKey(const Deployment& d, Kind* kind)
{
    if (d.wildcard)
        return {};
    if (d.backend == BackendKind::Ollama || d.speaks(Dialect::Ollama))
        *kind = Kind::OllamaPs;
    else if (d.provider == u"lm_studio")
        *kind = Kind::LmStudio;
    else if (d.backend == BackendKind::LlamaCpp || d.backend == BackendKind::Vllm)
        *kind = Kind::ModelList;
    else
        return {}; // remote providers and unknown servers: no report to ask for
    return d.origin.toString() + QString::fromUtf8(d.basePath) + u'#' + QString::number(int(*kind));
}

QHash<QString, LoadedModels::Source> LoadedModels::sources() const
{
    QHash<QString, Source> out;
    if (!m_config)
        return out;
    for (const Deployment& d : m_config->deployments) {
        Kind kind = Kind::ModelList;
        const QString key = sourceKey(d, &kind);
        if (!key.isEmpty() && !out.contains(key))
            out.insert(key, {kind, &d});
    }
    return out;
}

QList<LoadedModel> LoadedModels::current()
{
    if (!m_sinceRefresh.isValid() || m_sinceRefresh.elapsed() >= m_maxAge.count())
        refresh();
    return compose();
}

void LoadedModels::refresh()
{
    if (!m_pending.isEmpty())
        return; // the last round is still under way
    m_sinceRefresh.start();
    const QHash<QString, Source> all = sources();
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        const Deployment& d = *it->probe;
        const Kind kind = it->kind;
        QByteArray target = d.basePath + "/models" + d.query;
        if (kind == Kind::OllamaPs)
            target = rootOf(d) + "/api/ps";
        else if (kind == Kind::LmStudio)
            target = rootOf(d) + "/api/v0/models";
        const QString key = it.key();
        m_pending.insert(
            key,
            std::make_shared<BackendGet>(
                m_client, d, target, kReportTimeout, [this, key, kind](int status, const QByteArray& body) {
                    onReport(key, kind, status, body);
                }));
    }
    if (m_pending.isEmpty())
        emit refreshed();
}

void LoadedModels::onReport(const QString& key, Kind kind, int status, const QByteArray& body)
{
    // Keep the fetch alive until this callback returns: it is still on the stack.
    const std::shared_ptr<BackendGet> done = m_pending.take(key);
    if (status != 200)
        m_reports.remove(key); // down, or no such report: nothing is known to be loaded there
    else if (kind == Kind::OllamaPs)
        m_reports.insert(key, LoadedModelReports::fromOllamaPs(body));
    else if (kind == Kind::LmStudio)
        m_reports.insert(key, LoadedModelReports::fromLmStudio(body));
    else
        m_reports.insert(key, LoadedModelReports::fromModelList(body));
    if (m_pending.isEmpty())
        emit refreshed();
}

QList<LoadedModel> LoadedModels::compose() const
{
    QList<LoadedModel> out;
    if (!m_config)
        return out;
    QSet<QString> groups;
    QSet<QString> readyServers;
    for (const ServerStatus& s : m_statuses) {
        if (s.state == ServerState::Ready)
            readyServers.insert(s.name);
    }
    for (const Deployment& d : m_config->deployments) {
        if (d.wildcard || groups.contains(d.group))
            continue;
        Kind kind = Kind::ModelList;
        const QString key = sourceKey(d, &kind);
        const QList<LoadedModel> report = m_reports.value(key);
        const auto match = std::find_if(report.cbegin(), report.cend(), [&](const LoadedModel& m) {
            return LoadedModelReports::sameModel(m.backendModel, d.backendModel);
        });
        // A one-model server has its model loaded whenever it answers, whatever it calls it.
        const bool oneModel = kind == Kind::ModelList && report.size() == 1;
        LoadedModel model;
        if (match != report.cend())
            model = *match;
        else if (oneModel)
            model = report.first();
        else if (!(d.managed && readyServers.contains(d.managedServer)))
            continue;
        model.group = d.group;
        model.backendModel = d.backendModel;
        model.deploymentId = d.id;
        groups.insert(d.group);
        out.append(model);
    }
    return out;
}

} // namespace sy
