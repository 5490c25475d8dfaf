#include "gateway/admin/DashboardJson.h"

using namespace Qt::StringLiterals;

namespace sy::DashboardJson {

namespace {

QJsonValue msOrNull(double ms)
{
    return ms < 0 ? QJsonValue() : QJsonValue(qRound(ms * 10) / 10.0);
}

QJsonValue timeOrNull(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue valueOrNull(double v)
{
    return v < 0 ? QJsonValue() : QJsonValue(v);
}

} // namespace

QString healthName(BackendHealth health)
{
    switch (health) {
    case BackendHealth::Healthy:
        return u"healthy"_s;
    case BackendHealth::Unhealthy:
        return u"unhealthy"_s;
    case BackendHealth::CoolingDown:
        return u"cooling_down"_s;
    case BackendHealth::Starting:
        return u"starting"_s;
    case BackendHealth::Stopped:
        return u"stopped"_s;
    case BackendHealth::Unknown:
        break;
    }
    return u"unknown"_s;
}

QJsonObject deployment(const DeploymentSnapshot& d)
{
    return QJsonObject{{u"id"_s, d.id},
                       {u"model"_s, d.group},
                       {u"backend_model"_s, d.backendModel},
                       {u"api_base"_s, d.apiBase},
                       {u"provider"_s, d.provider},
                       {u"managed"_s, d.managed},
                       {u"server"_s, d.server},
                       {u"health"_s, healthName(d.health)},
                       {u"in_flight"_s, d.inFlight},
                       {u"requests"_s, double(d.requests)},
                       {u"failures"_s, double(d.failures)},
                       {u"latency_ms"_s, msOrNull(d.latencyMs)},
                       {u"ttft_ms"_s, msOrNull(d.ttftMs)},
                       {u"last_error"_s, d.lastError.isEmpty() ? QJsonValue() : QJsonValue(d.lastError)},
                       {u"last_error_at"_s, timeOrNull(d.lastErrorAt)},
                       {u"input_cost_per_token"_s, d.inputCostPerToken},
                       {u"output_cost_per_token"_s, d.outputCostPerToken}};
}

QJsonObject keyUsage(const KeyUsage& u)
{
    QJsonObject o{{u"token"_s, u.keyHash},
                  {u"key_alias"_s, u.alias.isEmpty() ? QJsonValue() : QJsonValue(u.alias)},
                  {u"key_name"_s, u.keyName},
                  {u"virtual_key"_s, u.virtualKey},
                  {u"requests"_s, double(u.requests)},
                  {u"prompt_tokens"_s, double(u.promptTokens)},
                  {u"completion_tokens"_s, double(u.completionTokens)},
                  {u"errors"_s, double(u.errors)},
                  {u"spend"_s, u.cost},
                  {u"last_used_at"_s, timeOrNull(u.lastUsedAt)}};
    if (u.virtualKey) {
        o.insert(u"period_spend"_s, u.periodSpend);
        o.insert(u"max_budget"_s, u.maxBudget ? QJsonValue(*u.maxBudget) : QJsonValue());
    }
    return o;
}

QJsonObject overview(const GatewaySnapshot& s)
{
    QJsonArray deployments;
    for (const DeploymentSnapshot& d : s.deployments)
        deployments.append(deployment(d));
    QJsonArray keys;
    for (const KeyUsage& u : s.keyUsage)
        keys.append(keyUsage(u));
    const auto totals = [](const TrafficTotals& t) {
        return QJsonObject{{u"requests"_s, double(t.requests)},
                           {u"client_errors"_s, double(t.clientErrors)},
                           {u"server_errors"_s, double(t.serverErrors)},
                           {u"prompt_tokens"_s, double(t.promptTokens)},
                           {u"completion_tokens"_s, double(t.completionTokens)}};
    };
    return QJsonObject{{u"taken_at"_s, timeOrNull(s.takenAt)},
                       {u"serving"_s, s.serving},
                       {u"base_urls"_s, QJsonArray::fromStringList(s.baseUrls)},
                       {u"connections"_s, s.connections},
                       {u"in_flight"_s, s.inFlight},
                       {u"requests"_s, double(s.requests)},
                       {u"failures"_s, double(s.failures)},
                       {u"prompt_tokens"_s, double(s.promptTokens)},
                       {u"completion_tokens"_s, double(s.completionTokens)},
                       {u"last_minute"_s, totals(s.lastMinute)},
                       {u"last_hour"_s, totals(s.lastHour)},
                       {u"models"_s, QJsonArray::fromStringList(s.groups)},
                       {u"deployments"_s, deployments},
                       {u"keys"_s, keys}};
}

QJsonObject series(const QList<TrafficHistory::Point>& points, int windowSeconds)
{
    // Columns, as uPlot takes them: one array per series, null for a gap.
    QJsonArray t, rps, tps, p50, p95, errors;
    for (const TrafficHistory::Point& p : points) {
        t.append(double(p.endMs) / 1000.0);
        rps.append(p.requestsPerSecond);
        tps.append(p.promptTokensPerSecond + p.completionTokensPerSecond);
        p50.append(valueOrNull(p.ttftP50Ms));
        p95.append(valueOrNull(p.ttftP95Ms));
        const bool none = p.clientErrorPercent < 0 && p.serverErrorPercent < 0;
        errors.append(none ? QJsonValue()
                           : QJsonValue(qMax(0.0, p.clientErrorPercent) + qMax(0.0, p.serverErrorPercent)));
    }
    return QJsonObject{{u"window"_s, windowSeconds},
                       {u"time"_s, t},
                       {u"requests_per_second"_s, rps},
                       {u"tokens_per_second"_s, tps},
                       {u"ttft_p50_ms"_s, p50},
                       {u"ttft_p95_ms"_s, p95},
                       {u"error_percent"_s, errors}};
}

QJsonArray daily(const QList<DailyUsage>& rows)
{
    QJsonArray out;
    for (const DailyUsage& r : rows) {
        out.append(QJsonObject{{u"date"_s, r.day.toString(Qt::ISODate)},
                               {u"name"_s, r.name},
                               {u"key_alias"_s, r.alias},
                               {u"requests"_s, double(r.requests)},
                               {u"prompt_tokens"_s, double(r.promptTokens)},
                               {u"completion_tokens"_s, double(r.completionTokens)},
                               {u"errors"_s, double(r.errors)},
                               {u"spend"_s, r.cost}});
    }
    return out;
}

} // namespace sy::DashboardJson
