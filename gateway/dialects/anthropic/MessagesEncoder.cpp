#include "gateway/dialects/anthropic/MessagesEncoder.h"

#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonWriter.h"
#include "gateway/dialects/anthropic/AnthropicErrors.h"

namespace sy {

namespace {

QByteArray event(QByteArrayView name, const QByteArray& json)
{
    QByteArray out;
    out.reserve(name.size() + json.size() + 16);
    out += "event: ";
    out += name;
    out += "\ndata: ";
    out += json;
    out += "\n\n";
    return out;
}

// A tool call's arguments as the JSON object Anthropic's input is; {} when they are not one.
QByteArray inputObject(const QString& arguments)
{
    const QByteArray utf8 = arguments.toUtf8();
    if (JsonBody::isValid(utf8))
        return utf8.trimmed();
    return QByteArrayLiteral("{}");
}

} // namespace

MessagesEncoder::MessagesEncoder(const AnswerContext& context)
    : m_context(context)
    , m_id("msg_sy" + QByteArray::number(context.requestId))
{ }

void MessagesEncoder::writeMessageHead(JsonWriter& w) const
{
    w.key("id").stringUtf8(m_id);
    w.key("type").stringUtf8("message");
    w.key("role").stringUtf8("assistant");
    w.key("model").string(m_context.model);
}

QByteArray MessagesEncoder::begin()
{
    if (m_begun)
        return {};
    m_begun = true;
    JsonWriter w;
    w.beginObject().key("type").stringUtf8("message_start").key("message").beginObject();
    writeMessageHead(w);
    w.key("content").beginArray().endArray();
    w.key("stop_reason").null().key("stop_sequence").null();
    // The prompt's tokens are known only at the end for most backends: message_delta says them.
    w.key("usage");
    AnthropicWire::writeUsage(w, TokenUsage{});
    w.endObject().endObject();
    return event("message_start", w.take());
}

QByteArray MessagesEncoder::keepAlive()
{
    return event("ping", QByteArrayLiteral("{\"type\":\"ping\"}"));
}

QByteArray MessagesEncoder::openBlock(Block kind, const QByteArray& blockJson)
{
    QByteArray out = closeBlock();
    m_open = kind;
    JsonWriter w;
    w.beginObject().key("type").stringUtf8("content_block_start").key("index").number(qint64(m_nextIndex));
    w.key("content_block").raw(blockJson).endObject();
    out += event("content_block_start", w.take());
    return out;
}

QByteArray MessagesEncoder::closeBlock()
{
    if (m_open == Block::None)
        return {};
    m_open = Block::None;
    m_openTool = -1;
    JsonWriter w;
    w.beginObject().key("type").stringUtf8("content_block_stop").key("index").number(qint64(m_nextIndex++));
    w.endObject();
    return event("content_block_stop", w.take());
}

QByteArray MessagesEncoder::toolDelta(const ToolCallDelta& call)
{
    QByteArray out;
    if (call.index != m_openTool) {
        // OpenAI-compatible servers stream tool calls one after another; a call whose block was
        // closed cannot be reopened, so a stray late piece of it is not sent.
        if (m_toolsSeen.contains(call.index))
            return {};
        m_toolsSeen.insert(call.index);
        JsonWriter block;
        const QString id
            = call.id.isEmpty() ? QStringLiteral("toolu_sy%1_%2").arg(m_context.requestId).arg(call.index) : call.id;
        block.beginObject().key("type").stringUtf8("tool_use").key("id").string(id).key("name").string(call.name);
        block.key("input").beginObject().endObject().endObject();
        out += openBlock(Block::Tool, block.take());
        m_openTool = call.index;
    }
    if (!call.arguments.isEmpty()) {
        JsonWriter w;
        w.beginObject().key("type").stringUtf8("content_block_delta").key("index").number(qint64(m_nextIndex));
        w.key("delta").beginObject().key("type").stringUtf8("input_json_delta");
        w.key("partial_json").string(call.arguments).endObject().endObject();
        out += event("content_block_delta", w.take());
    }
    return out;
}

QByteArray MessagesEncoder::encode(const ChatDelta& delta)
{
    QByteArray out = begin();
    if (!delta.finishReason.isEmpty())
        m_finishReason = delta.finishReason;
    if (!delta.stopSequence.isEmpty())
        m_stopSequence = delta.stopSequence;
    if (delta.usage)
        m_usage = delta.usage;
    const auto textDelta
        = [&](Block kind, QByteArrayView startJson, QByteArrayView type, QByteArrayView field, const QString& text) {
              if (text.isEmpty())
                  return;
              if (m_open != kind)
                  out += openBlock(kind, startJson.toByteArray());
              JsonWriter w;
              w.beginObject().key("type").stringUtf8("content_block_delta").key("index").number(qint64(m_nextIndex));
              w.key("delta").beginObject().key("type").stringUtf8(type).key(field).string(text).endObject().endObject();
              out += event("content_block_delta", w.take());
          };
    textDelta(Block::Thinking, R"({"type":"thinking","thinking":""})", "thinking_delta", "thinking", delta.reasoning);
    textDelta(Block::Text, R"({"type":"text","text":""})", "text_delta", "text", delta.text);
    for (const ToolCallDelta& call : delta.toolCalls)
        out += toolDelta(call);
    return out;
}

QByteArray MessagesEncoder::finish()
{
    QByteArray out = begin();
    out += closeBlock();
    JsonWriter w;
    w.beginObject().key("type").stringUtf8("message_delta").key("delta").beginObject();
    w.key("stop_reason")
        .stringUtf8(AnthropicWire::stopReason(m_finishReason, !m_toolsSeen.isEmpty(), !m_stopSequence.isEmpty()));
    w.key("stop_sequence");
    if (m_stopSequence.isEmpty())
        w.null();
    else
        w.string(m_stopSequence);
    w.endObject();
    w.key("usage");
    AnthropicWire::writeUsage(w, m_usage.value_or(TokenUsage{}));
    w.endObject();
    out += event("message_delta", w.take());
    out += event("message_stop", QByteArrayLiteral("{\"type\":\"message_stop\"}"));
    return out;
}

QByteArray MessagesEncoder::fail(const ApiError& error)
{
    return event("error", AnthropicWire::errorJson(error));
}

QByteArray MessagesEncoder::encodeWhole(const ChatCompletion& answer)
{
    JsonWriter w;
    w.beginObject();
    writeMessageHead(w);
    w.key("content").beginArray();
    if (!answer.reasoning.isEmpty()) {
        w.beginObject().key("type").stringUtf8("thinking").key("thinking").string(answer.reasoning);
        w.key("signature").stringUtf8("").endObject();
    }
    if (!answer.text.isEmpty() || answer.toolCalls.isEmpty())
        w.beginObject().key("type").stringUtf8("text").key("text").string(answer.text).endObject();
    for (qsizetype i = 0; i < answer.toolCalls.size(); ++i) {
        const ToolCall& call = answer.toolCalls[i];
        const QString id
            = call.id.isEmpty() ? QStringLiteral("toolu_sy%1_%2").arg(m_context.requestId).arg(i) : call.id;
        w.beginObject().key("type").stringUtf8("tool_use").key("id").string(id).key("name").string(call.name);
        w.key("input").raw(inputObject(call.arguments)).endObject();
    }
    w.endArray();
    w.key("stop_reason")
        .stringUtf8(AnthropicWire::stopReason(
            answer.finishReason, !answer.toolCalls.isEmpty(), !answer.stopSequence.isEmpty()));
    w.key("stop_sequence");
    if (answer.stopSequence.isEmpty())
        w.null();
    else
        w.string(answer.stopSequence);
    w.key("usage");
    AnthropicWire::writeUsage(w, answer.usage.value_or(TokenUsage{}));
    w.endObject();
    return w.take();
}

} // namespace sy
