#pragma once

#include "gateway/core/GatewaySnapshot.h"

#include <QHash>

namespace sy {

struct RequestRecord;

/**
 * Running totals per deployment and for the whole gateway, fed with finished requests: the
 * numbers behind the dashboard's backends table and charts. Latency and time to first token
 * are exponentially weighted moving averages, so one slow request moves them, but not far.
 */
class DeploymentStats
{
public:
    struct Totals
    {
        quint64 requests = 0;
        quint64 failures = 0;
        quint64 promptTokens = 0;
        quint64 completionTokens = 0;
    };
    struct PerDeployment
    {
        quint64 requests = 0;
        quint64 failures = 0;
        double latencyMs = -1;
        double ttftMs = -1;
        QString lastError;
        QDateTime lastErrorAt;
    };

    void record(const RequestRecord& record);

    const Totals& totals() const { return m_totals; }
    PerDeployment of(const QString& deploymentId) const { return m_deployments.value(deploymentId); }

    /** Weight of the newest sample in the moving averages. */
    static constexpr double kAlpha = 0.2;

private:
    Totals m_totals;
    QHash<QString, PerDeployment> m_deployments;
};

} // namespace sy
