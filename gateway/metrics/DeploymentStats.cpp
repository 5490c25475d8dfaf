#include "gateway/metrics/DeploymentStats.h"

#include "gateway/core/RequestRecord.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

void average(double& into, double sample)
{
    into = into < 0 ? sample : into + DeploymentStats::kAlpha * (sample - into);
}

} // namespace

void DeploymentStats::record(const RequestRecord& r)
{
    ++m_totals.requests;
    if (!r.succeeded())
        ++m_totals.failures;
    m_totals.promptTokens += quint64(qMax<qint64>(0, r.usage.promptTokens));
    m_totals.completionTokens += quint64(qMax<qint64>(0, r.usage.completionTokens));
    if (r.deploymentId.isEmpty())
        return; // never reached a backend: nothing to say about one
    PerDeployment& d = m_deployments[r.deploymentId];
    ++d.requests;
    if (r.status == 499)
        return; // the client left: says nothing about the backend
    if (r.succeeded()) {
        if (r.upstreamLatencyMs >= 0)
            average(d.latencyMs, double(r.upstreamLatencyMs));
        if (r.ttftMs >= 0)
            average(d.ttftMs, double(r.ttftMs));
        return;
    }
    ++d.failures;
    d.lastError = r.errorCode.isEmpty() ? u"HTTP %1"_s.arg(r.status)
                                        : u"HTTP %1 %2"_s.arg(r.status).arg(QString::fromLatin1(r.errorCode));
    d.lastErrorAt = r.startedAt.addMSecs(r.latencyMs);
}

} // namespace sy
