#pragma once

#include <QString>

#include <optional>

namespace sy {

/** USD per token of one model, as its provider lists it. */
struct ModelPrice
{
    double input = 0;
    double output = 0;
    double cacheRead = 0; ///< prompt tokens read from the provider's cache
    double cacheWrite = 0; ///< prompt tokens written to it (Anthropic)
};

/**
 * Built-in prices of common remote models (Anthropic, OpenAI, and both through OpenRouter), so
 * spend is not 0 when a config gives none. Configured `input_cost_per_token` and
 * `output_cost_per_token` always win; local models are never priced from here. The table is a
 * snapshot: kAsOf says when it was taken.
 */
namespace PriceTable {

inline constexpr const char* kAsOf = "2025-11-01";

/** The price of @p model (the backend's id, e.g. "claude-3-5-sonnet-20241022" or
    "anthropic/claude-3.5-sonnet" on OpenRouter); nullopt when the table has none. */
std::optional<ModelPrice> lookup(const QString& provider, const QString& model);

} // namespace PriceTable

} // namespace sy
