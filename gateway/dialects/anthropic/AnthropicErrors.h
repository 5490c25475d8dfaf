#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/core/JsonBody.h"
#include "gateway/core/TokenUsage.h"

#include <QByteArray>

namespace sy {

class JsonWriter;

/** Anthropic's error shapes and usage object, shared by its encoder, decoder and filter. */
namespace AnthropicWire {

/** The error type Anthropic names for @p error (invalid_request_error, overloaded_error, …). */
QByteArray errorType(const ApiError& error);
/** The HTTP status an Anthropic client expects for @p error: 529 for overload (our 503). */
int errorStatus(const ApiError& error);
/** {"type":"error","error":{"type":…,"message":…}} */
QByteArray errorJson(const ApiError& error);
/** The error a backend answered in Anthropic's shape, as the gateway's ApiError. */
ApiError errorFrom(int status, const QByteArray& body);

/** Anthropic's usage (input_tokens excludes the cache's) as the gateway counts it (prompt includes it). */
TokenUsage usageFrom(const JsonBody& usage);
/** Writes @p usage as Anthropic's usage object. */
void writeUsage(JsonWriter& w, const TokenUsage& usage);

/** OpenAI finish_reason → Anthropic stop_reason. */
QByteArray stopReason(const QByteArray& finishReason, bool usedTools, bool hasStopSequence);
/** Anthropic stop_reason → OpenAI finish_reason. */
QByteArray finishReason(const QByteArray& stopReason);

} // namespace AnthropicWire

} // namespace sy
