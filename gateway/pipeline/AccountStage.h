#pragma once

#include "gateway/core/RequestRecord.h"

namespace sy {

struct Deployment;
struct RequestContext;
class CacheGuardrailMetrics;
class GatewayMetrics;
class KeyManager;

/** Receives the record of every finished request (usage log, dashboard). */
class IRequestRecordSink
{
public:
    virtual ~IRequestRecordSink() = default;
    virtual void recordRequest(const RequestRecord& record) = 0;
};

/**
 * The last stage: turns a finished request into one RequestRecord, counts it in the metrics
 * and hands it to the sink. Token counts come from the backend's usage; when it reported
 * none, they are estimated (about four characters a token) and marked as such. The cost is
 * the tokens at the deployment's input_cost_per_token and output_cost_per_token (0 unless
 * configured, as for local models). With virtual keys, the key manager stores the record and
 * counts the tokens (TPM) and cost (budget) against the key.
 *
 * A request that was never authenticated leaves no record and no series of its own: it is only
 * counted in switchyard_rejected_requests_total.
 */
class AccountStage
{
public:
    AccountStage(GatewayMetrics& metrics, IRequestRecordSink* sink);

    void account(const RequestContext& ctx);
    void setKeys(KeyManager* keys) { m_keys = keys; }
    void setCacheGuardrailMetrics(CacheGuardrailMetrics* metrics) { m_cacheGuardrailMetrics = metrics; }

    static RequestRecord recordOf(const RequestContext& ctx);
    /** The tokens a request is billed: the backend's count where it gave one, and never less than
        what the client was delivered (aborted and cut streams included). */
    static TokenUsage billedUsage(const RequestContext& ctx);
    /** USD for @p usage at @p d's prices, cached prompt tokens at theirs. */
    static double costOf(const Deployment& d, const TokenUsage& usage);

private:
    GatewayMetrics& m_metrics;
    IRequestRecordSink* m_sink;
    KeyManager* m_keys = nullptr;
    CacheGuardrailMetrics* m_cacheGuardrailMetrics = nullptr;
};

} // namespace sy
