#include "gateway/dialects/anthropic/MessagesDecoder.h"

#include "gateway/core/JsonBody.h"
#include "gateway/dialects/anthropic/AnthropicErrors.h"

using namespace Qt::StringLiterals;

namespace sy {

void MessagesDecoder::decode(const SseEvent& event, QList<ChatDelta>& out)
{
    const std::optional<JsonBody> json = JsonBody::parse(event.data, nullptr);
    if (!json)
        return;
    // The type is in the data; the event name repeats it (and may be absent behind some proxies).
    const QString type = json->string("type").value_or(QString::fromUtf8(event.event));
    if (type == u"message_start") {
        if (const std::optional<JsonBody> message = json->object("message")) {
            if (const std::optional<JsonBody> usage = message->object("usage"))
                m_usage = AnthropicWire::usageFrom(*usage);
        }
    } else if (type == u"content_block_start") {
        blockStart(*json, out);
    } else if (type == u"content_block_delta") {
        blockDelta(*json, out);
    } else if (type == u"message_delta") {
        messageDelta(*json, out);
    } else if (type == u"message_stop") {
        m_ended = true;
    } else if (type == u"error") {
        const std::optional<JsonBody> error = json->object("error");
        ApiError e = ApiError::badGateway(
            error ? error->string("message").value_or(u"stream error"_s) : u"stream error"_s, "upstream_stream_error");
        if (error && error->string("type") == u"overloaded_error")
            e.status = 529;
        m_error = e;
    }
}

void MessagesDecoder::blockStart(const JsonBody& json, QList<ChatDelta>& out)
{
    const std::optional<JsonBody> block = json.object("content_block");
    if (!block)
        return;
    const QString type = block->string("type").value_or(QString());
    ChatDelta delta;
    if (type == u"tool_use" || type == u"server_tool_use") {
        const int tool = m_nextTool++;
        m_toolOfBlock.insert(json.integer("index").value_or(0), tool);
        delta.toolCalls.append(
            {tool, block->string("id").value_or(QString()), block->string("name").value_or(QString()), {}});
    } else if (type == u"text") {
        delta.text = block->string("text").value_or(QString());
        if (delta.text.isEmpty())
            return;
    } else {
        return; // thinking starts empty; redacted_thinking has nothing a client of another API can use
    }
    out.append(std::move(delta));
}

void MessagesDecoder::blockDelta(const JsonBody& json, QList<ChatDelta>& out)
{
    const std::optional<JsonBody> d = json.object("delta");
    if (!d)
        return;
    const QString type = d->string("type").value_or(QString());
    ChatDelta delta;
    if (type == u"text_delta") {
        delta.text = d->string("text").value_or(QString());
    } else if (type == u"thinking_delta") {
        delta.reasoning = d->string("thinking").value_or(QString());
    } else if (type == u"input_json_delta") {
        const int tool = m_toolOfBlock.value(json.integer("index").value_or(0), -1);
        if (tool < 0)
            return;
        delta.toolCalls.append({tool, {}, {}, d->string("partial_json").value_or(QString())});
    } else {
        return; // signature_delta, citations_delta
    }
    out.append(std::move(delta));
}

void MessagesDecoder::messageDelta(const JsonBody& json, QList<ChatDelta>& out)
{
    ChatDelta delta;
    if (const std::optional<JsonBody> d = json.object("delta")) {
        const QByteArray stop = d->string("stop_reason").value_or(QString()).toUtf8();
        delta.finishReason = AnthropicWire::finishReason(stop);
        delta.stopSequence = d->string("stop_sequence").value_or(QString());
    }
    if (const std::optional<JsonBody> usage = json.object("usage")) {
        // output_tokens is the running total; input and cache counts may come again here.
        const TokenUsage update = AnthropicWire::usageFrom(*usage);
        m_usage.completionTokens = update.completionTokens;
        if (usage->has("input_tokens") || usage->has("cache_read_input_tokens")) {
            m_usage.promptTokens = update.promptTokens;
            m_usage.cacheReadTokens = update.cacheReadTokens;
            m_usage.cacheCreationTokens = update.cacheCreationTokens;
        }
    }
    delta.usage = m_usage;
    out.append(std::move(delta));
}

std::optional<ChatCompletion> MessagesDecoder::decodeWhole(const QByteArray& body, QString* why)
{
    const std::optional<JsonBody> json = JsonBody::parse(body, nullptr);
    if (!json || !json->has("content")) {
        *why = json ? u"the answer has no content"_s : u"the answer is not JSON"_s;
        return std::nullopt;
    }
    ChatCompletion answer;
    answer.id = json->string("id").value_or(QString());
    answer.finishReason = AnthropicWire::finishReason(json->string("stop_reason").value_or(QString()).toUtf8());
    answer.stopSequence = json->string("stop_sequence").value_or(QString());
    if (const std::optional<JsonBody> usage = json->object("usage"))
        answer.usage = AnthropicWire::usageFrom(*usage);
    for (const JsonBody::Span& span : json->elements("content")) {
        const std::optional<JsonBody> block = json->objectAt(span);
        if (!block)
            continue;
        const QString type = block->string("type").value_or(QString());
        if (type == u"text")
            answer.text += block->string("text").value_or(QString());
        else if (type == u"thinking")
            answer.reasoning += block->string("thinking").value_or(QString());
        else if (type == u"tool_use")
            answer.toolCalls.append({block->string("id").value_or(QString()),
                                     block->string("name").value_or(QString()),
                                     QString::fromUtf8(block->raw("input"))});
    }
    return answer;
}

} // namespace sy
