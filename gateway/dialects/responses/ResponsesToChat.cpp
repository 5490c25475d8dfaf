#include "gateway/dialects/responses/ResponsesToChat.h"

#include "gateway/core/JsonWriter.h"
#include "gateway/dialects/JsonMember.h"

#include <QStringList>

using namespace Qt::StringLiterals;

// Read with JsonBody and written with JsonWriter, no DOM (issue #14): Codex sends its whole
// conversation and tool list every turn, and what passes unchanged is copied as JSON text.
namespace sy::ResponsesToChat {

namespace {

using Span = JsonBody::Span;
using Type = JsonBody::Type;

QString textOfParts(const JsonMember& content)
{
    if (content.is(Type::String))
        return content.string();
    QStringList texts;
    for (const Span& element : content.elements()) {
        const JsonBody part = content.objectAt(element);
        const QString type = memberOf(part, "type").string();
        if (type == u"input_text" || type == u"output_text" || type == u"text" || type == u"summary_text")
            texts.append(memberOf(part, "text").string());
        else if (type == u"refusal")
            texts.append(memberOf(part, "refusal").string());
    }
    return texts.join(QString());
}

void writeImagePart(JsonWriter& w, const JsonBody& part)
{
    // A file_id names an upload at OpenAI, which a local model cannot fetch; image_url is a URL
    // or a data: URL either way.
    w.beginObject().key("type").raw("\"image_url\"").key("image_url").beginObject();
    w.key("url").raw(memberOf(part, "image_url").raw());
    const QString detail = memberOf(part, "detail").string();
    if (!detail.isEmpty() && detail != u"original")
        w.key("detail").string(detail);
    w.endObject().endObject();
}

// A user (or system) message's content: a string when it is text only, else chat parts.
void writeUserContent(JsonWriter& w, const JsonMember& content)
{
    if (content.is(Type::String)) {
        w.raw(content.raw());
        return;
    }
    struct Part
    {
        QString text;
        qsizetype image = -1; ///< in images
    };
    QList<JsonBody> images;
    QList<Part> parts;
    for (const Span& element : content.elements()) {
        const JsonBody part = content.objectAt(element);
        const QString type = memberOf(part, "type").string();
        if (type == u"input_text" || type == u"output_text" || type == u"text") {
            parts.append({memberOf(part, "text").string()});
        } else if (type == u"input_image" && memberOf(part, "image_url").is(Type::String)) {
            parts.append({QString(), images.size()});
            images.append(part);
        } else if (type == u"input_file") {
            // Files are OpenAI uploads or PDFs: say what was left out rather than drop it silently.
            const QString name = memberOf(part, "filename").string(memberOf(part, "file_id").string());
            parts.append({u"[file omitted: %1]"_s.arg(name)});
        }
    }
    if (images.isEmpty()) {
        QStringList texts;
        for (const Part& part : std::as_const(parts))
            texts.append(part.text);
        w.string(texts.join(u"\n\n"_s));
        return;
    }
    w.beginArray();
    for (const Part& part : std::as_const(parts)) {
        if (part.image >= 0)
            writeImagePart(w, images.at(part.image));
        else
            w.beginObject().key("type").raw("\"text\"").key("text").string(part.text).endObject();
    }
    w.endArray();
}

QString roleFor(const QString& role)
{
    // Local chat templates know system, user and assistant; OpenAI's developer role is a system one.
    return role == u"developer" ? u"system"_s : role;
}

/** Writes the chat messages, merging an assistant's text and its function calls into one message. */
class MessageBuilder
{
public:
    explicit MessageBuilder(JsonWriter& w)
        : m_w(w)
    { }

    void message(const QString& role, const JsonMember& content)
    {
        if (role == u"assistant") {
            flushToolsIfAfterText();
            m_assistantText += textOfParts(content);
            m_hasAssistant = true;
            return;
        }
        flush();
        m_w.beginObject().key("role").string(role).key("content");
        writeUserContent(m_w, content);
        m_w.endObject();
    }

    void functionCall(const QString& callId, const QString& name, QByteArrayView argumentsUtf8)
    {
        JsonWriter call;
        call.beginObject().key("id").string(callId).key("type").raw("\"function\"").key("function");
        call.beginObject().key("name").string(name).key("arguments").stringUtf8(argumentsUtf8).endObject();
        call.endObject();
        m_calls.append(call.take());
        m_hasAssistant = true;
    }

    void toolOutput(const QString& callId, const JsonMember& output)
    {
        flush();
        m_w.beginObject().key("role").raw("\"tool\"").key("tool_call_id").string(callId).key("content");
        if (output.is(Type::String))
            m_w.raw(output.raw());
        else
            m_w.string(textOfParts(output));
        m_w.endObject();
    }

    void finish() { flush(); }

private:
    void flushToolsIfAfterText()
    {
        if (!m_calls.isEmpty())
            flush(); // a new assistant message after calls starts a turn of its own
    }

    void flush()
    {
        if (!m_hasAssistant)
            return;
        m_w.beginObject().key("role").raw("\"assistant\"").key("content");
        if (m_assistantText.isEmpty() && !m_calls.isEmpty())
            m_w.null();
        else
            m_w.string(m_assistantText);
        if (!m_calls.isEmpty()) {
            m_w.key("tool_calls").beginArray();
            for (const QByteArray& call : std::as_const(m_calls))
                m_w.raw(call);
            m_w.endArray();
        }
        m_w.endObject();
        m_assistantText.clear();
        m_calls.clear();
        m_hasAssistant = false;
    }

    JsonWriter& m_w;
    QString m_assistantText;
    QList<QByteArray> m_calls; ///< JSON text of each
    bool m_hasAssistant = false;
};

void appendItem(const JsonBody& item, MessageBuilder& builder)
{
    const QString type = memberOf(item, "type").string(u"message"_s);
    if (type == u"message") {
        builder.message(roleFor(memberOf(item, "role").string(u"user"_s)), memberOf(item, "content"));
    } else if (type == u"function_call") {
        const JsonMember arguments = memberOf(item, "arguments");
        builder.functionCall(memberOf(item, "call_id").string(),
                             memberOf(item, "name").string(),
                             arguments.is(Type::String) ? arguments.string().toUtf8() : QByteArray("{}"));
    } else if (type == u"custom_tool_call") {
        JsonWriter arguments; // the freeform text as the one argument of its function tool
        arguments.beginObject();
        if (const JsonMember input = memberOf(item, "input"); input.span)
            arguments.key("input").raw(input.raw());
        arguments.endObject();
        builder.functionCall(memberOf(item, "call_id").string(), memberOf(item, "name").string(), arguments.bytes());
    } else if (type == u"function_call_output" || type == u"custom_tool_call_output") {
        builder.toolOutput(memberOf(item, "call_id").string(), memberOf(item, "output"));
    }
    // reasoning (its encrypted content is only for the model that wrote it), item_reference
    // (resolved before translation), and built-in tools' calls: nothing a chat model reads.
}

void appendItems(const JsonMember& input, MessageBuilder& builder)
{
    if (input.is(Type::String)) {
        builder.message(u"user"_s, input);
        return;
    }
    for (const Span& element : input.elements())
        appendItem(input.objectAt(element), builder);
}

/** The chat tools, as JSON array text; empty when none is a function a local model can run. */
QByteArray chatTools(const JsonMember& tools)
{
    JsonWriter w;
    w.beginArray();
    bool any = false;
    for (const Span& element : tools.elements()) {
        const JsonBody tool = tools.objectAt(element);
        const QString type = memberOf(tool, "type").string();
        if (type != u"function" && type != u"custom")
            continue; // web_search, file_search, code_interpreter, …: run by OpenAI, not by a local model
        any = true;
        w.beginObject().key("type").raw("\"function\"").key("function").beginObject();
        if (const JsonMember name = memberOf(tool, "name"); name.span)
            w.key("name").raw(name.raw());
        if (const JsonMember description = memberOf(tool, "description"); description.span)
            w.key("description").raw(description.raw());
        if (type == u"function") {
            const JsonMember parameters = memberOf(tool, "parameters");
            w.key("parameters").raw(parameters.is(Type::Object) ? parameters.raw() : "{\"type\":\"object\"}");
            if (const JsonMember strict = memberOf(tool, "strict"); strict.is(Type::Bool))
                w.key("strict").raw(strict.raw());
        } else {
            // A freeform tool (Codex's apply_patch): its text travels as one string argument.
            w.key("parameters")
                .raw("{\"type\":\"object\",\"properties\":{\"input\":{\"type\":\"string\"}},\"required\":[\"input\"]}");
        }
        w.endObject().endObject();
    }
    w.endArray();
    return any ? w.take() : QByteArray();
}

void writeToolChoice(JsonWriter& w, const JsonMember& choice)
{
    if (choice.is(Type::String)) {
        const QString mode = choice.string();
        if (mode == u"auto" || mode == u"none" || mode == u"required")
            w.key("tool_choice").string(mode);
        return;
    }
    if (!choice.is(Type::Object))
        return;
    const JsonBody object = choice.object();
    const QString type = memberOf(object, "type").string();
    if (type == u"function" || type == u"custom") {
        w.key("tool_choice").beginObject().key("type").raw("\"function\"").key("function").beginObject();
        if (const JsonMember name = memberOf(object, "name"); name.span)
            w.key("name").raw(name.raw());
        w.endObject().endObject();
    } else if (type == u"allowed_tools") {
        w.key("tool_choice").string(memberOf(object, "mode").string(u"auto"_s));
    }
}

void writeTextFormat(JsonWriter& w, const JsonBody& in)
{
    const JsonBody text = in.object("text").value_or(JsonBody());
    const JsonBody format = text.object("format").value_or(JsonBody());
    const QString type = memberOf(format, "type").string();
    if (type == u"json_object") {
        w.key("response_format").beginObject().key("type").raw("\"json_object\"").endObject();
    } else if (type == u"json_schema") {
        w.key("response_format").beginObject().key("type").raw("\"json_schema\"").key("json_schema").beginObject();
        w.key("name").string(memberOf(format, "name").string(u"response"_s));
        for (const char* key : {"schema", "strict", "description"}) {
            if (const JsonMember value = memberOf(format, key); value.span)
                w.key(key).raw(value.raw());
        }
        w.endObject().endObject();
    }
}

/** Sampling and output parameters; parallel_tool_calls only with tools (some servers refuse it
    without). */
void writeParameters(JsonWriter& w, const JsonBody& in, bool withTools)
{
    for (const char* key : {"temperature", "top_p", "parallel_tool_calls", "user", "seed"}) {
        if (!withTools && QByteArrayView(key) == "parallel_tool_calls")
            continue;
        if (const JsonMember value = memberOf(in, key); value.span && !value.is(Type::Null))
            w.key(key).raw(value.raw());
    }
    if (const JsonMember max = memberOf(in, "max_output_tokens"); max.is(Type::Number))
        w.key("max_tokens").raw(max.raw());
    const JsonBody reasoning = in.object("reasoning").value_or(JsonBody());
    if (const QString effort = memberOf(reasoning, "effort").string(); !effort.isEmpty())
        w.key("reasoning_effort").string(effort);
    writeTextFormat(w, in);
}

} // namespace

std::optional<QByteArray> translate(const QByteArray& responsesBody, ApiError* error)
{
    const std::optional<JsonBody> in = parseRequestBody(responsesBody, error);
    return in ? std::optional<QByteArray>(translate(*in)) : std::nullopt;
}

QByteArray translate(const JsonBody& in)
{
    JsonWriter w;
    w.reserve(in.bytes().size() + 256);
    w.beginObject();
    if (const JsonMember model = memberOf(in, "model"); model.span)
        w.key("model").raw(model.raw());
    w.key("messages").beginArray();
    MessageBuilder builder(w);
    const JsonMember instructions = memberOf(in, "instructions");
    if (instructions.is(Type::String) && instructions.raw().size() > 2)
        builder.message(u"system"_s, instructions);
    else if (instructions.is(Type::Array))
        appendItems(instructions, builder);
    appendItems(memberOf(in, "input"), builder);
    builder.finish();
    w.endArray();
    const QByteArray tools = chatTools(memberOf(in, "tools"));
    writeParameters(w, in, !tools.isEmpty());
    if (!tools.isEmpty()) {
        w.key("tools").raw(tools);
        writeToolChoice(w, memberOf(in, "tool_choice"));
    }
    if (in.boolean("stream") == true) {
        w.key("stream").boolean(true);
        w.key("stream_options").beginObject().key("include_usage").boolean(true).endObject();
    }
    w.endObject();
    return w.take();
}

} // namespace sy::ResponsesToChat
