#pragma once

#include "gateway/cache/ResponseCache.h"
#include "gateway/http/IRequestHandler.h"
#include "gateway/metrics/CacheGuardrailMetrics.h"
#include "gateway/pipeline/AccountStage.h"
#include "gateway/pipeline/AuthStage.h"
#include "gateway/pipeline/ConversationStage.h"
#include "gateway/pipeline/Exchange.h"
#include "gateway/pipeline/ForwardStage.h"
#include "gateway/pipeline/LimitStage.h"
#include "gateway/pipeline/OllamaEndpoints.h"
#include "gateway/pipeline/ParseStage.h"
#include "gateway/pipeline/RequestGuard.h"
#include "gateway/pipeline/RouteStage.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace sy {

class GatewayMetrics;
class GuardrailSet;
class IAdminHandler;
class IUpstreamClient;
class KeyManager;
class LoadedModels;
class ModelDiscovery;
class Router;

/**
 * Entry point of every request the front accepts. Proxied endpoints become an Exchange; the
 * gateway's own endpoints (models, health, metrics) are answered here. The config is swapped
 * with setConfig(); each request keeps the config it started with.
 */
class RequestPipeline : public QObject, public IRequestHandler
{
    Q_OBJECT

public:
    RequestPipeline(IUpstreamClient& upstream,
                    Router& router,
                    GatewayMetrics& metrics,
                    IRequestRecordSink* sink,
                    ModelDiscovery* discovery = nullptr,
                    QObject* parent = nullptr);
    ~RequestPipeline() override;

    void setConfig(std::shared_ptr<const GatewayConfig> config);
    /** The config new requests are served with (the file's, plus discovered models). */
    const std::shared_ptr<const GatewayConfig>& config() const { return m_config; }
    /** Supplies the number of open client connections, for /health and /metrics. */
    void setConnectionCounter(std::function<int()> counter) { m_connections = std::move(counter); }

    /** Virtual keys: authentication, limits and usage accounting go through @p keys (issue #5). */
    void setKeys(KeyManager* keys);
    /** Authentication, e.g. for a UI session check (AuthStage::setSessionCheck) or tests. */
    AuthStage& auth() { return m_auth; }

    /** The response cache (issue #16), for the cache admin endpoints. */
    ResponseCache& cache() { return m_cache; }
    /** The cache's and guardrails' counters, as /metrics exports them (for the dashboards). */
    const CacheGuardrailMetrics& cacheGuardrailMetrics() const { return m_cacheGuardrailMetrics; }

    /** What backends have loaded, for Ollama's /api/ps (not owned; may be null). */
    void setLoadedModels(LoadedModels* loaded);

    /** Routes the paths @p handler claims to it (not owned; it must outlive the pipeline's use). */
    void addAdminHandler(IAdminHandler* handler) { m_adminHandlers.push_back(handler); }

    void handleRequest(HttpRequest request, std::unique_ptr<ResponseChannel> channel) override;

    int exchangesInFlight() const { return int(m_exchanges.size()); }
    /** Accounts and destroys finished exchanges now rather than on the next event-loop pass. */
    void flushFinished();

signals:
    /** The last exchange in flight finished; used to drain on shutdown. */
    void idle();

private:
    void answerInfo(RequestContext& ctx, ResponseChannel& channel);
    void onExchangeDone(Exchange* exchange);
    bool authorizeInfo(RequestContext& ctx, ResponseChannel& channel);
    /** Answers @p error to a request refused before authentication, counted once (issue #15). */
    void refuse(const RequestContext& ctx, ResponseChannel& channel, const ApiError& error);
    /** Hands the request to the admin handler claiming its path; false when none does. */
    bool dispatchAdmin(RequestContext& ctx, std::unique_ptr<ResponseChannel>& channel);
    /** Adds CORS headers for an allowed Origin; answers a preflight and returns true for OPTIONS. */
    bool applyCors(const RequestContext& ctx, ResponseChannel& channel);
    /** Brings the deployment health gauges up to date before a scrape. */
    void updateDeploymentHealth(const GatewayConfig& config);

    std::shared_ptr<const GatewayConfig> m_config;
    IUpstreamClient& m_upstream;
    GatewayMetrics& m_metrics;
    ResponseCache m_cache; ///< issue #16
    CacheGuardrailMetrics m_cacheGuardrailMetrics;
    const Router& m_router;
    RequestGuard m_guard;
    ParseStage m_parse;
    AuthStage m_auth;
    ConversationStage m_conversation;
    LimitStage m_limit;
    RouteStage m_route;
    ForwardStage m_forward;
    AccountStage m_account;
    PipelineStages m_stages;
    OllamaEndpoints m_ollama;
    std::function<int()> m_connections;
    std::vector<IAdminHandler*> m_adminHandlers;
    quint64 m_nextId = 1;
    std::unordered_map<Exchange*, std::unique_ptr<Exchange>> m_exchanges; ///< in flight
    // Finished exchanges are accounted and destroyed from a zero-interval timer, not from their own
    // callbacks. A timer costs nothing per request, where deleteLater() would wake the event loop
    // each time; and Qt handles ready sockets before timers, so a client's next request is served
    // before this bookkeeping.
    std::vector<std::unique_ptr<Exchange>> m_finished;
    QTimer m_reaper;
    qint64 m_startedSecs = QDateTime::currentSecsSinceEpoch();
};

} // namespace sy
