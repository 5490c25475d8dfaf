#include "gateway/pipeline/RouteStage.h"

#include "gateway/pipeline/RequestContext.h"
#include "gateway/routing/Router.h"

namespace sy {

RouteStage::RouteStage(Router& router)
    : m_router(router)
{ }

StageResult RouteStage::process(RequestContext& ctx)
{
    const Router::Choice choice = m_router.choose(*ctx.config, ctx.model, ctx.triedDeployments);
    if (!choice.deployment)
        return StageResult::reject(*choice.error);
    ctx.deployment = choice.deployment;
    ctx.triedDeployments.insert(choice.deployment->id);
    m_router.acquire(*choice.deployment);
    return StageResult::next();
}

void RouteStage::release(RequestContext& ctx)
{
    if (ctx.deployment)
        m_router.release(*ctx.deployment);
}

} // namespace sy
