#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/core/JsonBody.h"
#include "gateway/dialects/Endpoint.h"

#include <QByteArray>

#include <optional>

namespace sy {

/**
 * Ollama requests in OpenAI's API, for deployments that do not speak Ollama's (LM Studio,
 * llama.cpp, vLLM, remote providers): /api/chat and /api/generate become chat completions,
 * /api/embed and /api/embeddings become embeddings. Read and written without a DOM: what passes
 * unchanged is copied as JSON text.
 *
 * Carried: messages with base64 images (as image_url data URLs), tools and tool calls (arguments
 * objects become JSON text; tool results find their call by tool_call_id, tool_name or order),
 * format (json → json_object, a schema → json_schema), think ("low"/"medium"/"high" →
 * reasoning_effort, false → chat_template_kwargs.enable_thinking false), and the options
 * temperature, top_p, top_k, min_p, seed, stop, frequency_penalty, presence_penalty,
 * repeat_penalty and num_predict (→ max_tokens). Dropped, as OpenAI's API cannot say them:
 * keep_alive, num_ctx and the other load-time options, template, context, truncate.
 */
namespace OllamaToChat {

/** @p streamed: the client's stream flag (Ollama streams unless told not to). */
std::optional<QByteArray> translate(Endpoint endpoint, const QByteArray& ollamaBody, bool streamed, ApiError* error);
/** The same for a body the pipeline has already parsed: it is not parsed again. */
std::optional<QByteArray> translate(Endpoint endpoint, const JsonBody& in, bool streamed, ApiError* error);

/** "data:image/png;base64,…" for a base64 image, its type read from its first bytes. */
QString imageDataUrl(const QString& base64);

} // namespace OllamaToChat

} // namespace sy
