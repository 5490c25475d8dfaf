#pragma once

#include "gateway/pipeline/StageResult.h"

namespace sy {

struct RequestContext;
class Router;

/** Picks the deployment that will serve the request, and holds its in-flight slot until release(). */
class RouteStage
{
public:
    explicit RouteStage(Router& router);

    StageResult process(RequestContext& ctx);
    /** Frees the deployment slot taken by process(); safe to call when none was taken. */
    void release(RequestContext& ctx);

private:
    Router& m_router;
};

} // namespace sy
