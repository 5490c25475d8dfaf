#pragma once

#include "gateway/core/GatewaySnapshot.h"
#include "gateway/metrics/MetricsRegistry.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <optional>

namespace sy {

struct Deployment;
struct RequestRecord;

/**
 * The gateway's Prometheus metrics, under LiteLLM's names where LiteLLM has one, so existing
 * Grafana dashboards keep working: per model group (`requested_model`) and per deployment
 * (`model_id`, `api_base`). Series handles are cached per group and per deployment, so
 * counting a request costs a few additions, not label rendering.
 *
 * Label sets are bounded (issue #15): once setGroups() was called, a group name that is not
 * configured is labelled "unknown", and the failure labels of one group or deployment are capped;
 * requests refused before authentication have no series of their own, only one counter.
 */
class GatewayMetrics
{
public:
    GatewayMetrics();

    void requestStarted(const QString& group);
    void requestEnded(const QString& group);
    void upstreamStarted(const Deployment& deployment);
    void upstreamEnded(const Deployment& deployment);
    void record(const RequestRecord& record);
    void setConnections(int connections);
    /** The model groups (and aliases) that may label series; other names count as "unknown". */
    void setGroups(const QStringList& groups);
    /** A request refused before it was authenticated (or by the front's checks): one counter. */
    void requestRejected(int status);
    /**
     * LiteLLM's litellm_deployment_state for the deployments of @p deployments (0 healthy,
     * 1 partial outage: cooling down, starting or stopped; 2 complete outage: failing its health
     * checks). Replaces the previous set, so a deployment gone from the config leaves no series.
     */
    void setDeploymentHealth(const QList<QPair<const Deployment*, BackendHealth>>& deployments);

    QByteArray exposition() const { return m_registry.exposition(); }
    const MetricsRegistry& registry() const { return m_registry; }
    /** For families declared elsewhere (CacheGuardrailMetrics), rendered with these. */
    MetricsRegistry& registry() { return m_registry; }

private:
    struct ModelSeries ///< per (group, backend model)
    {
        MetricsRegistry::HistogramSeries* totalLatency = nullptr;
        double* inputTokens = nullptr;
        double* outputTokens = nullptr;
        double* totalTokens = nullptr;
        double* spend = nullptr;
    };
    struct GroupSeries
    {
        double* inFlight = nullptr;
        QHash<int, double*> requestsByStatus;
        QHash<QByteArray, double*> failures; ///< by "status/error code"
        QHash<QString, ModelSeries> models; ///< by backend model
    };
    struct DeploymentSeries
    {
        QString group, model, apiBase, provider; ///< the labels the handles were made for
        double* inFlight = nullptr;
        double* total = nullptr;
        double* success = nullptr;
        QHash<QByteArray, double*> failures;
        MetricsRegistry::HistogramSeries* apiLatency = nullptr;
        MetricsRegistry::HistogramSeries* ttft = nullptr;
    };

    GroupSeries& group(const QString& name);
    const QString& groupLabel(const QString& name) const;
    ModelSeries& model(GroupSeries& group, const QString& groupName, const QString& model);
    DeploymentSeries& deployment(
        const QString& id, const QString& group, const QString& model, const QString& apiBase, const QString& provider);
    double* failureSeries(DeploymentSeries& d, const QString& id, const RequestRecord& r);

    MetricsRegistry m_registry;
    QHash<QString, GroupSeries> m_groups;
    QHash<QString, DeploymentSeries> m_deployments;
    /// client dialect → wire dialect → requests: a handful of series at most, found without
    /// building a key per request
    QHash<QByteArray, QHash<QByteArray, double*>> m_dialectSeries;
    std::optional<QSet<QString>> m_knownGroups;
    QHash<int, double*> m_rejectedByStatus;
    double* m_connectionsSeries = nullptr;
    int m_proxyRequests;
    int m_proxyFailures;
    int m_totalLatency;
    int m_apiLatency;
    int m_ttft;
    int m_deploymentTotal;
    int m_deploymentSuccess;
    int m_deploymentFailure;
    int m_inputTokens;
    int m_outputTokens;
    int m_totalTokens;
    int m_spend;
    int m_deploymentState;
    int m_inFlight;
    int m_deploymentInFlight;
    int m_connections;
    int m_dialectRequests;
    int m_rejected;
};

} // namespace sy
