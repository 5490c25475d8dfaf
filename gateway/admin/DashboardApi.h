#pragma once

#include "gateway/core/GatewaySnapshot.h"
#include "gateway/pipeline/AdminHandler.h"
#include "gateway/storage/UsageHistory.h"

#include <QList>

#include <functional>

namespace sy {

class CacheGuardrailMetrics;
class ResponseCache;
class TrafficHistory;

/**
 * What the dashboards show, for the web UI and scripts alike (master key or an admin UI session):
 *   GET  /dashboard/overview           totals, backends and usage per key: the tray's snapshot, and
 *                                      which optional pages apply (features: cache, guardrails)
 *   GET  /dashboard/traffic?window=S   chart points over the last S seconds (300, 900 or 3600)
 *   GET  /dashboard/usage?days=N&group_by=model|key   usage and spend per UTC day, from the usage log
 *   GET  /dashboard/cache              the response cache's settings and counters (CacheGuardrailJson)
 *   GET  /dashboard/guardrails         the configured guardrails and their decisions
 *   GET  /config                       the effective config as YAML, secrets masked
 *   POST /config/reload                reloads the config file, as SIGHUP does (202)
 * The sources are the tray's: the gateway's snapshot and TrafficHistory, and HistoryService's
 * daily query, which runs on the storage thread; the cache's and guardrails' counters /metrics exports.
 */
class DashboardApi final : public IAdminHandler
{
public:
    using DailyDone = std::function<void(const HistoryResult<QList<DailyUsage>>& result)>;
    struct Sources
    {
        std::function<GatewaySnapshotPtr()> snapshot;
        std::function<const TrafficHistory*()> traffic;
        std::function<void(const DailyUsageQuery& query, DailyDone done)> daily;
        std::function<void()> reload;
        const ResponseCache* cache = nullptr; ///< issue #16; outlives the handler
        const CacheGuardrailMetrics* cacheMetrics = nullptr;
    };

    explicit DashboardApi(Sources sources);

    bool handles(QByteArrayView path) const override;
    void handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel) override;

private:
    void overview(RequestContext& ctx, ResponseChannel& channel);
    void traffic(RequestContext& ctx, ResponseChannel& channel);
    void usage(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel);
    void config(RequestContext& ctx, ResponseChannel& channel);

    Sources m_sources;
};

} // namespace sy
