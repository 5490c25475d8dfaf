#pragma once

#include "gateway/pipeline/StageResult.h"

namespace sy {

struct RequestContext;

/** Validates a proxied request's JSON body and reads model, stream and stream_options from it. */
class ParseStage
{
public:
    /** Longer model names are refused (issue #15); real ones (Hugging Face ids) stay far below. */
    static constexpr int kMaxModelNameLength = 256;

    StageResult process(RequestContext& ctx) const;
};

} // namespace sy
