#pragma once

#include "gateway/pipeline/StageResult.h"

namespace sy {

struct RequestContext;

/**
 * Admission control before any backend is chosen: the gateway-wide cap on requests in
 * flight (general_settings.max_parallel_requests). A request over it gets 429 with Retry-After
 * at once instead of piling up behind the others.
 */
class LimitStage
{
public:
    StageResult process(RequestContext& ctx);
    /** Every admitted request must be released exactly once. */
    void release();
    int inFlight() const { return m_inFlight; }

private:
    int m_inFlight = 0;
};

} // namespace sy
