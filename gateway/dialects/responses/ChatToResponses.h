#pragma once

#include "gateway/core/ApiError.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace sy {

/**
 * An OpenAI chat completions request as a Responses request, for a deployment that speaks only
 * the Responses API: system messages → instructions; user, assistant and tool messages →
 * input items (message, function_call, function_call_output); tools → the flat function shape;
 * max_tokens → max_output_tokens; response_format → text.format. Nothing is stored there
 * (store: false): the client's conversation travels whole, as chat's does.
 */
namespace ChatToResponses {

std::optional<QByteArray> translate(const QByteArray& chatBody, const QString& backendModel, ApiError* error);

} // namespace ChatToResponses

} // namespace sy
