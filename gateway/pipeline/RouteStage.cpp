#include "gateway/pipeline/RouteStage.h"

#include "gateway/pipeline/RequestContext.h"
#include "gateway/routing/Router.h"

namespace sy {

RouteStage::RouteStage(Router& router)
    : m_router(router)
{ }

StageResult RouteStage::process(RequestContext& ctx)
{
    // router_settings.model_group_alias: "gpt-4" may stand for a local group.
    const QString group = ctx.config->routing.modelGroupAlias.value(ctx.model, ctx.model);
    const Router::Choice choice = m_router.choose(*ctx.config, group, ctx.triedDeployments);
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
