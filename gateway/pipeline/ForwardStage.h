#pragma once

#include "gateway/upstream/IUpstreamClient.h"

#include <memory>

namespace sy {

struct RequestContext;

/**
 * Sends the request to the chosen deployment: the client's body byte for byte, except the
 * model (rewritten to the backend's id) and, for streams, stream_options.include_usage (so
 * every stream reports its tokens; the relay strips that chunk if the client did not ask).
 */
class ForwardStage
{
public:
    explicit ForwardStage(IUpstreamClient& client);

    std::unique_ptr<IUpstreamCall> forward(RequestContext& ctx, IUpstreamHandler* handler);

    static UpstreamRequest buildRequest(const RequestContext& ctx);
    static QByteArray rewriteBody(const RequestContext& ctx);

private:
    IUpstreamClient& m_client;
};

} // namespace sy
