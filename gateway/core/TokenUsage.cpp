#include "gateway/core/TokenUsage.h"

#include "gateway/core/JsonBody.h"

namespace sy {

std::optional<TokenUsage> TokenUsage::fromResponse(const JsonBody& body)
{
    const std::optional<JsonBody> usage = body.object("usage");
    if (!usage)
        return std::nullopt;
    TokenUsage out;
    out.promptTokens = usage->integer("prompt_tokens").value_or(0);
    out.completionTokens = usage->integer("completion_tokens").value_or(0);
    if (out.completionTokens == 0 && !usage->has("completion_tokens")) {
        // Embeddings report only prompt and total tokens.
        out.completionTokens = qMax<qint64>(0, usage->integer("total_tokens").value_or(0) - out.promptTokens);
    }
    if (const std::optional<JsonBody> details = usage->object("prompt_tokens_details"))
        out.cacheReadTokens = details->integer("cached_tokens").value_or(0);
    return out;
}

} // namespace sy
