#pragma once

#include "gateway/pipeline/StageResult.h"

#include <optional>

namespace sy {

struct RequestContext;

/**
 * Validates a proxied request's JSON body and has the client's dialect read it. A body sent
 * with Content-Encoding gzip or deflate is decompressed first, within the body limit (a
 * decompression bomb stops there with 413); other codings get 415.
 */
class ParseStage
{
public:
    /** Longer model names are refused (issue #15); real ones (Hugging Face ids) stay far below. */
    static constexpr int kMaxModelNameLength = 256;

    StageResult process(RequestContext& ctx) const;

private:
    static std::optional<ApiError> decodeBody(RequestContext& ctx);
};

} // namespace sy
