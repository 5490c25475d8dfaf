#pragma once

#include "gateway/core/ApiError.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace sy {

/**
 * OpenAI chat completions requests in Ollama's /api/chat, for a deployment that speaks only
 * Ollama's API: messages (text parts joined, data-URL images as base64 `images`, tool calls with
 * arguments objects, tool results named by tool_name), tools, response_format (→ format),
 * reasoning_effort (→ think), and the sampling parameters as `options` (max_tokens →
 * num_predict). `stream` is always written: Ollama streams unless told not to.
 */
namespace ChatToOllama {

std::optional<QByteArray> translate(const QByteArray& chatBody, const QString& backendModel, ApiError* error);

} // namespace ChatToOllama

} // namespace sy
