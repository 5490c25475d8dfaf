#include "gateway/core/TokenUsage.h"

#include "gateway/core/JsonBody.h"

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
    return out;
}

std::optional<TokenUsage> TokenUsage::fromResponse(const JsonBody& body)
{
    const std::optional<JsonBody> usage = body.object("usage");
    if (!usage)
        return std::nullopt;
    TokenUsage out;
    out.promptTokens = countOf(*usage, "prompt_tokens");
    out.completionTokens = countOf(*usage, "completion_tokens");
    if (out.completionTokens == 0 && !usage->has("completion_tokens")) {
        // Embeddings report only prompt and total tokens.
        const std::optional<qint64> total = usage->integer("total_tokens");
        if (total && isValidCount(*total) && isValidCount(out.promptTokens))
            out.completionTokens = qMax<qint64>(0, *total - out.promptTokens);
    }
    return out.validated();
}

} // namespace sy
