#pragma once

#include <QtGlobal>

#include <optional>

namespace sy {

class JsonBody;

/** Token counts of one request, as the backend reported them (or as estimated). */
struct TokenUsage
{
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    /** Of promptTokens, how many the backend read from its prompt cache (OpenAI's
        prompt_tokens_details.cached_tokens, Anthropic's cache_read_input_tokens). */
    qint64 cacheReadTokens = 0;
    /** Of promptTokens, how many it wrote to its cache (Anthropic's cache_creation_input_tokens). */
    qint64 cacheCreationTokens = 0;
    bool estimated = false; ///< true when the backend reported nothing and the gateway counted

    qint64 totalTokens() const { return promptTokens + completionTokens; }

    /** Reads an OpenAI `usage` object from a response body or stream chunk that has one. */
    static std::optional<TokenUsage> fromResponse(const JsonBody& body);
};

} // namespace sy
