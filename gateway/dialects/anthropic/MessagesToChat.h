#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/core/JsonBody.h"

#include <QByteArray>

#include <optional>

namespace sy {

/**
 * An Anthropic Messages request as an OpenAI chat completions request, for a deployment that
 * does not speak Anthropic's API: system → a system message; text and image blocks → content
 * parts; tool_use → tool_calls; tool_result → tool messages; tools, tool_choice, stop
 * sequences, sampling and metadata.user_id → their OpenAI twins. Thinking blocks, cache_control,
 * server tools and fields OpenAI has no word for are dropped, never an error: clients such as
 * Claude Code send them.
 */
namespace MessagesToChat {

std::optional<QByteArray> translate(const QByteArray& messagesBody, ApiError* error);
/** The same for a body the pipeline has already parsed: it is not parsed again. */
std::optional<QByteArray> translate(const JsonBody& in, ApiError* error);

} // namespace MessagesToChat

} // namespace sy
