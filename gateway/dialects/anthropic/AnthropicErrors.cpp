#include "gateway/dialects/anthropic/AnthropicErrors.h"

#include "gateway/core/JsonWriter.h"

using namespace Qt::StringLiterals;

namespace sy::AnthropicWire {

QByteArray errorType(const ApiError& error)
{
    switch (error.status) {
    case 400:
        return "invalid_request_error";
    case 401:
        return "authentication_error";
    case 402:
        return "billing_error";
    case 403:
        return "permission_error";
    case 404:
        return "not_found_error";
    case 413:
        return "request_too_large";
    case 429:
        return "rate_limit_error";
    case 503:
    case 529:
        return "overloaded_error";
    case 504:
        return "timeout_error";
    default:
        return error.status < 500 ? QByteArrayLiteral("invalid_request_error") : QByteArrayLiteral("api_error");
    }
}

int errorStatus(const ApiError& error)
{
    return error.status == 503 ? 529 : error.status;
}

QByteArray errorJson(const ApiError& error)
{
    JsonWriter w;
    w.beginObject().key("type").stringUtf8("error");
    w.key("error").beginObject().key("type").stringUtf8(errorType(error)).key("message").string(error.message);
    w.endObject().endObject();
    return w.take();
}

ApiError errorFrom(int status, const QByteArray& body)
{
    ApiError error;
    error.status = status >= 400 ? status : 502;
    error.type = status >= 500 ? "api_error" : "invalid_request_error";
    error.code = "upstream_error";
    const std::optional<JsonBody> json = JsonBody::parse(body, nullptr);
    const std::optional<JsonBody> inner = json ? json->object("error") : std::nullopt;
    if (inner) {
        error.message = inner->string("message").value_or(QString());
        if (const std::optional<QString> type = inner->string("type"))
            error.code = type->toUtf8(); // overloaded_error, rate_limit_error, …
    }
    if (status == 429)
        error.type = "rate_limit_error";
    if (error.message.isEmpty())
        error.message
            = u"The backend answered HTTP %1: %2"_s.arg(status).arg(QString::fromUtf8(body.left(300)).simplified());
    return error;
}

TokenUsage usageFrom(const JsonBody& usage)
{
    TokenUsage out;
    out.cacheReadTokens = usage.integer("cache_read_input_tokens").value_or(0);
    out.cacheCreationTokens = usage.integer("cache_creation_input_tokens").value_or(0);
    out.promptTokens = usage.integer("input_tokens").value_or(0) + out.cacheReadTokens + out.cacheCreationTokens;
    out.completionTokens = usage.integer("output_tokens").value_or(0);
    return out;
}

void writeUsage(JsonWriter& w, const TokenUsage& usage)
{
    const qint64 uncached = qMax<qint64>(0, usage.promptTokens - usage.cacheReadTokens - usage.cacheCreationTokens);
    w.beginObject();
    w.key("input_tokens").number(uncached);
    w.key("cache_creation_input_tokens").number(usage.cacheCreationTokens);
    w.key("cache_read_input_tokens").number(usage.cacheReadTokens);
    w.key("output_tokens").number(usage.completionTokens);
    w.endObject();
}

QByteArray stopReason(const QByteArray& finishReason, bool usedTools, bool hasStopSequence)
{
    if (finishReason == "length")
        return "max_tokens";
    if (finishReason == "tool_calls" || finishReason == "function_call" || usedTools)
        return "tool_use";
    if (hasStopSequence)
        return "stop_sequence";
    return "end_turn";
}

QByteArray finishReason(const QByteArray& stopReason)
{
    if (stopReason == "max_tokens")
        return "length";
    if (stopReason == "tool_use")
        return "tool_calls";
    if (stopReason == "refusal")
        return "content_filter";
    return "stop"; // end_turn, stop_sequence, pause_turn
}

} // namespace sy::AnthropicWire
