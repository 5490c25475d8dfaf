#include "gateway/metrics/GatewayMetrics.h"

#include "gateway/core/Deployment.h"
#include "gateway/core/RequestRecord.h"

namespace sy {

namespace {

using Kind = MetricsRegistry::Kind;

const QString kUnknownGroup = QStringLiteral("unknown");
// Distinct failure labels (status and error code; the code may come from a backend's answer) kept
// per group or deployment; further ones are counted under "other".
constexpr qsizetype kMaxFailureSeries = 32;

QByteArray failureKey(const QHash<QByteArray, double*>& existing, int status, const QByteArray& errorCode)
{
    const QByteArray key = QByteArray::number(status) + '/' + errorCode;
    if (existing.contains(key) || existing.size() < kMaxFailureSeries)
        return key;
    return QByteArray::number(status) + "/other";
}

// Seconds; close to LiteLLM's LATENCY_BUCKETS, trimmed for a local gateway.
const QList<double> kLatencyBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

} // namespace

GatewayMetrics::GatewayMetrics()
{
    m_proxyRequests = m_registry.declare("litellm_proxy_total_requests_metric",
                                         "Requests made to the gateway, by model group and status code.",
                                         Kind::Counter);
    m_proxyFailures = m_registry.declare("litellm_proxy_failed_requests_metric",
                                         "Requests for which the client did not get a success response.",
                                         Kind::Counter);
    m_totalLatency = m_registry.declare("litellm_request_total_latency_metric",
                                        "Seconds from receiving a request to its last byte.",
                                        Kind::Histogram,
                                        kLatencyBuckets);
    m_apiLatency = m_registry.declare("litellm_llm_api_latency_metric",
                                      "Seconds of the backend call alone, per deployment.",
                                      Kind::Histogram,
                                      kLatencyBuckets);
    m_ttft = m_registry.declare("litellm_llm_api_time_to_first_token_metric",
                                "Seconds to the first streamed token, per deployment.",
                                Kind::Histogram,
                                kLatencyBuckets);
    m_deploymentTotal = m_registry.declare(
        "litellm_deployment_total_requests", "Backend calls per deployment, success and failure.", Kind::Counter);
    m_deploymentSuccess = m_registry.declare(
        "litellm_deployment_success_responses", "Successful backend calls per deployment.", Kind::Counter);
    m_deploymentFailure = m_registry.declare("litellm_deployment_failure_responses",
                                             "Failed backend calls (upstream errors) per deployment.",
                                             Kind::Counter);
    m_inputTokens = m_registry.declare("litellm_input_tokens_metric", "Prompt tokens.", Kind::Counter);
    m_outputTokens = m_registry.declare("litellm_output_tokens_metric", "Completion tokens.", Kind::Counter);
    m_totalTokens = m_registry.declare("litellm_total_tokens_metric", "Prompt plus completion tokens.", Kind::Counter);
    m_spend = m_registry.declare(
        "litellm_spend_metric", "Spend in USD at the deployments' token prices, per model group.", Kind::Counter);
    m_deploymentState = m_registry.declare("litellm_deployment_state",
                                           "Deployment health: 0 healthy, 1 partial outage (cooling down, starting "
                                           "or stopped), 2 complete outage (failing its health checks).",
                                           Kind::Gauge);
    m_inFlight = m_registry.declare(
        "switchyard_in_flight_requests", "Requests being answered now, per model group.", Kind::Gauge);
    m_deploymentInFlight = m_registry.declare(
        "switchyard_deployment_in_flight_requests", "Backend calls under way now, per deployment.", Kind::Gauge);
    m_connections = m_registry.declare("switchyard_http_connections", "Open client connections.", Kind::Gauge);
    m_dialectRequests = m_registry.declare("switchyard_requests_by_dialect",
                                           "Proxied requests by the client's API (dialect) and the API the backend was "
                                           "spoken to in (wire; empty when none was reached).",
                                           Kind::Counter);
    m_rejected = m_registry.declare("switchyard_rejected_requests",
                                    "Requests refused before authentication: wrong or missing key, throttled, "
                                    "malformed, or refused by the Host, Origin or Content-Type checks.",
                                    Kind::Counter);
}

void GatewayMetrics::setGroups(const QStringList& groups)
{
    m_knownGroups = QSet<QString>(groups.cbegin(), groups.cend());
}

const QString& GatewayMetrics::groupLabel(const QString& name) const
{
    // A series that exists keeps its label, so a request that started under a config that had its
    // group ends on the same series after a reload.
    if (!m_knownGroups || m_knownGroups->contains(name) || m_groups.contains(name))
        return name;
    return kUnknownGroup;
}

void GatewayMetrics::requestRejected(int status)
{
    double*& series = m_rejectedByStatus[status];
    if (!series)
        series = m_registry.series(m_rejected, {{"status_code", QByteArray::number(status)}});
    *series += 1;
}

GatewayMetrics::GroupSeries& GatewayMetrics::group(const QString& requested)
{
    const QString& name = groupLabel(requested);
    auto it = m_groups.find(name);
    if (it == m_groups.end()) {
        it = m_groups.insert(name, {});
        it->inFlight = m_registry.series(m_inFlight, {{"requested_model", name.toUtf8()}});
    }
    return *it;
}

GatewayMetrics::ModelSeries&
GatewayMetrics::model(GroupSeries& group, const QString& groupName, const QString& modelName)
{
    auto it = group.models.find(modelName);
    if (it == group.models.end()) {
        const QByteArray g = groupName.toUtf8();
        const QByteArray m = modelName.toUtf8();
        const MetricLabels labels{{"requested_model", g}, {"model", m}};
        it = group.models.insert(modelName,
                                 {m_registry.histogram(m_totalLatency, labels),
                                  m_registry.series(m_inputTokens, labels),
                                  m_registry.series(m_outputTokens, labels),
                                  m_registry.series(m_totalTokens, labels),
                                  m_registry.series(m_spend, labels)});
    }
    return *it;
}

GatewayMetrics::DeploymentSeries& GatewayMetrics::deployment(const QString& id,
                                                             const QString& groupName,
                                                             const QString& modelName,
                                                             const QString& apiBase,
                                                             const QString& provider)
{
    DeploymentSeries& d = m_deployments[id];
    // A reload may keep an id (model_info.id) but change what it points at: relabel then.
    if (d.total && d.group == groupName && d.model == modelName && d.apiBase == apiBase && d.provider == provider)
        return d;
    d = DeploymentSeries();
    d.group = groupName;
    d.model = modelName;
    d.apiBase = apiBase;
    d.provider = provider;
    const QByteArray g = groupName.toUtf8(), m = modelName.toUtf8(), i = id.toUtf8(), b = apiBase.toUtf8(),
                     p = provider.toUtf8();
    const MetricLabels full{
        {"requested_model", g}, {"litellm_model_name", m}, {"model_id", i}, {"api_base", b}, {"api_provider", p}};
    const MetricLabels timing{{"requested_model", g}, {"model", m}, {"model_id", i}, {"api_base", b}};
    d.inFlight = m_registry.series(m_deploymentInFlight, {{"requested_model", g}, {"model_id", i}, {"api_base", b}});
    d.total = m_registry.series(m_deploymentTotal, full);
    d.success = m_registry.series(m_deploymentSuccess, full);
    d.apiLatency = m_registry.histogram(m_apiLatency, timing);
    d.ttft = m_registry.histogram(m_ttft, timing);
    return d;
}

void GatewayMetrics::requestStarted(const QString& name)
{
    *group(name).inFlight += 1;
}

void GatewayMetrics::requestEnded(const QString& name)
{
    *group(name).inFlight -= 1;
}

void GatewayMetrics::upstreamStarted(const Deployment& d)
{
    *deployment(d.id, d.group, d.backendModel, d.apiBaseText, d.provider).inFlight += 1;
}

void GatewayMetrics::upstreamEnded(const Deployment& d)
{
    *deployment(d.id, d.group, d.backendModel, d.apiBaseText, d.provider).inFlight -= 1;
}

void GatewayMetrics::setConnections(int connections)
{
    if (!m_connectionsSeries)
        m_connectionsSeries = m_registry.series(m_connections, {});
    *m_connectionsSeries = connections;
}

void GatewayMetrics::setDeploymentHealth(const QList<QPair<const Deployment*, BackendHealth>>& deployments)
{
    m_registry.clear(m_deploymentState);
    for (const auto& [d, health] : deployments) {
        int state = 0;
        if (health == BackendHealth::Unhealthy)
            state = 2;
        else if (health != BackendHealth::Healthy && health != BackendHealth::Unknown)
            state = 1;
        m_registry.set(m_deploymentState,
                       {{"requested_model", d->group.toUtf8()},
                        {"litellm_model_name", d->backendModel.toUtf8()},
                        {"model_id", d->id.toUtf8()},
                        {"api_base", d->apiBaseText.toUtf8()},
                        {"api_provider", d->provider.toUtf8()}},
                       state);
    }
}

double* GatewayMetrics::failureSeries(DeploymentSeries& d, const QString& id, const RequestRecord& r)
{
    const QByteArray key = failureKey(d.failures, r.status, r.errorCode);
    double*& series = d.failures[key];
    if (!series) {
        const QByteArray g = d.group.toUtf8(), m = d.model.toUtf8(), i = id.toUtf8(), b = d.apiBase.toUtf8(),
                         p = d.provider.toUtf8(), status = QByteArray::number(r.status);
        series = m_registry.series(m_deploymentFailure,
                                   {{"requested_model", g},
                                    {"litellm_model_name", m},
                                    {"model_id", i},
                                    {"api_base", b},
                                    {"api_provider", p},
                                    {"exception_status", status},
                                    {"exception_class", key.mid(key.indexOf('/') + 1)}});
    }
    return series;
}

void GatewayMetrics::record(const RequestRecord& r)
{
    const QString& label = groupLabel(r.group);
    GroupSeries& g = group(label);
    double*& requests = g.requestsByStatus[r.status];
    if (!requests) {
        requests = m_registry.series(
            m_proxyRequests, {{"requested_model", label.toUtf8()}, {"status_code", QByteArray::number(r.status)}});
    }
    *requests += 1;
    if (!r.succeeded()) {
        const QByteArray key = failureKey(g.failures, r.status, r.errorCode);
        double*& failures = g.failures[key];
        if (!failures) {
            failures = m_registry.series(m_proxyFailures,
                                         {{"requested_model", label.toUtf8()},
                                          {"exception_status", QByteArray::number(r.status)},
                                          {"exception_class", key.mid(key.indexOf('/') + 1)}});
        }
        *failures += 1;
    }
    // Both labels come from fixed vocabularies (dialectName), so the series stay few.
    double*& byDialect = m_dialectSeries[r.dialect][r.wire];
    if (!byDialect)
        byDialect = m_registry.series(m_dialectRequests, {{"dialect", r.dialect}, {"wire", r.wire}});
    *byDialect += 1;
    ModelSeries& m = model(g, label, r.backendModel);
    m.totalLatency->observe(r.latencyMs / 1000.0);
    if (r.usage.totalTokens() > 0) {
        *m.inputTokens += double(r.usage.promptTokens);
        *m.outputTokens += double(r.usage.completionTokens);
        *m.totalTokens += double(r.usage.totalTokens());
    }
    *m.spend += r.cost;
    if (r.deploymentId.isEmpty() || r.upstreamLatencyMs < 0)
        return;
    DeploymentSeries& d = deployment(r.deploymentId, label, r.backendModel, r.apiBase, r.provider);
    *d.total += 1;
    // A client that went away (499) says nothing about the backend's health.
    if (r.status >= 500 || r.status == 429)
        *failureSeries(d, r.deploymentId, r) += 1;
    else if (r.succeeded())
        *d.success += 1;
    d.apiLatency->observe(r.upstreamLatencyMs / 1000.0);
    if (r.ttftMs >= 0)
        d.ttft->observe(r.ttftMs / 1000.0);
}

} // namespace sy
