#pragma once

#include "gateway/core/ApiError.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace sy {

/**
 * An OpenAI chat completions request as an Anthropic Messages request, for a deployment that
 * speaks only Anthropic's API (provider `anthropic/`): system and developer messages → system;
 * content parts → text and image blocks; tool_calls → tool_use blocks; tool messages →
 * tool_result blocks of a user turn; consecutive turns of one role merged (Anthropic wants
 * them alternating); max_tokens defaulted, as Anthropic requires it.
 */
namespace ChatToMessages {

constexpr int kDefaultMaxTokens = 4096;

std::optional<QByteArray> translate(const QByteArray& chatBody, const QString& backendModel, ApiError* error);

} // namespace ChatToMessages

} // namespace sy
