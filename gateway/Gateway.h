#pragma once

#include "gateway/core/GatewayConfig.h"
#include "gateway/core/GatewaySnapshot.h"
#include "gateway/core/ServerStatus.h"
#include "gateway/metrics/DeploymentStats.h"
#include "gateway/pipeline/AccountStage.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <limits>
#include <memory>

namespace sy {

class CacheAdminApi;
class DashboardApi;
class GatewayMetrics;
class HistoryService;
class WebUiHandler;
class HealthChecker;
class KeyAdminApi;
class KeyManager;
class LoadedModels;
struct ListenPlan;
class ModelDiscovery;
class HttpFrontServer;
class ResponsesApi;
class SpendApi;
class RequestPipeline;
class ServersAdminHandler;
class Router;
class UpstreamClient;
class UsageTracker;

/**
 * The gateway core: the HTTP front, the request pipeline and the upstream client. It lives on
 * its own thread (see GatewayHost) and is driven only through queued calls; everything in it
 * is asynchronous, so that thread never blocks.
 */
class Gateway : public QObject, public IRequestRecordSink
{
    Q_OBJECT

public:
    explicit Gateway(QObject* parent = nullptr);
    ~Gateway() override;

    /** Starts serving @p config. Emits started() or startFailed(). */
    void start(std::shared_ptr<const GatewayConfig> config);
    /** Serves @p config from now on; requests under way finish with the config they started with. */
    void applyConfig(std::shared_ptr<const GatewayConfig> config);
    /**
     * Stops accepting connections and waits up to @p drainMs (negative: gateway.drain_timeout)
     * for requests in flight, then emits stopped().
     */
    void stop(int drainMs = -1);

    void recordRequest(const RequestRecord& record) override;

    /** The managed servers' states, from their supervisor: routing sends requests only to ready
        ones, and requests waiting for one that became ready get another go. */
    void setServerStatuses(const sy::ServerStatusList& statuses);

    /** Virtual keys, usage and spend; null before the first start(). Gateway thread only. */
    KeyManager* keys() const { return m_keys.get(); }
    /** Traffic history and usage per key for the dashboards; null before the first start(). */
    UsageTracker* usage() const { return m_usage.get(); }
    /** Runs the active health check of @p deploymentIds (all when empty) now. */
    void checkHealthNow(const QStringList& deploymentIds);

signals:
    void started(quint16 port, const QStringList& baseUrls);
    void startFailed(const QString& error);
    /** A reload was applied; requests under way finish with the config they started with. */
    void configApplied();
    /** A reload could not be applied (e.g. the new port is taken); the previous config serves on. */
    void reloadFailed(const QString& error);
    void stopped();
    /** Records of finished requests, batched (at most every 250 ms) so a busy gateway does not
        wake the receiving thread once per request. */
    void requestsRecorded(const QList<sy::RequestRecord>& records);
    /** The gateway's state, about once a second while anyone listens (the UI). */
    void snapshotTaken(sy::GatewaySnapshotPtr snapshot);
    /** A request wants a model of start_on_demand server @p name, which is stopped. */
    void serverWanted(const QString& name);
    /** The admin API asked for @p command on server @p name. */
    void serverCommandRequested(const QString& name, sy::ServerCommand command);
    /** Managed servers that had requests in flight or finished since the last report (about once
        a second): what their idle_ttl is measured from. */
    void serversUsed(const QStringList& names);

    /** POST /config/reload (the admin API, the web UI): reload the config file, as SIGHUP does. */
    void configReloadRequested();

    /** Virtual keys were created, changed or deleted (admin API, command line, other instances). */
    void keysChanged();

private:
    void createComponents();
    void listenAndServe(std::shared_ptr<const GatewayConfig> config);
    bool relisten(const GatewayConfig& config);
    /** gateway.ollama_port: the same gateway on a second port, if it can be had. */
    void listenForOllama(const ListenPlan& plan, const GatewayConfig& config);
    void finishStop();
    GatewaySnapshotPtr takeSnapshot() const;
    DeploymentSnapshot snapshotOf(const Deployment& d) const;
    KeyUsageList keyUsage() const;
    /** Serves @p effective (the file's config plus discovered models): routing, health checks. */
    void serveConfig(std::shared_ptr<const GatewayConfig> effective);
    void applyServerStatuses();
    void reportServerUse();
    /** Gives freed heap back to the system after a burst, once idle (see releaseFreeMemory). */
    void releaseMemoryWhenIdle();
    void createWebUi();
    /** The last snapshot if it is under a second old, else a new one: the web UI's polls share them. */
    GatewaySnapshotPtr recentSnapshot();

    std::shared_ptr<const GatewayConfig> m_config;
    std::unique_ptr<UpstreamClient> m_upstream;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<ModelDiscovery> m_discovery;
    std::unique_ptr<LoadedModels> m_loaded; ///< what backends have in memory, for Ollama's /api/ps
    std::unique_ptr<HealthChecker> m_health;
    std::unique_ptr<GatewayMetrics> m_metrics;
    // Virtual keys (issue #5): declared before the pipeline, which uses them until it is gone.
    std::unique_ptr<KeyManager> m_keys;
    std::unique_ptr<KeyAdminApi> m_keyApi;
    std::unique_ptr<SpendApi> m_spendApi;
    std::unique_ptr<CacheAdminApi> m_cacheApi; ///< issue #16
    std::unique_ptr<ResponsesApi> m_responsesApi;
    std::unique_ptr<UsageTracker> m_usage;
    quint64 m_startGeneration = 0;
    std::unique_ptr<RequestPipeline> m_pipeline;
    std::unique_ptr<ServersAdminHandler> m_serversAdmin;
    std::unique_ptr<HistoryService> m_history; ///< the web UI's daily usage, as the tray's
    std::unique_ptr<DashboardApi> m_dashboardApi;
    std::unique_ptr<WebUiHandler> m_webUi;
    GatewaySnapshotPtr m_recentSnapshot;
    std::unique_ptr<HttpFrontServer> m_front; ///< declared last: destroyed first, so no request arrives mid-teardown
    QTimer m_drainTimer;
    QTimer m_recordTimer;
    QTimer m_snapshotTimer;
    DeploymentStats m_stats;
    QStringList m_baseUrls; ///< empty while not listening
    QList<RequestRecord> m_pendingRecords;
    bool m_stopping = false;
    QString m_lastListenError;
    ServerStatusList m_serverStatuses;
    QHash<QString, quint64> m_serverRequestsSeen; ///< per managed server, for serversUsed()
    quint64 m_requestsLastTick = 0; ///< requests finished, at the last snapshot tick
    /// requests finished when memory was last released; none yet: the first idle tick after the
    /// start releases what loading the config and the price list freed
    quint64 m_requestsAtTrim = std::numeric_limits<quint64>::max();
};

} // namespace sy
