#include "gateway/admin/DashboardApi.h"

#include "gateway/admin/AdminSupport.h"
#include "gateway/admin/CacheGuardrailJson.h"
#include "gateway/admin/DashboardJson.h"
#include "gateway/cache/ResponseCache.h"
#include "gateway/config/ConfigPrinter.h"
#include "gateway/core/GatewayConfig.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/metrics/TrafficHistory.h"
#include "gateway/pipeline/RequestContext.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr int kMaxPoints = 300; // one per second over 5 minutes; coarser over longer windows

} // namespace

DashboardApi::DashboardApi(Sources sources)
    : m_sources(std::move(sources))
{ }

bool DashboardApi::handles(QByteArrayView path) const
{
    path = AdminSupport::normalizedPath(path);
    return path.startsWith("/dashboard/") || path == "/config" || path == "/config/reload";
}

void DashboardApi::handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    const QByteArrayView path = AdminSupport::normalizedPath(ctx.http.path);
    if (!AdminSupport::isAdmin(ctx)) {
        channel->sendError(AdminSupport::adminOnly(path));
        return;
    }
    const bool reload = path == "/config/reload";
    if (ctx.http.method != (reload ? "POST" : "GET")) {
        channel->sendError(AdminSupport::methodNotAllowed(ctx, reload ? "POST" : "GET"));
        return;
    }
    if (path == "/dashboard/overview") {
        overview(ctx, *channel);
    } else if (path == "/dashboard/cache" && m_sources.cache && m_sources.cacheMetrics) {
        AdminSupport::sendJson(*channel, CacheGuardrailJson::cache(*m_sources.cache, *m_sources.cacheMetrics));
    } else if (path == "/dashboard/guardrails" && m_sources.cacheMetrics) {
        AdminSupport::sendJson(*channel,
                               CacheGuardrailJson::guardrails(ctx.config->guardrails, *m_sources.cacheMetrics));
    } else if (path == "/dashboard/traffic") {
        traffic(ctx, *channel);
    } else if (path == "/dashboard/usage") {
        usage(ctx, std::move(channel));
    } else if (path == "/config") {
        config(ctx, *channel);
    } else if (reload) {
        m_sources.reload();
        AdminSupport::sendJson(*channel, QJsonObject{{u"accepted"_s, u"reload"_s}}, 202);
    } else {
        channel->sendError(
            ApiError::notFound(u"Unknown path %1; /dashboard has overview, traffic, usage, cache and guardrails."_s.arg(
                                   QString::fromUtf8(path)),
                               "not_found"));
    }
}

void DashboardApi::overview(RequestContext& ctx, ResponseChannel& channel)
{
    QJsonObject body = DashboardJson::overview(*m_sources.snapshot());
    // Which of the optional pages apply, so the web UI shows them only where configured.
    body.insert(u"features"_s,
                QJsonObject{{u"cache"_s, m_sources.cache && m_sources.cache->isEnabled()},
                            {u"guardrails"_s, !ctx.config->guardrails.guardrails.isEmpty()}});
    AdminSupport::sendJson(channel, body);
}

void DashboardApi::traffic(RequestContext& ctx, ResponseChannel& channel)
{
    bool ok = false;
    const int window = AdminSupport::queryOf(ctx).queryItemValue(u"window"_s).toInt(&ok);
    if (!ok || window < 60 || window > TrafficHistory::kSeconds) {
        channel.sendError(
            ApiError::badRequest(u"window must be seconds between 60 and 3600, e.g. 300."_s, "invalid_window"));
        return;
    }
    const TrafficHistory* history = m_sources.traffic();
    const QList<TrafficHistory::Point> points
        = history ? history->series(window, kMaxPoints) : QList<TrafficHistory::Point>{};
    AdminSupport::sendJson(channel, DashboardJson::series(points, window));
}

void DashboardApi::usage(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    const QUrlQuery query = AdminSupport::queryOf(ctx);
    bool ok = false;
    int days = query.queryItemValue(u"days"_s).toInt(&ok);
    days = ok ? qBound(1, days, 366) : 30;
    const QString groupBy = query.queryItemValue(u"group_by"_s);
    if (!groupBy.isEmpty() && groupBy != u"model" && groupBy != u"key") {
        channel->sendError(ApiError::badRequest(u"group_by must be model or key."_s, "invalid_group_by"));
        return;
    }
    DailyUsageQuery q;
    q.to = QDateTime::currentDateTimeUtc().date();
    q.from = q.to.addDays(1 - days);
    q.groupBy = groupBy == u"key" ? DailyUsageQuery::GroupBy::Key : DailyUsageQuery::GroupBy::Model;
    auto shared = AdminSupport::share(std::move(channel));
    m_sources.daily(q, [shared](const HistoryResult<QList<DailyUsage>>& result) {
        if (!result.ok()) {
            (*shared)->sendError(ApiError::serviceUnavailable(result.error, "usage_log_unavailable", 5));
            return;
        }
        AdminSupport::sendJson(**shared, QJsonObject{{u"data"_s, DashboardJson::daily(result.rows)}});
    });
}

void DashboardApi::config(RequestContext& ctx, ResponseChannel& channel)
{
    const GatewayConfig& c = *ctx.config;
    AdminSupport::sendJson(channel,
                           QJsonObject{{u"file"_s, c.sourceFile},
                                       {u"yaml"_s, QString::fromUtf8(ConfigPrinter::toYaml(c))},
                                       {u"deployments"_s, int(c.deployments.size())},
                                       {u"models"_s, QJsonArray::fromStringList(c.groupNames())}});
}

} // namespace sy
