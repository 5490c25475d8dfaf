#pragma once

#include <QtGlobal>

#include <optional>

namespace sy {

class JsonBody;

/** Token counts of one request, as the backend reported them (or as estimated). */
struct TokenUsage
{
    /** The most tokens one request may count for: far beyond any context window, and small enough
        that sums over many requests (per-minute windows, spend) can never overflow. */
    static constexpr qint64 kMaxTokens = 100'000'000;

    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    bool estimated = false; ///< true when the backend reported nothing and the gateway counted
    // Cache counts after `estimated`, so TokenUsage{prompt, completion, estimated} reads as it did.
    /** Of promptTokens, how many the backend read from its prompt cache (OpenAI's
        prompt_tokens_details.cached_tokens, Anthropic's cache_read_input_tokens). */
    qint64 cacheReadTokens = 0;
    /** Of promptTokens, how many it wrote to its cache (Anthropic's cache_creation_input_tokens). */
    qint64 cacheCreationTokens = 0;

    /** The sum, saturating: never overflows whatever the fields hold. */
    qint64 totalTokens() const;

    /**
     * Counts a backend may not report: negative, or over kMaxTokens (issue #15: one claiming
     * 9223372036854775807 tokens overflowed sums and charged a key 5.5e13 USD). Such a count is
     * dropped (0) and the usage marked estimated, so the gateway's own estimate stands in.
     */
    TokenUsage validated() const;

    /** Reads an OpenAI `usage` object from a response body or stream chunk that has one. */
    static std::optional<TokenUsage> fromResponse(const JsonBody& body);
    /** Reads the OpenAI `usage` object itself. */
    static TokenUsage fromUsageObject(const JsonBody& usage);
};

} // namespace sy
