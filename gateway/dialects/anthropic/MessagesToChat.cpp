#include "gateway/dialects/anthropic/MessagesToChat.h"

#include "gateway/core/JsonWriter.h"
#include "gateway/dialects/JsonMember.h"

#include <QStringList>

using namespace Qt::StringLiterals;

// Read with JsonBody and written with JsonWriter, no DOM (issue #14): Claude Code sends its
// whole conversation and tool list every turn, and what passes unchanged (schemas, sampling,
// string content) is copied as JSON text.
namespace sy::MessagesToChat {

namespace {

using Span = JsonBody::Span;
using Type = JsonBody::Type;

// Anthropic content: a string, or blocks of which only text counts here.
QString textOf(const JsonMember& content)
{
    if (content.is(Type::String))
        return content.string();
    QStringList parts;
    for (const Span& element : content.elements()) {
        const JsonBody block = content.objectAt(element);
        if (memberOf(block, "type").string() == u"text")
            parts.append(memberOf(block, "text").string());
    }
    return parts.join(u"\n\n"_s);
}

QString imageUrl(const JsonBody& block)
{
    const JsonBody source = memberOf(block, "source").object();
    if (memberOf(source, "type").string() == u"base64")
        return u"data:%1;base64,%2"_s.arg(memberOf(source, "media_type").string(), memberOf(source, "data").string());
    return memberOf(source, "url").string();
}

void writeToolMessage(JsonWriter& w, const JsonBody& block)
{
    const JsonMember content = memberOf(block, "content");
    QString text = textOf(content);
    for (const Span& element : content.elements()) {
        if (memberOf(content.objectAt(element), "type").string() == u"image")
            text += u"\n[image omitted: this model's API takes no images in tool results]"_s;
    }
    if (block.boolean("is_error") == true)
        text = u"Error: "_s + text;
    w.beginObject().key("role").raw("\"tool\"");
    w.key("tool_call_id").string(memberOf(block, "tool_use_id").string());
    w.key("content").string(text).endObject();
}

// A user turn: its tool results become tool messages first (they answer the assistant turn
// before), then the rest becomes one user message.
void writeUser(JsonWriter& w, const JsonMember& content)
{
    if (content.is(Type::String)) {
        w.beginObject().key("role").raw("\"user\"").key("content").raw(content.raw()).endObject();
        return;
    }
    struct Part
    {
        QString text;
        bool image = false; ///< text is then the image's URL
    };
    QList<Part> parts;
    bool onlyText = true;
    for (const Span& element : content.elements()) {
        const JsonBody block = content.objectAt(element);
        const QString type = memberOf(block, "type").string();
        if (type == u"tool_result") {
            writeToolMessage(w, block);
        } else if (type == u"text") {
            parts.append({memberOf(block, "text").string()});
        } else if (type == u"image") {
            parts.append({imageUrl(block), true});
            onlyText = false;
        } else if (type == u"document") {
            // PDFs and other documents: the text of a plain-text source is kept.
            const JsonBody source = memberOf(block, "source").object();
            if (memberOf(source, "type").string() == u"text")
                parts.append({memberOf(source, "data").string()});
        }
    }
    if (parts.isEmpty())
        return;
    w.beginObject().key("role").raw("\"user\"").key("content");
    if (onlyText) {
        QStringList texts;
        for (const Part& part : std::as_const(parts))
            texts.append(part.text);
        w.string(texts.join(u"\n\n"_s)).endObject();
        return;
    }
    w.beginArray();
    for (const Part& part : std::as_const(parts)) {
        if (part.image) {
            w.beginObject().key("type").raw("\"image_url\"").key("image_url");
            w.beginObject().key("url").string(part.text).endObject().endObject();
        } else {
            w.beginObject().key("type").raw("\"text\"").key("text").string(part.text).endObject();
        }
    }
    w.endArray().endObject();
}

void writeAssistant(JsonWriter& w, const JsonMember& content)
{
    w.beginObject().key("role").raw("\"assistant\"");
    if (content.is(Type::String)) {
        w.key("content").raw(content.raw()).endObject();
        return;
    }
    QStringList texts;
    JsonWriter calls;
    calls.beginArray();
    bool anyCall = false;
    for (const Span& element : content.elements()) {
        const JsonBody block = content.objectAt(element);
        const QString type = memberOf(block, "type").string();
        if (type == u"text") {
            texts.append(memberOf(block, "text").string());
        } else if (type == u"tool_use" || type == u"server_tool_use") {
            anyCall = true;
            const JsonMember input = memberOf(block, "input");
            calls.beginObject().key("id").string(memberOf(block, "id").string()).key("type").raw("\"function\"");
            calls.key("function").beginObject().key("name").string(memberOf(block, "name").string());
            calls.key("arguments").stringUtf8(input.is(Type::Object) ? input.raw() : QByteArrayView("{}"));
            calls.endObject().endObject();
        }
        // thinking and redacted_thinking carry a signature only Anthropic can check: dropped.
    }
    calls.endArray();
    w.key("content");
    if (texts.isEmpty() && anyCall)
        w.null();
    else
        w.string(texts.join(QString()));
    if (anyCall)
        w.key("tool_calls").raw(calls.bytes());
    w.endObject();
}

/** The chat tools as JSON array text; empty when none has a schema. */
QByteArray chatTools(const JsonMember& tools)
{
    JsonWriter w;
    w.beginArray();
    bool any = false;
    for (const Span& element : tools.elements()) {
        const JsonBody tool = tools.objectAt(element);
        // Anthropic's server tools (web search, code execution, …) have a type and no schema:
        // a local model cannot run them.
        const JsonMember schema = memberOf(tool, "input_schema");
        if (!schema.span)
            continue;
        any = true;
        w.beginObject().key("type").raw("\"function\"").key("function").beginObject();
        if (const JsonMember name = memberOf(tool, "name"); name.span)
            w.key("name").raw(name.raw());
        w.key("parameters").raw(schema.raw());
        if (const JsonMember description = memberOf(tool, "description"); description.span)
            w.key("description").raw(description.raw());
        w.endObject().endObject();
    }
    w.endArray();
    return any ? w.take() : QByteArray();
}

void writeToolChoice(JsonWriter& w, const JsonBody& choice)
{
    const QString type = memberOf(choice, "type").string();
    if (type == u"auto") {
        w.key("tool_choice").raw("\"auto\"");
    } else if (type == u"any") {
        w.key("tool_choice").raw("\"required\"");
    } else if (type == u"none") {
        w.key("tool_choice").raw("\"none\"");
    } else if (type == u"tool") {
        w.key("tool_choice").beginObject().key("type").raw("\"function\"").key("function").beginObject();
        if (const JsonMember name = memberOf(choice, "name"); name.span)
            w.key("name").raw(name.raw());
        w.endObject().endObject();
    }
    if (choice.boolean("disable_parallel_tool_use") == true)
        w.key("parallel_tool_calls").boolean(false);
}

void writeSampling(JsonWriter& w, const JsonBody& in)
{
    for (const char* key : {"max_tokens", "temperature", "top_p", "top_k"}) {
        if (const JsonMember value = memberOf(in, key); value.span)
            w.key(key).raw(value.raw());
    }
    if (const JsonMember stops = memberOf(in, "stop_sequences"); !stops.elements().isEmpty())
        w.key("stop").raw(stops.raw());
    const QString user = memberOf(memberOf(in, "metadata").object(), "user_id").string();
    if (!user.isEmpty())
        w.key("user").string(user);
}

} // namespace

std::optional<QByteArray> translate(const QByteArray& messagesBody, ApiError* error)
{
    const std::optional<JsonBody> in = parseRequestBody(messagesBody, error, "invalid_request_error");
    return in ? translate(*in, error) : std::nullopt;
}

std::optional<QByteArray> translate(const JsonBody& in, ApiError* error)
{
    JsonWriter w;
    w.reserve(in.bytes().size() + 256);
    w.beginObject();
    if (const JsonMember model = memberOf(in, "model"); model.span)
        w.key("model").raw(model.raw());
    w.key("messages").beginArray();
    if (const QString system = textOf(memberOf(in, "system")); !system.isEmpty())
        w.beginObject().key("role").raw("\"system\"").key("content").string(system).endObject();
    const JsonMember messages = memberOf(in, "messages");
    for (const Span& element : messages.elements()) {
        const JsonBody message = messages.objectAt(element);
        const QString role = memberOf(message, "role").string();
        if (role == u"assistant") {
            writeAssistant(w, memberOf(message, "content"));
        } else if (role == u"user") {
            writeUser(w, memberOf(message, "content"));
        } else if (role == u"system") { // Claude Code 2.x sends some instructions this way
            w.beginObject().key("role").raw("\"system\"");
            w.key("content").string(textOf(memberOf(message, "content"))).endObject();
        } else {
            *error = ApiError::badRequest(
                u"messages: role must be \"user\", \"assistant\" or \"system\", not \"%1\"."_s.arg(role),
                "invalid_request_error");
            return std::nullopt;
        }
    }
    w.endArray();
    writeSampling(w, in);
    if (const QByteArray tools = chatTools(memberOf(in, "tools")); !tools.isEmpty()) {
        w.key("tools").raw(tools);
        writeToolChoice(w, memberOf(in, "tool_choice").object());
    }
    if (in.boolean("stream") == true) {
        w.key("stream").boolean(true);
        w.key("stream_options").beginObject().key("include_usage").boolean(true).endObject();
    }
    w.endObject();
    return w.take();
}

} // namespace sy::MessagesToChat
