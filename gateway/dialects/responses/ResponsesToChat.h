#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/core/JsonBody.h"

#include <QByteArray>

#include <optional>

namespace sy {

/**
 * An OpenAI Responses request as a chat completions request, for a deployment that does not
 * speak the Responses API: instructions → a system message; `input` (a string, or items:
 * messages with input_text / input_image / output_text parts, function_call and
 * function_call_output) → messages; function tools' flat shape → chat tools; tool_choice,
 * max_output_tokens → max_tokens, temperature, top_p, text.format → response_format,
 * parallel_tool_calls, reasoning.effort, user. Reasoning items, built-in tools (web search, file
 * search, …) and fields chat has no word for are dropped, never an error: Codex and the Agents
 * SDK send them. Streams ask for usage.
 */
namespace ResponsesToChat {

std::optional<QByteArray> translate(const QByteArray& responsesBody, ApiError* error);
/** The same for a body the pipeline has already parsed: it is not parsed again, and it cannot fail. */
QByteArray translate(const JsonBody& in);

} // namespace ResponsesToChat

} // namespace sy
