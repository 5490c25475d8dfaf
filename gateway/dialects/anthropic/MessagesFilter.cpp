#include "gateway/dialects/anthropic/MessagesFilter.h"

#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonScan.h"
#include "gateway/dialects/anthropic/AnthropicErrors.h"

using namespace Qt::StringLiterals;

namespace sy {

MessagesFilter::MessagesFilter(const AnswerContext& context)
    : m_model(JsonBody::quoted(context.model))
{ }

QByteArray MessagesFilter::process(const SseEvent& event)
{
    const QByteArray& name = event.event;
    if (name == "content_block_delta") {
        m_deliveredChars += JsonScan::stringValueChars(event.data, {"text", "thinking", "partial_json"});
        return event.raw;
    }
    if (name == "message_start")
        return messageStart(event);
    if (name == "message_delta")
        messageDelta(event);
    else if (name == "message_stop")
        m_ended = true;
    else if (name == "error") {
        ApiError error = AnthropicWire::errorFrom(502, event.data);
        error.status = error.code == "overloaded_error" ? 529 : 502;
        m_error = error;
    }
    return event.raw;
}

QByteArray MessagesFilter::messageStart(const SseEvent& event)
{
    const std::optional<JsonBody> json = JsonBody::parse(event.data, nullptr);
    const std::optional<JsonBody> message = json ? json->object("message") : std::nullopt;
    if (!message)
        return event.raw;
    if (const std::optional<JsonBody> usage = message->object("usage"))
        m_usage = AnthropicWire::usageFrom(*usage);
    if (message->raw("model") == m_model)
        return event.raw;
    const QByteArray data = json->withMember("message", message->withMember("model", m_model));
    return "event: message_start\ndata: " + data + "\n\n";
}

void MessagesFilter::messageDelta(const SseEvent& event)
{
    const std::optional<JsonBody> json = JsonBody::parse(event.data, nullptr);
    const std::optional<JsonBody> usage = json ? json->object("usage") : std::nullopt;
    if (!usage)
        return;
    const TokenUsage update = AnthropicWire::usageFrom(*usage);
    TokenUsage total = m_usage.value_or(TokenUsage{});
    total.completionTokens = update.completionTokens;
    if (usage->has("input_tokens")) {
        total.promptTokens = update.promptTokens;
        total.cacheReadTokens = update.cacheReadTokens;
        total.cacheCreationTokens = update.cacheCreationTokens;
    }
    m_usage = total;
}

std::optional<QByteArray> MessagesFilter::filterWhole(const QByteArray& body, std::optional<TokenUsage>* usage)
{
    const std::optional<JsonBody> json = JsonBody::parse(body, nullptr);
    if (!json)
        return std::nullopt;
    if (const std::optional<JsonBody> u = json->object("usage"))
        *usage = AnthropicWire::usageFrom(*u);
    m_deliveredChars = JsonScan::stringValueChars(body, "text") + JsonScan::stringValueChars(body, "thinking");
    if (json->raw("model") == m_model || !json->has("model"))
        return body;
    return json->withMember("model", m_model);
}

} // namespace sy
