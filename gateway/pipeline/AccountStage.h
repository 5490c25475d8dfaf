#pragma once

#include "gateway/core/RequestRecord.h"

namespace sy {

struct RequestContext;
class GatewayMetrics;

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
 * none, they are estimated (about four characters a token) and marked as such.
 */
class AccountStage
{
public:
    AccountStage(GatewayMetrics& metrics, IRequestRecordSink* sink);

    void account(const RequestContext& ctx);

    static RequestRecord recordOf(const RequestContext& ctx);

private:
    GatewayMetrics& m_metrics;
    IRequestRecordSink* m_sink;
};

} // namespace sy
