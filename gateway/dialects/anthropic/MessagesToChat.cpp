#include "gateway/dialects/anthropic/MessagesToChat.h"

#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonWriter.h"

#include <QStringList>

using namespace Qt::StringLiterals;

// Read with JsonBody and written with JsonWriter, no DOM (issue #14): Claude Code sends its
// whole conversation and tool list every turn, and what passes unchanged (schemas, sampling,
// string content) is copied as JSON text.
namespace sy::MessagesToChat {

namespace {

using Span = JsonBody::Span;
using Type = JsonBody::Type;

/** A member of a JsonBody, with its owner, so its text can be copied. */
struct Value
{
    const JsonBody* owner = nullptr;
    std::optional<Span> span;

    bool is(Type type) const { return span && span->type == type; }
    QByteArrayView raw() const { return owner->rawAt(*span); }
    QString string() const { return is(Type::String) ? owner->stringAt(*span) : QString(); }
    QList<Span> elements() const { return is(Type::Array) ? owner->elementsAt(*span) : QList<Span>(); }
    JsonBody object() const { return is(Type::Object) ? owner->objectAt(*span).value_or(JsonBody()) : JsonBody(); }
};

Value valueOf(const JsonBody& body, QByteArrayView key)
{
    return {&body, body.member(key)};
}

JsonBody objectOf(const Value& array, const Span& element)
{
    return array.owner->objectAt(element).value_or(JsonBody());
}

// Anthropic content: a string, or blocks of which only text counts here.
QString textOf(const Value& content)
{
    if (content.is(Type::String))
        return content.string();
    QStringList parts;
    for (const Span& element : content.elements()) {
        const JsonBody block = objectOf(content, element);
        if (valueOf(block, "type").string() == u"text")
            parts.append(valueOf(block, "text").string());
    }
    return parts.join(u"\n\n"_s);
}

QString imageUrl(const JsonBody& block)
{
    const JsonBody source = valueOf(block, "source").object();
    if (valueOf(source, "type").string() == u"base64")
        return u"data:%1;base64,%2"_s.arg(valueOf(source, "media_type").string(), valueOf(source, "data").string());
    return valueOf(source, "url").string();
}

void writeToolMessage(JsonWriter& w, const JsonBody& block)
{
    const Value content = valueOf(block, "content");
    QString text = textOf(content);
    for (const Span& element : content.elements()) {
        if (valueOf(objectOf(content, element), "type").string() == u"image")
            text += u"\n[image omitted: this model's API takes no images in tool results]"_s;
    }
    if (block.boolean("is_error") == true)
        text = u"Error: "_s + text;
    w.beginObject().key("role").raw("\"tool\"");
    w.key("tool_call_id").string(valueOf(block, "tool_use_id").string());
    w.key("content").string(text).endObject();
}

// A user turn: its tool results become tool messages first (they answer the assistant turn
// before), then the rest becomes one user message.
void writeUser(JsonWriter& w, const Value& content)
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
        const JsonBody block = objectOf(content, element);
        const QString type = valueOf(block, "type").string();
        if (type == u"tool_result") {
            writeToolMessage(w, block);
        } else if (type == u"text") {
            parts.append({valueOf(block, "text").string()});
        } else if (type == u"image") {
            parts.append({imageUrl(block), true});
            onlyText = false;
        } else if (type == u"document") {
            // PDFs and other documents: the text of a plain-text source is kept.
            const JsonBody source = valueOf(block, "source").object();
            if (valueOf(source, "type").string() == u"text")
                parts.append({valueOf(source, "data").string()});
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

void writeAssistant(JsonWriter& w, const Value& content)
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
        const JsonBody block = objectOf(content, element);
        const QString type = valueOf(block, "type").string();
        if (type == u"text") {
            texts.append(valueOf(block, "text").string());
        } else if (type == u"tool_use" || type == u"server_tool_use") {
            anyCall = true;
            const Value input = valueOf(block, "input");
            calls.beginObject().key("id").string(valueOf(block, "id").string()).key("type").raw("\"function\"");
            calls.key("function").beginObject().key("name").string(valueOf(block, "name").string());
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
QByteArray chatTools(const Value& tools)
{
    JsonWriter w;
    w.beginArray();
    bool any = false;
    for (const Span& element : tools.elements()) {
        const JsonBody tool = objectOf(tools, element);
        // Anthropic's server tools (web search, code execution, …) have a type and no schema:
        // a local model cannot run them.
        const Value schema = valueOf(tool, "input_schema");
        if (!schema.span)
            continue;
        any = true;
        w.beginObject().key("type").raw("\"function\"").key("function").beginObject();
        if (const Value name = valueOf(tool, "name"); name.span)
            w.key("name").raw(name.raw());
        w.key("parameters").raw(schema.raw());
        if (const Value description = valueOf(tool, "description"); description.span)
            w.key("description").raw(description.raw());
        w.endObject().endObject();
    }
    w.endArray();
    return any ? w.take() : QByteArray();
}

void writeToolChoice(JsonWriter& w, const JsonBody& choice)
{
    const QString type = valueOf(choice, "type").string();
    if (type == u"auto") {
        w.key("tool_choice").raw("\"auto\"");
    } else if (type == u"any") {
        w.key("tool_choice").raw("\"required\"");
    } else if (type == u"none") {
        w.key("tool_choice").raw("\"none\"");
    } else if (type == u"tool") {
        w.key("tool_choice").beginObject().key("type").raw("\"function\"").key("function").beginObject();
        if (const Value name = valueOf(choice, "name"); name.span)
            w.key("name").raw(name.raw());
        w.endObject().endObject();
    }
    if (choice.boolean("disable_parallel_tool_use") == true)
        w.key("parallel_tool_calls").boolean(false);
}

void writeSampling(JsonWriter& w, const JsonBody& in)
{
    for (const char* key : {"max_tokens", "temperature", "top_p", "top_k"}) {
        if (const Value value = valueOf(in, key); value.span)
            w.key(key).raw(value.raw());
    }
    if (const Value stops = valueOf(in, "stop_sequences"); !stops.elements().isEmpty())
        w.key("stop").raw(stops.raw());
    const QString user = valueOf(valueOf(in, "metadata").object(), "user_id").string();
    if (!user.isEmpty())
        w.key("user").string(user);
}

} // namespace

std::optional<QByteArray> translate(const QByteArray& messagesBody, ApiError* error)
{
    QString parseError;
    const std::optional<JsonBody> in = JsonBody::parse(messagesBody, &parseError);
    if (!in) {
        *error = ApiError::badRequest(u"The request body is not valid JSON: %1"_s.arg(parseError),
                                      "invalid_request_error");
        return std::nullopt;
    }
    JsonWriter w;
    w.reserve(messagesBody.size() + 256);
    w.beginObject();
    if (const Value model = valueOf(*in, "model"); model.span)
        w.key("model").raw(model.raw());
    w.key("messages").beginArray();
    if (const QString system = textOf(valueOf(*in, "system")); !system.isEmpty())
        w.beginObject().key("role").raw("\"system\"").key("content").string(system).endObject();
    const Value messages = valueOf(*in, "messages");
    for (const Span& element : messages.elements()) {
        const JsonBody message = objectOf(messages, element);
        const QString role = valueOf(message, "role").string();
        if (role == u"assistant") {
            writeAssistant(w, valueOf(message, "content"));
        } else if (role == u"user") {
            writeUser(w, valueOf(message, "content"));
        } else if (role == u"system") { // Claude Code 2.x sends some instructions this way
            w.beginObject().key("role").raw("\"system\"");
            w.key("content").string(textOf(valueOf(message, "content"))).endObject();
        } else {
            *error = ApiError::badRequest(
                u"messages: role must be \"user\", \"assistant\" or \"system\", not \"%1\"."_s.arg(role),
                "invalid_request_error");
            return std::nullopt;
        }
    }
    w.endArray();
    writeSampling(w, *in);
    if (const QByteArray tools = chatTools(valueOf(*in, "tools")); !tools.isEmpty()) {
        w.key("tools").raw(tools);
        writeToolChoice(w, valueOf(*in, "tool_choice").object());
    }
    if (in->boolean("stream") == true) {
        w.key("stream").boolean(true);
        w.key("stream_options").beginObject().key("include_usage").boolean(true).endObject();
    }
    w.endObject();
    return w.take();
}

} // namespace sy::MessagesToChat
