#include "gateway/dialects/ollama/OllamaEncoder.h"

#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonWriter.h"
#include "gateway/dialects/ollama/OllamaWire.h"

namespace sy {

namespace {

// Ollama's tool arguments are an object; a backend's text that is not one becomes {}.
QByteArray argumentsObject(const QString& arguments)
{
    const QByteArray utf8 = arguments.toUtf8();
    if (JsonBody::isValid(utf8))
        return utf8.trimmed();
    return QByteArrayLiteral("{}");
}

} // namespace

OllamaEncoder::OllamaEncoder(const AnswerContext& context, Shape shape)
    : m_context(context)
    , m_shape(shape)
    , m_model(JsonBody::quoted(context.model))
{
    m_clock.start();
}

void OllamaEncoder::writeHead(JsonWriter& w) const
{
    w.key("model").raw(m_model);
    w.key("created_at").stringUtf8(OllamaWire::createdAt());
}

void OllamaEncoder::writeContent(JsonWriter& w,
                                 const QString& text,
                                 const QString& reasoning,
                                 const QList<Call>& calls) const
{
    if (m_shape == Shape::Generate) {
        w.key("response").string(text);
        if (!reasoning.isEmpty())
            w.key("thinking").string(reasoning);
        return;
    }
    w.key("message").beginObject().key("role").stringUtf8("assistant").key("content").string(text);
    if (!reasoning.isEmpty())
        w.key("thinking").string(reasoning);
    if (!calls.isEmpty()) {
        w.key("tool_calls").beginArray();
        for (qsizetype i = 0; i < calls.size(); ++i) {
            w.beginObject();
            if (!calls[i].id.isEmpty())
                w.key("id").string(calls[i].id);
            w.key("function").beginObject().key("index").number(qint64(i)).key("name").string(calls[i].name);
            w.key("arguments").raw(argumentsObject(calls[i].arguments)).endObject().endObject();
        }
        w.endArray();
    }
    w.endObject();
}

void OllamaEncoder::writeDone(JsonWriter& w,
                              const QByteArray& finishReason,
                              const std::optional<TokenUsage>& usage) const
{
    const qint64 total = m_clock.nsecsElapsed();
    const qint64 firstToken = m_firstContentNs >= 0 ? m_firstContentNs : total;
    w.key("done").boolean(true);
    w.key("done_reason").stringUtf8(OllamaWire::doneReason(finishReason));
    w.key("total_duration").number(total);
    w.key("load_duration").number(qint64(0)); // loading is the backend's business, and it does not say
    w.key("prompt_eval_count").number(usage ? usage->promptTokens : qint64(0));
    w.key("prompt_eval_duration").number(firstToken);
    w.key("eval_count").number(usage ? usage->completionTokens : (m_chars + 3) / 4);
    w.key("eval_duration").number(total - firstToken);
}

QByteArray OllamaEncoder::line(const QString& text, const QString& reasoning, const QList<Call>& calls) const
{
    JsonWriter w;
    w.beginObject();
    writeHead(w);
    writeContent(w, text, reasoning, calls);
    w.key("done").boolean(false);
    w.endObject();
    QByteArray out = w.take();
    out += '\n';
    return out;
}

QByteArray OllamaEncoder::encode(const ChatDelta& delta)
{
    if (!delta.finishReason.isEmpty())
        m_finishReason = delta.finishReason;
    if (delta.usage)
        m_usage = delta.usage;
    for (const ToolCallDelta& piece : delta.toolCalls) {
        Call& call = m_calls[piece.index];
        if (!piece.id.isEmpty())
            call.id = piece.id;
        if (!piece.name.isEmpty())
            call.name = piece.name;
        call.arguments += piece.arguments;
    }
    if (delta.text.isEmpty() && delta.reasoning.isEmpty())
        return {};
    if (m_firstContentNs < 0)
        m_firstContentNs = m_clock.nsecsElapsed();
    m_chars += delta.text.size() + delta.reasoning.size();
    return line(delta.text, delta.reasoning, {});
}

QByteArray OllamaEncoder::finish()
{
    QByteArray out;
    if (!m_calls.isEmpty() && m_shape == Shape::Chat)
        out = line({}, {}, m_calls.values());
    JsonWriter w;
    w.beginObject();
    writeHead(w);
    writeContent(w, {}, {}, {});
    writeDone(w, m_finishReason, m_usage);
    w.endObject();
    out += w.take();
    out += '\n';
    return out;
}

QByteArray OllamaEncoder::fail(const ApiError& error)
{
    // Ollama's clients end a stream on an object with "error"; it never says done.
    return OllamaWire::errorJson(error) + '\n';
}

QByteArray OllamaEncoder::encodeWhole(const ChatCompletion& answer)
{
    QList<Call> calls;
    for (const ToolCall& call : answer.toolCalls)
        calls.append({call.id, call.name, call.arguments});
    m_chars = answer.text.size() + answer.reasoning.size();
    m_firstContentNs = 0; // a whole answer: all of it is generation
    JsonWriter w;
    w.beginObject();
    writeHead(w);
    writeContent(w, answer.text, answer.reasoning, calls);
    writeDone(w, answer.finishReason, answer.usage);
    w.endObject();
    return w.take();
}

} // namespace sy
