#include "gateway/pipeline/AccountStage.h"

#include "gateway/core/RequestLogId.h"
#include "gateway/keys/KeyManager.h"
#include "gateway/metrics/CacheGuardrailMetrics.h"
#include "gateway/metrics/GatewayMetrics.h"
#include "gateway/pipeline/RequestContext.h"

using namespace Qt::StringLiterals;

namespace sy {

AccountStage::AccountStage(GatewayMetrics& metrics, IRequestRecordSink* sink)
    : m_metrics(metrics)
    , m_sink(sink)
{ }

double AccountStage::costOf(const Deployment& d, const TokenUsage& usage)
{
    // Cached prompt tokens have prices of their own where the provider sets them (Anthropic
    // reads at a tenth, writes at 1.25×); otherwise they cost what any prompt token does.
    const double read = d.cacheReadCostPerToken > 0 ? d.cacheReadCostPerToken : d.inputCostPerToken;
    const double write = d.cacheCreationCostPerToken > 0 ? d.cacheCreationCostPerToken : d.inputCostPerToken;
    const qint64 uncached = qMax<qint64>(0, usage.promptTokens - usage.cacheReadTokens - usage.cacheCreationTokens);
    return double(uncached) * d.inputCostPerToken + double(usage.cacheReadTokens) * read
        + double(usage.cacheCreationTokens) * write + double(usage.completionTokens) * d.outputCostPerToken;
}

TokenUsage AccountStage::billedUsage(const RequestContext& ctx)
{
    if (ctx.operation == Operation::CountTokens)
        return {}; // counting generates nothing
    if (ctx.upstreamStartMs < 0 && !ctx.usage)
        return {}; // no backend saw it
    const bool failedUnseen = ctx.status >= 400 && ctx.status != 499 && !ctx.contentStarted;
    if (failedUnseen && !ctx.usage)
        return {}; // a failed answer the client never saw costs nothing
    // The backend read the prompt, and the client got what the relay delivered. A stream that
    // did not run to its usage report (the client left, the backend cut it) pays for at least
    // that much, so aborting just before the end bypasses no budget or TPM limit (issue #15).
    const bool cutShort = ctx.status == 499 || ctx.errorCode == "upstream_stream_interrupted";
    TokenUsage usage = ctx.usage ? ctx.usage->validated() : TokenUsage{0, 0, true};
    if (usage.estimated || usage.promptTokens == 0)
        usage.promptTokens = qMax(usage.promptTokens, (ctx.http.body.size() + 3) / 4);
    const qint64 delivered = (ctx.deliveredChars + 3) / 4;
    if ((cutShort || usage.estimated) && usage.completionTokens < delivered) {
        usage.completionTokens = delivered;
        usage.estimated = true;
    }
    return usage;
}

RequestRecord AccountStage::recordOf(const RequestContext& ctx)
{
    RequestRecord r;
    r.requestId = ctx.id;
    r.startedAt = ctx.receivedAt;
    r.keyHash = ctx.principal.keyHash;
    r.keyAlias = ctx.principal.alias;
    r.group = ctx.model;
    r.endpoint = endpointName(ctx.endpoint);
    r.dialect = dialectName(ctx.dialect);
    if (ctx.upstreamStartMs >= 0)
        r.wire = dialectName(ctx.wire);
    r.stream = ctx.stream;
    r.status = ctx.status;
    r.errorCode = ctx.errorCode;
    r.errorMessage = ctx.errorMessage;
    r.attempts = ctx.attempts;
    r.retries = qMax(0, ctx.attempts - 1);
    r.fallbacks = ctx.fallbacksUsed;
    r.cacheStatus = ctx.cacheStatus;
    r.guardrailDecision = ctx.guardrailDecision;
    r.latencyMs = ctx.elapsedMs();
    r.bytesIn = ctx.http.body.size();
    r.bytesOut = ctx.bytesOut;
    if (ctx.deployment) {
        r.deploymentId = ctx.deployment->id;
        r.backendModel = ctx.deployment->modelFor(ctx.routedGroup);
        r.apiBase = ctx.deployment->apiBaseText;
        r.provider = ctx.deployment->provider;
    }
    if (ctx.upstreamStartMs >= 0 && ctx.upstreamEndMs >= ctx.upstreamStartMs)
        r.upstreamLatencyMs = ctx.upstreamEndMs - ctx.upstreamStartMs;
    if (ctx.firstTokenMs >= 0 && ctx.stream)
        r.ttftMs = ctx.firstTokenMs;
    r.usage = billedUsage(ctx);
    if (ctx.deployment)
        r.cost = costOf(*ctx.deployment, r.usage);
    r.client = ctx.http.peer;
    return r;
}

void AccountStage::account(const RequestContext& ctx)
{
    if (!ctx.principal.isAuthenticated()) {
        // Issue #15: anyone who can connect could otherwise grow /metrics and the database with
        // model names of their choosing. Refused before authentication: one counter, no record.
        m_metrics.requestRejected(ctx.status);
        return;
    }
    RequestRecord record = recordOf(ctx);
    if (m_keys) // the id /spend/logs shows, so the dashboard and the API name a request alike
        record.logId = requestLogId(QLatin1StringView(m_keys->instanceId()), record.requestId);
    m_metrics.record(record);
    if (m_cacheGuardrailMetrics)
        m_cacheGuardrailMetrics->record(record);
    if (m_sink)
        m_sink->recordRequest(record);
    if (m_keys) // last: the record moves into the storage batch
        m_keys->recordUsage(ctx.principal, std::move(record));
}

} // namespace sy
