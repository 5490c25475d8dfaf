#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/upstream/IUpstreamClient.h"

#include <memory>
#include <optional>

namespace sy {

struct RequestContext;

/**
 * Sends the request to the chosen deployment, in the dialect the deployment speaks. Where it
 * speaks the client's, the body goes byte for byte but for `model` (the backend's id) and, for
 * OpenAI streams, stream_options.include_usage (so every stream reports its tokens; the relay
 * drops that chunk if the client did not ask). Otherwise the request goes through OpenAI chat:
 * translated by the client's dialect once per request, then, for a backend that speaks only
 * another dialect (Anthropic), by the backend's.
 */
class ForwardStage
{
public:
    explicit ForwardStage(IUpstreamClient& client);

    /** Starts the call for @p request (built by buildRequest()). */
    std::unique_ptr<IUpstreamCall>
    forward(RequestContext& ctx, const UpstreamRequest& request, IUpstreamHandler* handler);

    /** This attempt's request to ctx.deployment; sets ctx.wire. nullopt with @p error when the
        request cannot be said in the deployment's dialect. */
    static std::optional<UpstreamRequest> buildRequest(RequestContext& ctx, ApiError* error);
    /** The body of buildRequest(). */
    static std::optional<QByteArray> bodyFor(RequestContext& ctx, ApiError* error);

private:
    IUpstreamClient& m_client;
};

} // namespace sy
