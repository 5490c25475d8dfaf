#pragma once

#include "gateway/routing/Router.h"

namespace sy {

struct ApiError;
struct RequestContext;

/**
 * Routing for the pipeline: picks the deployment for each attempt of a request (holding its
 * in-flight slot until release()), and reports how attempts ended, which is what passive health
 * (cooldowns) and latency-based routing learn from. The retry and fallback decisions are the
 * Exchange's; the facts they rest on come from here.
 */
class RouteStage
{
public:
    explicit RouteStage(Router& router);

    /** Chooses for the next attempt; on Dispatch, sets ctx.deployment and takes its slot. */
    RouteDecision route(RequestContext& ctx);
    /** Frees the slot taken by route(); safe to call when none was taken. */
    void release(RequestContext& ctx);

    void reportSuccess(const RequestContext& ctx);
    /** Returns true when the failure was the backend's (worth a retry elsewhere). */
    bool reportFailure(const RequestContext& ctx, const ApiError& error);
    /** Whether the group has a routable deployment this request has not tried yet. */
    bool hasUntriedDeployment(const RequestContext& ctx) const;
    /** How long the deployment of the last attempt is cooling down for, from now. */
    qint64 cooldownLeftMs(const RequestContext& ctx) const;

    WaitQueue& queue() { return m_router.queue(); }

    /** The session a request belongs to: its x-session-id header, its `user`, or a hash of its
        conversation's first messages (system prompt and first user turn). Empty when none. */
    static QByteArray sessionKeyOf(const RequestContext& ctx);

private:
    RouteRequest requestFor(RequestContext& ctx) const;

    Router& m_router;
};

} // namespace sy
