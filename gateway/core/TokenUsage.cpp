#include "gateway/core/TokenUsage.h"

#include "gateway/core/JsonBody.h"

#include <algorithm>
#include <limits>

namespace sy {

namespace {

bool isValidCount(qint64 tokens)
{
    return tokens >= 0 && tokens <= TokenUsage::kMaxTokens;
}

// A count the backend sent; -1 when it sent something that is no integer (1e30, 99999999999999999999).
qint64 countOf(const JsonBody& usage, QByteArrayView key)
{
    if (!usage.has(key))
        return 0;
    return usage.integer(key).value_or(-1);
}

} // namespace

qint64 TokenUsage::totalTokens() const
{
    qint64 sum = 0;
    if (__builtin_add_overflow(promptTokens, completionTokens, &sum))
        return promptTokens > 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
    return sum;
}

TokenUsage TokenUsage::validated() const
{
    TokenUsage out = *this;
    if (!isValidCount(out.promptTokens)) {
        out.promptTokens = 0;
        out.estimated = true;
    }
    if (!isValidCount(out.completionTokens)) {
        out.completionTokens = 0;
        out.estimated = true;
    }
    // Cache counts are parts of the prompt: never more than it, never negative.
    out.cacheReadTokens = std::clamp<qint64>(out.cacheReadTokens, 0, out.promptTokens);
    out.cacheCreationTokens = std::clamp<qint64>(out.cacheCreationTokens, 0, out.promptTokens);
    return out;
}

std::optional<TokenUsage> TokenUsage::fromResponse(const JsonBody& body)
{
    const std::optional<JsonBody> usage = body.object("usage");
    if (!usage)
        return std::nullopt;
    return fromUsageObject(*usage);
}

TokenUsage TokenUsage::fromUsageObject(const JsonBody& usage)
{
    TokenUsage out;
    out.promptTokens = countOf(usage, "prompt_tokens");
    out.completionTokens = countOf(usage, "completion_tokens");
    if (out.completionTokens == 0 && !usage.has("completion_tokens")) {
        // Embeddings report only prompt and total tokens.
        const std::optional<qint64> total = usage.integer("total_tokens");
        if (total && isValidCount(*total) && isValidCount(out.promptTokens))
            out.completionTokens = qMax<qint64>(0, *total - out.promptTokens);
    }
    if (const std::optional<JsonBody> details = usage.object("prompt_tokens_details"))
        out.cacheReadTokens = details->integer("cached_tokens").value_or(0);
    return out.validated();
}

} // namespace sy
