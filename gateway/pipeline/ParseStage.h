#pragma once

#include "gateway/pipeline/StageResult.h"

namespace sy {

struct RequestContext;

/** Validates a proxied request's JSON body and reads model, stream and stream_options from it. */
class ParseStage
{
public:
    StageResult process(RequestContext& ctx) const;
};

} // namespace sy
