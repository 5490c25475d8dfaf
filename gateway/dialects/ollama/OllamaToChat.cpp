#include "gateway/dialects/ollama/OllamaToChat.h"

#include "gateway/core/JsonWriter.h"
#include "gateway/dialects/JsonMember.h"

using namespace Qt::StringLiterals;

// Read with JsonBody and written with JsonWriter, no DOM (issue #14): the client's strings and
// values that pass unchanged (content, options, tools, schemas) are copied as raw JSON text.
namespace sy::OllamaToChat {

namespace {

using Span = JsonBody::Span;

// A tool call the assistant made, waiting for its result.
struct PendingCall
{
    QString id;
    QString name;
};

/** The string member @p key as JSON text, "" when absent or not a string. */
QByteArrayView rawString(const JsonBody& body, QByteArrayView key)
{
    const JsonMember member = memberOf(body, key);
    return member.is(JsonBody::Type::String) ? member.raw() : QByteArrayView("\"\"");
}

bool nonEmptyArray(const JsonBody& body, const std::optional<Span>& span)
{
    if (!span || span->type != JsonBody::Type::Array)
        return false;
    const QByteArrayView text = body.rawAt(*span).sliced(1).trimmed();
    return !text.startsWith(']');
}

/** @p holder's @p textKey, with its `images` as image_url parts when it has any. */
void writeUserContent(JsonWriter& w, const JsonBody& holder, QByteArrayView textKey)
{
    const QByteArrayView text = rawString(holder, textKey);
    const QList<Span> imageSpans = memberOf(holder, "images").elements();
    if (imageSpans.isEmpty()) {
        w.raw(text);
        return;
    }
    w.beginArray();
    if (text.size() > 2) // more than the quotes
        w.beginObject().key("type").raw("\"text\"").key("text").raw(text).endObject();
    for (const Span& image : imageSpans) {
        w.beginObject().key("type").raw("\"image_url\"").key("image_url");
        w.beginObject().key("url").string(imageDataUrl(holder.stringAt(image))).endObject();
        w.endObject();
    }
    w.endArray();
}

void writeArguments(JsonWriter& w, const JsonBody& function)
{
    const std::optional<Span> arguments = function.member("arguments");
    if (arguments && arguments->type == JsonBody::Type::String)
        w.raw(function.rawAt(*arguments)); // some clients send OpenAI's JSON text
    else if (arguments && arguments->type == JsonBody::Type::Object)
        w.stringUtf8(function.rawAt(*arguments));
    else
        w.raw("\"{}\"");
}

void writeAssistant(JsonWriter& w, const JsonBody& message, int position, QList<PendingCall>& pending)
{
    const QByteArrayView text = rawString(message, "content");
    const JsonMember callList = memberOf(message, "tool_calls");
    const QList<Span> calls = callList.elements();
    w.beginObject().key("role").raw("\"assistant\"").key("content");
    if (text.size() <= 2 && !calls.isEmpty())
        w.null();
    else
        w.raw(text);
    if (calls.isEmpty()) {
        w.endObject();
        return;
    }
    pending.clear();
    w.key("tool_calls").beginArray();
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const JsonBody call = callList.objectAt(calls[i]);
        const JsonBody function = call.object("function").value_or(JsonBody());
        QString id = memberOf(call, "id").string();
        if (id.isEmpty())
            id = u"call_sy%1_%2"_s.arg(position).arg(i); // Ollama's calls often have none; OpenAI's need one
        const QString name = memberOf(function, "name").string();
        pending.append({id, name});
        w.beginObject().key("id").string(id).key("type").raw("\"function\"").key("function");
        w.beginObject().key("name").string(name).key("arguments");
        writeArguments(w, function);
        w.endObject().endObject();
    }
    w.endArray().endObject();
}

// Ollama's tool results name their call by tool_call_id (recent clients), by tool_name, or by
// nothing: then they answer the calls in order.
QString callIdFor(const JsonBody& message, QList<PendingCall>& pending, int position)
{
    const QString given = memberOf(message, "tool_call_id").string();
    const QString name = memberOf(message, "tool_name").string();
    qsizetype match = -1;
    for (qsizetype i = 0; i < pending.size() && match < 0; ++i) {
        if (given.isEmpty() ? (name.isEmpty() || pending[i].name == name) : pending[i].id == given)
            match = i;
    }
    if (match < 0)
        return given.isEmpty() ? u"call_sy%1"_s.arg(position) : given;
    return pending.takeAt(match).id;
}

bool writeMessages(JsonWriter& w, const JsonBody& in, ApiError* error)
{
    w.key("messages").beginArray();
    QList<PendingCall> pending;
    const QList<Span> messages = in.elements("messages");
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const JsonBody message = in.objectAt(messages[i]).value_or(JsonBody());
        const QString role = memberOf(message, "role").string();
        if (role == u"assistant") {
            writeAssistant(w, message, int(i), pending);
        } else if (role == u"tool") {
            w.beginObject().key("role").raw("\"tool\"");
            w.key("tool_call_id").string(callIdFor(message, pending, int(i)));
            w.key("content").raw(rawString(message, "content")).endObject();
        } else if (role == u"user" || role == u"system") {
            w.beginObject().key("role").string(role).key("content");
            writeUserContent(w, message, "content");
            w.endObject();
        } else {
            *error = ApiError::badRequest(
                u"messages[%1].role must be system, user, assistant or tool, not \"%2\"."_s.arg(i).arg(role));
            return false;
        }
    }
    w.endArray();
    return true;
}

void writeOptions(JsonWriter& w, const JsonBody& options)
{
    // top_k, min_p and repeat_penalty are not OpenAI's, but llama.cpp, vLLM and LM Studio read them.
    for (const char* key : {"temperature",
                            "top_p",
                            "top_k",
                            "min_p",
                            "seed",
                            "frequency_penalty",
                            "presence_penalty",
                            "repeat_penalty"}) {
        if (const std::optional<Span> value = options.member(key))
            w.key(key).raw(options.rawAt(*value));
    }
    if (const std::optional<Span> stop = options.member("stop");
        stop && (stop->type == JsonBody::Type::Array || stop->type == JsonBody::Type::String))
        w.key("stop").raw(options.rawAt(*stop));
    // num_predict: -1 is "no limit" and -2 "fill the context", which OpenAI says by leaving it out.
    const double predict = options.number("num_predict").value_or(-1);
    if (predict > 0)
        w.key("max_tokens").number(qint64(predict));
}

void writeFormatAndThink(JsonWriter& w, const JsonBody& in)
{
    if (const std::optional<Span> format = in.member("format")) {
        if (format->type == JsonBody::Type::String && in.stringAt(*format) == u"json") {
            w.key("response_format").beginObject().key("type").raw("\"json_object\"").endObject();
        } else if (format->type == JsonBody::Type::Object) {
            w.key("response_format").beginObject().key("type").raw("\"json_schema\"").key("json_schema");
            w.beginObject().key("name").raw("\"response\"").key("schema").raw(in.rawAt(*format)).endObject();
            w.endObject();
        }
    }
    if (const std::optional<Span> think = in.member("think")) {
        if (think->type == JsonBody::Type::String)
            w.key("reasoning_effort").raw(in.rawAt(*think)); // "low", "medium", "high"
        else if (in.boolean("think") == false)
            w.key("chat_template_kwargs").beginObject().key("enable_thinking").boolean(false).endObject();
    }
}

void writeModel(JsonWriter& w, const JsonBody& in)
{
    if (const std::optional<Span> model = in.member("model"))
        w.key("model").raw(in.rawAt(*model));
}

/** Everything after the messages: options, format, think, tools and the stream flags. */
void writeShellTail(JsonWriter& w, const JsonBody& in, bool streamed)
{
    if (const std::optional<JsonBody> options = in.object("options"))
        writeOptions(w, *options);
    writeFormatAndThink(w, in);
    if (const std::optional<Span> tools = in.member("tools"); nonEmptyArray(in, tools))
        w.key("tools").raw(in.rawAt(*tools)); // Ollama's tools are OpenAI's function tools
    w.key("stream").boolean(streamed);
    if (streamed)
        w.key("stream_options").beginObject().key("include_usage").boolean(true).endObject();
}

bool writeGenerateAsChat(JsonWriter& w, const JsonBody& in, bool streamed, ApiError* error)
{
    if (!memberOf(in, "suffix").string().isEmpty()) {
        *error = ApiError::badRequest(u"suffix (fill-in-the-middle) needs a backend that speaks Ollama's API; this "
                                      u"model's backend takes OpenAI chat completions."_s,
                                      "unsupported_by_backend",
                                      "suffix");
        return false;
    }
    writeModel(w, in);
    w.key("messages").beginArray();
    if (const QByteArrayView system = rawString(in, "system"); system.size() > 2)
        w.beginObject().key("role").raw("\"system\"").key("content").raw(system).endObject();
    // `raw` prompts are already templated; a chat API templates again, so the prompt goes as it is.
    w.beginObject().key("role").raw("\"user\"").key("content");
    writeUserContent(w, in, "prompt");
    w.endObject().endArray();
    writeShellTail(w, in, streamed);
    return true;
}

void writeEmbeddings(JsonWriter& w, Endpoint endpoint, const JsonBody& in)
{
    writeModel(w, in);
    if (const std::optional<Span> input = in.member(endpoint == Endpoint::OllamaEmbeddings ? "prompt" : "input"))
        w.key("input").raw(in.rawAt(*input));
    if (const std::optional<Span> dimensions = in.member("dimensions"))
        w.key("dimensions").raw(in.rawAt(*dimensions));
}

} // namespace

QString imageDataUrl(const QString& base64)
{
    if (base64.startsWith(u"data:"))
        return base64; // already a data URL
    // The first bytes of the common formats, base64-encoded.
    QString type = u"image/png"_s;
    if (base64.startsWith(u"/9j/"))
        type = u"image/jpeg"_s;
    else if (base64.startsWith(u"R0lGOD"))
        type = u"image/gif"_s;
    else if (base64.startsWith(u"UklGR"))
        type = u"image/webp"_s;
    return u"data:%1;base64,%2"_s.arg(type, base64);
}

std::optional<QByteArray> translate(Endpoint endpoint, const QByteArray& ollamaBody, bool streamed, ApiError* error)
{
    const std::optional<JsonBody> in = parseRequestBody(ollamaBody, error);
    return in ? translate(endpoint, *in, streamed, error) : std::nullopt;
}

std::optional<QByteArray> translate(Endpoint endpoint, const JsonBody& in, bool streamed, ApiError* error)
{
    JsonWriter w;
    w.reserve(in.bytes().size() + 256);
    w.beginObject();
    bool ok = true;
    switch (endpoint) {
    case Endpoint::OllamaChat:
        writeModel(w, in);
        ok = writeMessages(w, in, error);
        if (ok)
            writeShellTail(w, in, streamed);
        break;
    case Endpoint::OllamaGenerate:
        ok = writeGenerateAsChat(w, in, streamed, error);
        break;
    case Endpoint::OllamaEmbed:
    case Endpoint::OllamaEmbeddings:
        writeEmbeddings(w, endpoint, in);
        break;
    default:
        *error = ApiError::badRequest(u"This endpoint has no OpenAI equivalent."_s, "unsupported_by_backend");
        ok = false;
        break;
    }
    if (!ok)
        return std::nullopt;
    w.endObject();
    return w.take();
}

} // namespace sy::OllamaToChat
