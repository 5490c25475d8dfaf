#include "gateway/dialects/openai/ChatAnswerEncoder.h"

#include "gateway/core/JsonWriter.h"

namespace sy {

void writeOpenAiUsage(JsonWriter& w, const TokenUsage& usage)
{
    w.beginObject();
    w.key("prompt_tokens").number(usage.promptTokens);
    w.key("completion_tokens").number(usage.completionTokens);
    w.key("total_tokens").number(usage.totalTokens());
    if (usage.cacheReadTokens > 0)
        w.key("prompt_tokens_details").beginObject().key("cached_tokens").number(usage.cacheReadTokens).endObject();
    w.endObject();
}

ChatAnswerEncoder::ChatAnswerEncoder(const AnswerContext& context)
    : m_context(context)
    , m_id("chatcmpl-sy" + QByteArray::number(context.requestId))
{ }

QByteArray ChatAnswerEncoder::chunk(const QByteArray& deltaJson, const QByteArray& finishReason) const
{
    JsonWriter w;
    w.beginObject();
    w.key("id").stringUtf8(m_id);
    w.key("object").stringUtf8("chat.completion.chunk");
    w.key("created").number(m_context.createdSecs);
    w.key("model").string(m_context.model);
    w.key("choices").beginArray().beginObject();
    w.key("index").number(qint64(0));
    w.key("delta").raw(deltaJson);
    w.key("finish_reason");
    if (finishReason.isEmpty())
        w.null();
    else
        w.stringUtf8(finishReason);
    w.endObject().endArray().endObject();
    return "data: " + w.take() + "\n\n";
}

QByteArray ChatAnswerEncoder::encode(const ChatDelta& delta)
{
    if (!delta.finishReason.isEmpty())
        m_finishReason = delta.finishReason;
    if (delta.usage)
        m_usage = delta.usage;
    if (delta.text.isEmpty() && delta.reasoning.isEmpty() && delta.toolCalls.isEmpty())
        return {};
    JsonWriter w;
    w.beginObject();
    if (!m_roleSent) {
        w.key("role").stringUtf8("assistant");
        m_roleSent = true;
    }
    if (!delta.text.isEmpty())
        w.key("content").string(delta.text);
    if (!delta.reasoning.isEmpty())
        w.key("reasoning_content").string(delta.reasoning);
    if (!delta.toolCalls.isEmpty()) {
        w.key("tool_calls").beginArray();
        for (const ToolCallDelta& call : delta.toolCalls) {
            w.beginObject().key("index").number(qint64(call.index));
            if (!m_toolsStarted.contains(call.index)) {
                m_toolsStarted.insert(call.index);
                w.key("id").string(call.id).key("type").stringUtf8("function");
                w.key("function").beginObject().key("name").string(call.name);
            } else {
                w.key("function").beginObject();
            }
            w.key("arguments").string(call.arguments).endObject().endObject();
        }
        w.endArray();
    }
    w.endObject();
    return chunk(w.take(), {});
}

QByteArray ChatAnswerEncoder::finish()
{
    QByteArray out = chunk(m_roleSent ? QByteArrayLiteral("{}") : QByteArrayLiteral("{\"role\":\"assistant\"}"),
                           m_finishReason.isEmpty() ? QByteArrayLiteral("stop") : m_finishReason);
    if (m_context.includeUsage && m_usage) {
        JsonWriter w;
        w.beginObject();
        w.key("id").stringUtf8(m_id);
        w.key("object").stringUtf8("chat.completion.chunk");
        w.key("created").number(m_context.createdSecs);
        w.key("model").string(m_context.model);
        w.key("choices").beginArray().endArray();
        w.key("usage");
        writeOpenAiUsage(w, *m_usage);
        w.endObject();
        out += "data: " + w.take() + "\n\n";
    }
    out += "data: [DONE]\n\n";
    return out;
}

QByteArray ChatAnswerEncoder::fail(const ApiError& error)
{
    return "event: error\ndata: " + error.toJson() + "\n\n";
}

QByteArray ChatAnswerEncoder::encodeWhole(const ChatCompletion& answer)
{
    JsonWriter w;
    w.beginObject();
    w.key("id").stringUtf8(m_id);
    w.key("object").stringUtf8("chat.completion");
    w.key("created").number(m_context.createdSecs);
    w.key("model").string(m_context.model);
    w.key("choices").beginArray().beginObject();
    w.key("index").number(qint64(0));
    w.key("message").beginObject();
    w.key("role").stringUtf8("assistant");
    w.key("content");
    if (answer.text.isEmpty() && !answer.toolCalls.isEmpty())
        w.null();
    else
        w.string(answer.text);
    if (!answer.reasoning.isEmpty())
        w.key("reasoning_content").string(answer.reasoning);
    if (!answer.toolCalls.isEmpty()) {
        w.key("tool_calls").beginArray();
        for (const ToolCall& call : answer.toolCalls) {
            w.beginObject().key("id").string(call.id).key("type").stringUtf8("function");
            w.key("function").beginObject().key("name").string(call.name);
            w.key("arguments").string(call.arguments).endObject().endObject();
        }
        w.endArray();
    }
    w.endObject();
    w.key("finish_reason").stringUtf8(answer.finishReason.isEmpty() ? QByteArrayLiteral("stop") : answer.finishReason);
    w.endObject().endArray();
    if (answer.usage) {
        w.key("usage");
        writeOpenAiUsage(w, *answer.usage);
    }
    w.endObject();
    return w.take();
}

} // namespace sy
