#pragma once

#include "gateway/http/HttpRequest.h"
#include "gateway/http/ResponseChannel.h"

#include <memory>

namespace sy {

/** Receives every request the front accepts, with the channel that answers it. */
class IRequestHandler
{
public:
    virtual ~IRequestHandler() = default;
    virtual void handleRequest(HttpRequest request, std::unique_ptr<ResponseChannel> channel) = 0;
};

} // namespace sy
