#include "gateway/Gateway.h"

#include "gateway/HistoryService.h"
#include "gateway/admin/CacheAdminApi.h"
#include "gateway/admin/DashboardApi.h"
#include "gateway/admin/KeyAdminApi.h"
#include "gateway/admin/ResponsesApi.h"
#include "gateway/admin/ServersAdminHandler.h"
#include "gateway/admin/SpendApi.h"
#include "gateway/core/Allocator.h"
#include "gateway/core/Clock.h"
#include "gateway/discovery/LoadedModels.h"
#include "gateway/discovery/ModelDiscovery.h"
#include "gateway/health/HealthChecker.h"
#include "gateway/http/HttpFrontServer.h"
#include "gateway/http/ListenPlan.h"
#include "gateway/keys/KeyManager.h"
#include "gateway/metrics/GatewayMetrics.h"
#include "gateway/pipeline/RequestPipeline.h"
#include "gateway/routing/FailoverPolicy.h"
#include "gateway/routing/Router.h"
#include "gateway/storage/UsageTracker.h"
#include "gateway/upstream/UpstreamClient.h"
#include "gateway/webui/WebUiHandler.h"

#include <QAbstractEventDispatcher>
#include <QLoggingCategory>
#include <QMetaMethod>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcGateway, "switchyard.gateway", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAccess, "switchyard.access", QtInfoMsg)

namespace sy {

namespace {

constexpr int kRecordBatchMs = 250;
constexpr int kSnapshotMs = 1000;
constexpr qsizetype kMaxBatchedRecords = 5000; // beyond this a batch keeps the newest only

} // namespace

Gateway::Gateway(QObject* parent)
    : QObject(parent)
    , m_drainTimer(this) // parented, so moveToThread() takes the timers along to the gateway thread
    , m_recordTimer(this)
    , m_snapshotTimer(this)
{
    m_snapshotTimer.setInterval(kSnapshotMs);
    connect(&m_snapshotTimer, &QTimer::timeout, this, [this] {
        m_usage->tick();
        if (isSignalConnected(QMetaMethod::fromSignal(&Gateway::snapshotTaken)))
            emit snapshotTaken(takeSnapshot());
        reportServerUse();
        releaseMemoryWhenIdle();
    });
    m_recordTimer.setInterval(kRecordBatchMs);
    connect(&m_recordTimer, &QTimer::timeout, this, [this] {
        if (m_pendingRecords.isEmpty()) {
            m_recordTimer.stop();
            return;
        }
        emit requestsRecorded(std::exchange(m_pendingRecords, {}));
    });
    m_drainTimer.setSingleShot(true);
    connect(&m_drainTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcGateway) << "drain timeout: closing with" << m_pipeline->exchangesInFlight()
                             << "requests in flight";
        finishStop();
    });
}

Gateway::~Gateway() = default;

// Created on the gateway thread, on first start: sockets and timers belong to the thread
// that creates them.
void Gateway::createComponents()
{
    if (m_front)
        return;
    // The app picks a cheap dispatcher for this thread (QT_NO_THREADED_GLIB); say which it got.
    qCDebug(lcGateway) << "event dispatcher:" << QAbstractEventDispatcher::instance()->metaObject()->className();
    qCDebug(lcGateway) << "allocator:" << allocatorName();
    if (!allocatorInUse())
        qCWarning(lcGateway) << allocatorName() << "is linked but malloc does not reach it; check the link order";
    m_upstream = std::make_unique<UpstreamClient>();
    m_router = std::make_unique<Router>(SystemClock::instance());
    m_metrics = std::make_unique<GatewayMetrics>();
    m_discovery = std::make_unique<ModelDiscovery>(*m_upstream);
    m_loaded = std::make_unique<LoadedModels>(*m_upstream);
    m_loaded->setServerStatuses(m_serverStatuses);
    m_pipeline = std::make_unique<RequestPipeline>(*m_upstream, *m_router, *m_metrics, this, m_discovery.get());
    m_pipeline->setLoadedModels(m_loaded.get());
    // Virtual keys, usage and spend (issue #5).
    m_keys = std::make_unique<KeyManager>(SystemClock::instance());
    m_keyApi = std::make_unique<KeyAdminApi>(*m_keys);
    m_spendApi = std::make_unique<SpendApi>(*m_keys);
    m_usage = std::make_unique<UsageTracker>(SystemClock::instance());
    m_pipeline->setKeys(m_keys.get());
    m_pipeline->addAdminHandler(m_keyApi.get());
    m_pipeline->addAdminHandler(m_spendApi.get());
    m_cacheApi = std::make_unique<CacheAdminApi>(m_pipeline->cache());
    m_pipeline->addAdminHandler(m_cacheApi.get());
    m_responsesApi = std::make_unique<ResponsesApi>(*m_keys);
    m_pipeline->addAdminHandler(m_responsesApi.get());
    connect(m_keys.get(), &KeyManager::keysChanged, this, &Gateway::keysChanged);
    // Requests are routed with the file's config plus whatever wildcard entries discovered.
    m_health = std::make_unique<HealthChecker>(
        *m_upstream,
        [states = &m_router->states()](const QString& stateKey, BackendHealth health) {
            states->setChecked(stateKey, health);
        },
        SystemClock::instance());
    connect(m_discovery.get(), &ModelDiscovery::configChanged, this, &Gateway::serveConfig);
    m_serversAdmin = std::make_unique<ServersAdminHandler>([this](const QString& name, ServerCommand command) {
        // Requests right after a start must wait for the server, not find it stopped: count it
        // as starting until the supervisor (on another thread) reports.
        const ServerState now = m_router->states().serverState(name);
        if (command == ServerCommand::Start
            && (now == ServerState::Stopped || now == ServerState::Failed || now == ServerState::Backoff))
            m_router->states().setServerState(name, ServerState::Starting);
        emit serverCommandRequested(name, command);
    });
    m_pipeline->addAdminHandler(m_serversAdmin.get());
    createWebUi();
    m_router->setServerWantedHandler([this](const QString& name) { emit serverWanted(name); });
    applyServerStatuses();
    m_front = std::make_unique<HttpFrontServer>(m_pipeline.get());
    m_pipeline->setConnectionCounter([this] { return m_front->connectionCount(); });
    connect(m_pipeline.get(), &RequestPipeline::idle, this, [this] {
        if (m_stopping && m_drainTimer.isActive()) {
            m_drainTimer.stop();
            finishStop();
        }
    });
}

// Issue #17: the web admin UI and the dashboard endpoints it reads, from the tray's sources.
void Gateway::createWebUi()
{
    m_history = std::make_unique<HistoryService>(this);
    DashboardApi::Sources sources;
    sources.snapshot = [this] { return recentSnapshot(); };
    sources.traffic = [this] {
        m_usage->tick();
        return &m_usage->traffic();
    };
    sources.daily = [this](const DailyUsageQuery& query, DashboardApi::DailyDone done) {
        m_history->daily(query, this, std::move(done));
    };
    sources.reload = [this] { emit configReloadRequested(); };
    sources.cache = &m_pipeline->cache();
    sources.cacheMetrics = &m_pipeline->cacheGuardrailMetrics();
    m_dashboardApi = std::make_unique<DashboardApi>(std::move(sources));
    m_pipeline->addAdminHandler(m_dashboardApi.get());
    m_webUi = std::make_unique<WebUiHandler>(
        SystemClock::instance(), &m_keys->cache(), UiLogin::Credentials::fromEnvironment());
    m_pipeline->addAdminHandler(m_webUi.get());
    m_pipeline->auth().setSessionCheck([ui = m_webUi.get()](RequestContext& ctx) { return ui->checkSession(ctx); });
}

GatewaySnapshotPtr Gateway::recentSnapshot()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!m_recentSnapshot || m_recentSnapshot->takenAt.msecsTo(now) >= 1000 || m_recentSnapshot->takenAt > now)
        m_recentSnapshot = takeSnapshot();
    return m_recentSnapshot;
}

void Gateway::start(std::shared_ptr<const GatewayConfig> config)
{
    createComponents();
    // Issue #5: the keys are read from the database before the first request is answered.
    const quint64 generation = ++m_startGeneration;
    m_keys->applyConfig(config->storage, config->routing.redis);
    m_keys->start(config->storage, [this, config, generation] {
        // Issue #18: the dashboards' history (last hour, totals per key) from the usage log.
        m_usage->load(m_keys->storage());
        if (generation == m_startGeneration)
            listenAndServe(config);
    });
}

void Gateway::listenAndServe(std::shared_ptr<const GatewayConfig> config)
{
    const ListenPlan plan = ListenPlan::forHost(config->listen.host);
    if (!plan.loopbackOnly && config->masterKey.isEmpty()) {
        emit startFailed(
            u"Refusing to listen on %1 without a master key: anyone on the network could use your "
            u"backends. Set general_settings.master_key, or set gateway.host to localhost."_s.arg(config->listen.host));
        return;
    }
    m_config = config;
    m_discovery->setInterval(config->health.interval);
    m_discovery->setBaseConfig(config);
    QString error;
    const quint16 port = m_front->listen(plan.addresses, config->listen.port, config->front(), &error);
    if (port == 0) {
        emit startFailed(error);
        return;
    }
    listenForOllama(plan, *config);
    const QStringList urls = plan.baseUrls(port);
    m_baseUrls = urls;
    m_stopping = false;
    m_usage->serving();
    m_webUi->applyConfig(*config, urls);
    m_snapshotTimer.start();
    qCInfo(lcGateway).noquote() << "listening on" << urls.join(u", "_s) << "with" << config->deployments.size()
                                << "deployments in" << config->groupNames().size() << "model groups";
    emit started(port, urls);
}

void Gateway::applyConfig(std::shared_ptr<const GatewayConfig> config)
{
    if (!m_front || !m_config) {
        m_config = config;
        return;
    }
    const std::shared_ptr<const GatewayConfig> previous = m_config;
    const bool moved = config->listen != previous->listen || config->tls.certFile != previous->tls.certFile
        || config->tls.keyFile != previous->tls.keyFile;
    if (moved && !relisten(*config)) {
        emit reloadFailed(u"kept serving the previous config: %1"_s.arg(m_lastListenError));
        return;
    }
    m_config = config;
    m_discovery->setInterval(config->health.interval);
    m_discovery->setBaseConfig(config);
    m_front->setSettings(config->front());
    m_keys->applyConfig(config->storage, config->routing.redis);
    m_webUi->applyConfig(*config, m_baseUrls);
    qCInfo(lcGateway) << "config applied:" << config->deployments.size() << "deployments in"
                      << config->groupNames().size() << "model groups";
    emit configApplied();
}

void Gateway::listenForOllama(const ListenPlan& plan, const GatewayConfig& config)
{
    // A convenience for Ollama clients that assume port 11434: a real Ollama may hold it, so
    // failing to get it is a warning, never a reason not to serve.
    if (config.listen.ollamaPort < 0)
        return;
    QString error;
    const quint16 port = m_front->listen(plan.addresses, quint16(config.listen.ollamaPort), config.front(), &error);
    if (port == 0) {
        qCWarning(lcGateway).noquote() << "gateway.ollama_port" << config.listen.ollamaPort
                                       << "is not served:" << error;
        return;
    }
    QStringList urls = plan.baseUrls(port);
    for (QString& url : urls)
        url.chop(3); // Ollama clients take the server root, without /v1
    qCInfo(lcGateway).noquote() << "Ollama API also listening on" << urls.join(u", "_s);
}

bool Gateway::relisten(const GatewayConfig& config)
{
    const ListenPlan plan = ListenPlan::forHost(config.listen.host);
    if (!plan.loopbackOnly && config.masterKey.isEmpty()) {
        m_lastListenError = u"refusing to listen on %1 without a master key"_s.arg(config.listen.host);
        return false;
    }
    const quint16 port = m_front->relisten(plan.addresses, config.listen.port, config.front(), &m_lastListenError);
    if (port == 0)
        return false;
    listenForOllama(plan, config);
    const QStringList urls = plan.baseUrls(port);
    m_baseUrls = urls;
    qCInfo(lcGateway).noquote() << "now listening on" << urls.join(u", "_s);
    emit started(port, urls);
    return true;
}

void Gateway::stop(int drainMs)
{
    m_stopping = true;
    ++m_startGeneration; // a start still waiting for the keys does not listen after all
    if (drainMs < 0)
        drainMs = m_config ? int(m_config->limits.drainTimeout.count()) : 0;
    if (!m_front) {
        emit stopped();
        return;
    }
    m_front->stopListening();
    if (m_pipeline->exchangesInFlight() == 0) {
        finishStop();
        return;
    }
    qCInfo(lcGateway) << "waiting up to" << drainMs << "ms for" << m_pipeline->exchangesInFlight() << "requests";
    m_drainTimer.start(drainMs);
}

void Gateway::finishStop()
{
    m_pipeline->flushFinished();
    m_front->shutdownConnections();
    // Issue #5: requests cut off by the drain timeout are recorded too, and every record is
    // written before stopped() says so.
    m_pipeline->flushFinished();
    m_keys->flushAndWait();
    m_baseUrls.clear();
    if (isSignalConnected(QMetaMethod::fromSignal(&Gateway::snapshotTaken)))
        emit snapshotTaken(takeSnapshot()); // the UI shows "stopped" at once
    m_snapshotTimer.stop();
    emit stopped();
}

void Gateway::serveConfig(std::shared_ptr<const GatewayConfig> effective)
{
    m_pipeline->setConfig(effective);
    m_health->setConfig(effective);
    m_loaded->setConfig(effective);
    QSet<QString> stateKeys;
    for (const Deployment& d : effective->deployments)
        stateKeys.insert(d.stateKey());
    m_router->states().retainOnly(stateKeys);
}

void Gateway::checkHealthNow(const QStringList& deploymentIds)
{
    if (!m_health || !m_pipeline)
        return;
    QStringList keys;
    for (const Deployment& d : m_pipeline->config()->deployments) {
        if (deploymentIds.isEmpty() || deploymentIds.contains(d.id))
            keys.append(d.stateKey());
    }
    m_health->checkNow(keys);
}

void Gateway::setServerStatuses(const ServerStatusList& statuses)
{
    m_serverStatuses = statuses;
    if (m_loaded)
        m_loaded->setServerStatuses(statuses);
    applyServerStatuses();
}

void Gateway::applyServerStatuses()
{
    if (!m_router)
        return; // applied when the components are created
    DeploymentStates& states = m_router->states();
    for (const ServerStatus& s : std::as_const(m_serverStatuses)) {
        const bool becameReady = s.state == ServerState::Ready && states.serverState(s.name) != ServerState::Ready;
        states.setServerState(s.name, s.state);
        if (!becameReady || !m_pipeline)
            continue;
        // Health checks failed while it was down; it is up now, so their verdict is stale.
        for (const Deployment& d : m_pipeline->config()->deployments) {
            if (d.managed && d.managedServer == s.name)
                states.setChecked(d.stateKey(), BackendHealth::Unknown);
        }
    }
    m_serversAdmin->setStatuses(m_serverStatuses);
    m_router->queue().wake(); // requests waiting for a server that is ready now
}

void Gateway::releaseMemoryWhenIdle()
{
    // Once a burst is over and a whole tick went by with nothing in flight: trimming then holds
    // up no request, and steady traffic (which reuses the memory) never triggers it.
    const quint64 done = m_stats.totals().requests;
    const bool idle = done == m_requestsLastTick && m_pipeline && m_pipeline->exchangesInFlight() == 0;
    m_requestsLastTick = done;
    if (!idle || done == m_requestsAtTrim)
        return;
    m_requestsAtTrim = done;
    releaseFreeMemory();
}

void Gateway::reportServerUse()
{
    if (!m_pipeline || m_serverStatuses.isEmpty())
        return;
    QHash<QString, quint64> requests;
    QSet<QString> busy;
    for (const Deployment& d : m_pipeline->config()->deployments) {
        if (!d.managed || d.wildcard)
            continue;
        requests[d.managedServer] += m_stats.of(d.id).requests;
        if (m_router->inFlight(d.stateKey()) > 0)
            busy.insert(d.managedServer);
    }
    QStringList used;
    for (auto it = requests.cbegin(); it != requests.cend(); ++it) {
        if (busy.contains(it.key()) || m_serverRequestsSeen.value(it.key()) != it.value())
            used.append(it.key());
    }
    m_serverRequestsSeen = requests;
    if (!used.isEmpty())
        emit serversUsed(used);
}

GatewaySnapshotPtr Gateway::takeSnapshot() const
{
    auto s = std::make_shared<GatewaySnapshot>();
    s->takenAt = QDateTime::currentDateTimeUtc();
    s->serving = !m_baseUrls.isEmpty();
    s->baseUrls = m_baseUrls;
    if (!m_pipeline)
        return s;
    s->connections = m_front->connectionCount();
    s->inFlight = m_pipeline->exchangesInFlight();
    const DeploymentStats::Totals& totals = m_stats.totals();
    s->requests = totals.requests;
    s->failures = totals.failures;
    s->promptTokens = totals.promptTokens;
    s->completionTokens = totals.completionTokens;
    const TrafficHistory& traffic = m_usage->traffic();
    s->traffic = traffic.seconds(traffic.now() - UsageTracker::kSnapshotSeconds, traffic.now() + 1);
    s->lastMinute = traffic.totals(60);
    s->lastHour = traffic.totals(TrafficHistory::kSeconds - 1);
    s->keyUsage = keyUsage();
    const GatewayConfig& config = *m_pipeline->config();
    s->groups = config.groupNames();
    for (const QString& group : std::as_const(s->groups)) {
        const RoutingSettings& r = config.routing;
        ModelGroupSnapshot g{group,
                             r.strategyFor(group),
                             FailoverPolicy::fallbacksFor(r, group, false),
                             {},
                             r.numRetries,
                             r.cooldownTime.count(),
                             r.allowedFails};
        for (auto it = r.modelGroupAlias.cbegin(); it != r.modelGroupAlias.cend(); ++it) {
            if (it.value() == group)
                g.aliases.append(it.key());
        }
        s->modelGroups.append(g);
    }
    for (const Deployment& d : config.deployments) {
        if (!d.wildcard) // a template; its models are listed as deployments of their own
            s->deployments.append(snapshotOf(d));
    }
    return s;
}

DeploymentSnapshot Gateway::snapshotOf(const Deployment& d) const
{
    DeploymentSnapshot ds;
    ds.id = d.id;
    ds.group = d.group;
    ds.backendModel = d.backendModel;
    ds.apiBase = d.apiBaseText;
    ds.provider = d.provider;
    ds.discovered = d.discovered;
    ds.managed = d.managed;
    ds.server = d.managedServer;
    DeploymentStates& states = m_router->states();
    ds.inFlight = m_router->inFlight(d.stateKey());
    ds.health = states.health(d.stateKey());
    if (d.managed) {
        const ServerState server = states.serverState(d.managedServer);
        if (server == ServerState::Starting || server == ServerState::Backoff)
            ds.health = BackendHealth::Starting;
        else if (server != ServerState::Ready)
            ds.health = BackendHealth::Stopped;
        else if (ds.health == BackendHealth::Unknown)
            ds.health = BackendHealth::Healthy; // issue #18: its supervisor's readiness check just passed
    }
    const DeploymentStats::PerDeployment stats = m_stats.of(d.id);
    ds.requests = stats.requests;
    ds.failures = stats.failures;
    ds.latencyMs = stats.latencyMs;
    ds.ttftMs = stats.ttftMs;
    ds.lastError = stats.lastError;
    ds.lastErrorAt = stats.lastErrorAt;
    ds.maxParallel = d.maxParallelRequests;
    ds.rpmLimit = d.rpm;
    ds.tpmLimit = d.tpm;
    ds.rpmUsed = states.requestsThisMinute(d.stateKey());
    ds.tpmUsed = states.tokensThisMinute(d.stateKey());
    ds.inputCostPerToken = d.inputCostPerToken;
    ds.outputCostPerToken = d.outputCostPerToken;
    ds.maxInputTokens = d.maxInputTokens;
    ds.order = d.effectiveOrder();
    ds.weight = d.weight;
    if (const DeploymentState* st = states.find(d.stateKey()); st && st->cooldownUntilMs > states.nowMs())
        ds.cooldownUntil = QDateTime::currentDateTimeUtc().addMSecs(st->cooldownUntilMs - states.nowMs());
    ds.healthChecked = m_health->covers(d.stateKey());
    ds.lastCheckedAt = m_health->lastChecked(d.stateKey());
    return ds;
}

KeyUsageList Gateway::keyUsage() const
{
    KeyUsageList list = m_usage->ledger().totals();
    if (!m_keys)
        return list;
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < list.size(); ++i)
        index.insert(list.at(i).keyHash, i);
    // Every virtual key has a row, used or not, with its budget as /key/info has it.
    for (const std::shared_ptr<KeyEntry>& entry : m_keys->cache().entries()) {
        const VirtualKeyInfo info = m_keys->infoOf(*entry);
        auto it = index.constFind(info.key.token);
        if (it == index.cend()) {
            it = index.insert(info.key.token, list.size());
            list.append(KeyUsage{});
            list.last().keyHash = info.key.token;
        }
        KeyUsage& u = list[*it];
        u.alias = info.key.alias;
        u.keyName = info.key.keyName;
        u.virtualKey = true;
        u.periodSpend = info.spend;
        u.maxBudget = info.key.maxBudget;
        u.budgetRemaining = info.budgetRemaining;
    }
    return list;
}

void Gateway::recordRequest(const RequestRecord& r)
{
    m_stats.record(r);
    m_usage->record(r);
    qCDebug(lcAccess).noquote() << r.requestId << r.endpoint << r.group << r.deploymentId << r.status << r.errorCode
                                << r.latencyMs << "ms" << r.usage.promptTokens << '+' << r.usage.completionTokens
                                << "tokens";
    if (!isSignalConnected(QMetaMethod::fromSignal(&Gateway::requestsRecorded)))
        return;
    if (m_pendingRecords.size() >= kMaxBatchedRecords)
        m_pendingRecords.removeFirst();
    m_pendingRecords.append(r);
    if (!m_recordTimer.isActive())
        m_recordTimer.start();
}

} // namespace sy
