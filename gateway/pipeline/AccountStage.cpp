#include "gateway/pipeline/AccountStage.h"

#include "gateway/keys/KeyManager.h"
#include "gateway/metrics/GatewayMetrics.h"
#include "gateway/pipeline/RequestContext.h"

using namespace Qt::StringLiterals;

namespace sy {

AccountStage::AccountStage(GatewayMetrics& metrics, IRequestRecordSink* sink)
    : m_metrics(metrics)
    , m_sink(sink)
{ }

RequestRecord AccountStage::recordOf(const RequestContext& ctx)
{
    RequestRecord r;
    r.requestId = ctx.id;
    r.startedAt = ctx.receivedAt;
    r.keyHash = ctx.principal.keyHash;
    r.keyAlias = ctx.principal.alias;
    r.group = ctx.model;
    r.endpoint = endpointName(ctx.endpoint);
    r.stream = ctx.stream;
    r.status = ctx.status;
    r.errorCode = ctx.errorCode;
    r.errorMessage = ctx.errorMessage;
    r.attempts = ctx.attempts;
    r.retries = qMax(0, ctx.attempts - 1);
    r.fallbacks = ctx.fallbacksUsed;
    r.latencyMs = ctx.elapsedMs();
    r.bytesIn = ctx.http.body.size();
    r.bytesOut = ctx.bytesOut;
    if (ctx.deployment) {
        r.deploymentId = ctx.deployment->id;
        r.backendModel = ctx.deployment->backendModel;
        r.apiBase = ctx.deployment->apiBaseText;
        r.provider = ctx.deployment->provider;
    }
    if (ctx.upstreamStartMs >= 0 && ctx.upstreamEndMs >= ctx.upstreamStartMs)
        r.upstreamLatencyMs = ctx.upstreamEndMs - ctx.upstreamStartMs;
    if (ctx.firstTokenMs >= 0 && ctx.stream)
        r.ttftMs = ctx.firstTokenMs;
    if (ctx.usage) {
        r.usage = *ctx.usage;
        if (r.usage.estimated)
            r.usage.promptTokens = qMax<qint64>(r.usage.promptTokens, (ctx.http.body.size() + 3) / 4);
    } else if (ctx.upstreamStartMs >= 0 && ctx.status == 499) {
        // The backend got the prompt but the response gave no count (e.g. the client left
        // mid-stream): bill the prompt as estimated rather than nothing.
        r.usage = TokenUsage{(ctx.http.body.size() + 3) / 4, 0, true};
    }
    if (ctx.deployment) {
        r.cost = double(r.usage.promptTokens) * ctx.deployment->inputCostPerToken
            + double(r.usage.completionTokens) * ctx.deployment->outputCostPerToken;
    }
    r.client = ctx.http.peer;
    return r;
}

void AccountStage::account(const RequestContext& ctx)
{
    RequestRecord record = recordOf(ctx);
    if (m_keys) // the id /spend/logs shows, so the dashboard and the API name a request alike
        record.logId = QString::fromLatin1(m_keys->instanceId()) + u'-' + QString::number(record.requestId);
    m_metrics.record(record);
    if (m_keys)
        m_keys->recordUsage(ctx.principal, record);
    if (m_sink)
        m_sink->recordRequest(record);
}

} // namespace sy
