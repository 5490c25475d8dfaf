#include "gateway/pipeline/LimitStage.h"

#include "gateway/pipeline/RequestContext.h"

using namespace Qt::StringLiterals;

namespace sy {

StageResult LimitStage::process(RequestContext& ctx)
{
    const int limit = ctx.config->maxParallelRequests;
    if (limit > 0 && m_inFlight >= limit) {
        return StageResult::reject(ApiError::tooManyRequests(
            u"The gateway is answering its limit of %1 requests at once (general_settings.max_parallel_requests); "
            u"retry shortly."_s.arg(limit),
            1,
            "max_parallel_requests_exceeded"));
    }
    ++m_inFlight;
    return StageResult::next();
}

void LimitStage::release()
{
    Q_ASSERT(m_inFlight > 0);
    --m_inFlight;
}

} // namespace sy
