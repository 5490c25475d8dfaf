#include "gateway/dialects/responses/ResponsesEncoder.h"

#include "gateway/core/JsonWriter.h"

namespace sy {

namespace {

QByteArrayView typeName(int kind)
{
    static constexpr QByteArrayView kNames[] = {"reasoning", "message", "function_call"};
    return kNames[kind];
}

} // namespace

ResponsesEncoder::ResponsesEncoder(const AnswerContext& context)
    : m_context(context)
    , m_echo(ResponsesWire::echoOf(context.request))
    , m_id(ResponsesWire::newId("resp_"))
{ }

void ResponsesEncoder::startEvent(JsonWriter& w, QByteArrayView type)
{
    w.beginObject().key("type").stringUtf8(type).key("sequence_number").number(m_sequence++);
}

QByteArray ResponsesEncoder::finishEvent(QByteArrayView type, JsonWriter& w)
{
    w.endObject();
    return ResponsesWire::event(type, w.take());
}

void ResponsesEncoder::writePart(JsonWriter& w, const Item& item) const
{
    w.beginObject();
    if (item.kind == Kind::Reasoning) {
        w.key("type").stringUtf8("reasoning_text").key("text").string(item.text);
    } else {
        w.key("type").stringUtf8("output_text").key("text").string(item.text);
        w.key("annotations").beginArray().endArray().key("logprobs").beginArray().endArray();
    }
    w.endObject();
}

void ResponsesEncoder::writeItem(JsonWriter& w, const Item& item, bool cutShort) const
{
    // An item a failure cut short shows what it got so far, as OpenAI's failed responses do.
    const bool whole = item.done || cutShort;
    w.beginObject().key("id").stringUtf8(item.id).key("type").stringUtf8(typeName(int(item.kind)));
    w.key("status").stringUtf8(item.done ? "completed" : (cutShort ? "incomplete" : "in_progress"));
    switch (item.kind) {
    case Kind::Reasoning:
        w.key("summary").beginArray().endArray().key("content").beginArray();
        if (whole)
            writePart(w, item);
        w.endArray();
        break;
    case Kind::Message:
        w.key("role").stringUtf8("assistant").key("content").beginArray();
        if (whole)
            writePart(w, item);
        w.endArray();
        break;
    case Kind::FunctionCall:
        w.key("call_id").string(item.callId).key("name").string(item.name);
        w.key("arguments").string(whole ? item.text : QString());
        break;
    }
    w.endObject();
}

void ResponsesEncoder::writeResponse(JsonWriter& w, QByteArrayView status, const ApiError* error) const
{
    w.beginObject().key("id").stringUtf8(m_id).key("object").stringUtf8("response");
    w.key("created_at").number(m_context.createdSecs).key("status").stringUtf8(status);
    w.key("background").boolean(false);
    w.key("error");
    if (error)
        ResponsesWire::writeError(w, *error);
    else
        w.null();
    w.key("incomplete_details");
    const QByteArray reason = status == "incomplete" ? ResponsesWire::incompleteReason(m_finishReason) : QByteArray();
    if (reason.isEmpty())
        w.null();
    else
        w.beginObject().key("reason").stringUtf8(reason).endObject();
    w.key("model").string(m_context.model);
    w.key("output").beginArray();
    QString outputText;
    for (const Item& item : m_items) {
        if (item.done || status != "in_progress")
            writeItem(w, item, status == "failed");
        if (item.kind == Kind::Message)
            outputText += item.text;
    }
    w.endArray();
    w.key("output_text").string(status == "in_progress" ? QString() : outputText);
    ResponsesWire::writeEcho(w, m_echo);
    w.key("usage");
    if (m_usage && status != "in_progress")
        ResponsesWire::writeUsage(w, *m_usage);
    else
        w.null();
    w.endObject();
}

QByteArray ResponsesEncoder::lifecycle(QByteArrayView type, QByteArrayView status, const ApiError* error)
{
    JsonWriter w;
    startEvent(w, type);
    w.key("response");
    writeResponse(w, status, error);
    return finishEvent(type, w);
}

QByteArray ResponsesEncoder::begin()
{
    if (m_begun)
        return {};
    m_begun = true;
    QByteArray out = lifecycle("response.created", "in_progress");
    out += lifecycle("response.in_progress", "in_progress");
    return out;
}

QByteArray ResponsesEncoder::keepAlive()
{
    // A keep-alive always follows begin() on the wire; asked before it, the caller only checks
    // that this dialect has one, so no sequence number is spent.
    const qint64 sequence = m_sequence;
    JsonWriter w;
    startEvent(w, "keepalive");
    if (!m_begun)
        m_sequence = sequence;
    return finishEvent("keepalive", w);
}

QByteArray ResponsesEncoder::openItem(Kind kind, const QString& callId, const QString& name)
{
    QByteArray out = closeItem();
    static constexpr QByteArrayView kPrefixes[] = {"rs_", "msg_", "fc_"};
    m_items.append({kind, ResponsesWire::newId(kPrefixes[int(kind)]), callId, name, {}, false});
    const Item& item = m_items.last();
    const qint64 index = m_items.size() - 1;
    JsonWriter w;
    startEvent(w, "response.output_item.added");
    w.key("output_index").number(index).key("item");
    writeItem(w, item, false);
    out += finishEvent("response.output_item.added", w);
    if (kind == Kind::FunctionCall)
        return out;
    startEvent(w, "response.content_part.added");
    w.key("item_id").stringUtf8(item.id).key("output_index").number(index).key("content_index").number(qint64(0));
    w.key("part");
    writePart(w, item);
    out += finishEvent("response.content_part.added", w);
    return out;
}

QByteArray ResponsesEncoder::closeItem()
{
    if (m_items.isEmpty() || m_items.last().done)
        return {};
    Item& item = m_items.last();
    item.done = true;
    const qint64 index = m_items.size() - 1;
    QByteArray out;
    JsonWriter w;
    if (item.kind == Kind::FunctionCall) {
        startEvent(w, "response.function_call_arguments.done");
        w.key("item_id").stringUtf8(item.id).key("output_index").number(index);
        w.key("name").string(item.name).key("arguments").string(item.text);
        out += finishEvent("response.function_call_arguments.done", w);
    } else {
        const QByteArrayView textDone
            = item.kind == Kind::Reasoning ? "response.reasoning_text.done" : "response.output_text.done";
        startEvent(w, textDone);
        w.key("item_id").stringUtf8(item.id).key("output_index").number(index).key("content_index").number(qint64(0));
        w.key("text").string(item.text);
        if (item.kind == Kind::Message)
            w.key("logprobs").beginArray().endArray();
        out += finishEvent(textDone, w);
        startEvent(w, "response.content_part.done");
        w.key("item_id").stringUtf8(item.id).key("output_index").number(index).key("content_index").number(qint64(0));
        w.key("part");
        writePart(w, item);
        out += finishEvent("response.content_part.done", w);
    }
    startEvent(w, "response.output_item.done");
    w.key("output_index").number(index).key("item");
    writeItem(w, item, false);
    out += finishEvent("response.output_item.done", w);
    return out;
}

QByteArray ResponsesEncoder::textDelta(Kind kind, const QString& text)
{
    if (text.isEmpty())
        return {};
    QByteArray out;
    if (m_items.isEmpty() || m_items.last().done || m_items.last().kind != kind)
        out += openItem(kind);
    Item& item = m_items.last();
    item.text += text;
    const QByteArrayView type
        = kind == Kind::Reasoning ? "response.reasoning_text.delta" : "response.output_text.delta";
    JsonWriter w;
    startEvent(w, type);
    w.key("item_id").stringUtf8(item.id).key("output_index").number(qint64(m_items.size() - 1));
    w.key("content_index").number(qint64(0)).key("delta").string(text);
    if (kind == Kind::Message)
        w.key("logprobs").beginArray().endArray();
    out += finishEvent(type, w);
    return out;
}

QByteArray ResponsesEncoder::toolDelta(const ToolCallDelta& call)
{
    QByteArray out;
    const auto known = m_toolItems.constFind(call.index);
    if (known == m_toolItems.constEnd()) {
        const QString callId = call.id.isEmpty() ? QString::fromLatin1(ResponsesWire::newId("call_")) : call.id;
        out += openItem(Kind::FunctionCall, callId, call.name);
        m_toolItems.insert(call.index, int(m_items.size() - 1));
    } else if (*known != m_items.size() - 1 || m_items.last().done) {
        // OpenAI-compatible servers stream tool calls one after the other; a call whose item is
        // already done cannot take more arguments, so a stray late piece is not sent.
        return {};
    }
    if (call.arguments.isEmpty())
        return out;
    Item& item = m_items.last();
    item.text += call.arguments;
    JsonWriter w;
    startEvent(w, "response.function_call_arguments.delta");
    w.key("item_id").stringUtf8(item.id).key("output_index").number(qint64(m_items.size() - 1));
    w.key("delta").string(call.arguments);
    out += finishEvent("response.function_call_arguments.delta", w);
    return out;
}

QByteArray ResponsesEncoder::encode(const ChatDelta& delta)
{
    QByteArray out = begin();
    if (!delta.finishReason.isEmpty())
        m_finishReason = delta.finishReason;
    if (delta.usage)
        m_usage = delta.usage;
    out += textDelta(Kind::Reasoning, delta.reasoning);
    out += textDelta(Kind::Message, delta.text);
    for (const ToolCallDelta& call : delta.toolCalls)
        out += toolDelta(call);
    return out;
}

QByteArray ResponsesEncoder::finish()
{
    QByteArray out = begin();
    out += closeItem();
    const bool incomplete = !ResponsesWire::incompleteReason(m_finishReason).isEmpty();
    const QByteArrayView status = incomplete ? "incomplete" : "completed";
    JsonWriter w;
    writeResponse(w, status, nullptr);
    m_final = w.take();
    const QByteArrayView type = incomplete ? "response.incomplete" : "response.completed";
    startEvent(w, type);
    w.key("response").raw(m_final);
    out += finishEvent(type, w);
    return out;
}

QByteArray ResponsesEncoder::fail(const ApiError& error)
{
    QByteArray out = begin();
    out += ResponsesWire::errorEvent(error, m_sequence++);
    out += lifecycle("response.failed", "failed", &error);
    return out;
}

QByteArray ResponsesEncoder::encodeWhole(const ChatCompletion& answer)
{
    m_finishReason = answer.finishReason;
    m_usage = answer.usage;
    m_items.clear();
    const auto add = [this](Kind kind, const QString& text, const QString& callId = {}, const QString& name = {}) {
        static constexpr QByteArrayView kPrefixes[] = {"rs_", "msg_", "fc_"};
        m_items.append({kind, ResponsesWire::newId(kPrefixes[int(kind)]), callId, name, text, true});
    };
    if (!answer.reasoning.isEmpty())
        add(Kind::Reasoning, answer.reasoning);
    if (!answer.text.isEmpty() || answer.toolCalls.isEmpty())
        add(Kind::Message, answer.text);
    for (const ToolCall& call : answer.toolCalls)
        add(Kind::FunctionCall,
            call.arguments,
            call.id.isEmpty() ? QString::fromLatin1(ResponsesWire::newId("call_")) : call.id,
            call.name);
    const bool incomplete = !ResponsesWire::incompleteReason(m_finishReason).isEmpty();
    JsonWriter w;
    // The envelope and the echoed request settings take about 2 KB besides the answer's text.
    w.reserve(2048 + 2 * (answer.text.size() + answer.reasoning.size()));
    writeResponse(w, incomplete ? "incomplete" : "completed", nullptr);
    m_final = w.take();
    return m_final;
}

} // namespace sy
