#pragma once

#include <QByteArrayView>

#include <memory>

namespace sy {

class ResponseChannel;
struct RequestContext;

/**
 * A family of the gateway's management endpoints, such as LiteLLM's /key/... and /spend/...
 * The pipeline runs AuthStage first and hands over the request with ctx.principal set; the
 * handler decides what that principal may do and answers on the channel, now or later (it
 * owns the channel from then on). Handlers run on the gateway thread and must not block it.
 */
class IAdminHandler
{
public:
    virtual ~IAdminHandler() = default;

    /** True when @p path (without query) belongs to this handler, whatever the method. */
    virtual bool handles(QByteArrayView path) const = 0;
    virtual void handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel) = 0;
    /** True for paths anyone may fetch (the web UI's page and its sign-in): the handler gets them
        without AuthStage having run, and decides everything itself. */
    virtual bool isPublic(QByteArrayView path) const
    {
        Q_UNUSED(path);
        return false;
    }
};

} // namespace sy
