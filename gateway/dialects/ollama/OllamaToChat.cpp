#include "gateway/dialects/ollama/OllamaToChat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy::OllamaToChat {

namespace {

// A tool call the assistant made, waiting for its result.
struct PendingCall
{
    QString id;
    QString name;
};

QJsonValue userContent(const QJsonObject& message)
{
    const QString text = message.value(u"content"_s).toString();
    const QJsonArray images = message.value(u"images"_s).toArray();
    if (images.isEmpty())
        return text;
    QJsonArray parts;
    if (!text.isEmpty())
        parts.append(QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, text}});
    for (const QJsonValue& image : images) {
        parts.append(QJsonObject{{u"type"_s, u"image_url"_s},
                                 {u"image_url"_s, QJsonObject{{u"url"_s, imageDataUrl(image.toString())}}}});
    }
    return parts;
}

QString argumentsText(const QJsonValue& arguments)
{
    if (arguments.isString())
        return arguments.toString(); // some clients send OpenAI's JSON text
    return QString::fromUtf8(QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact));
}

QJsonObject assistantMessage(const QJsonObject& message, int position, QList<PendingCall>& pending)
{
    const QString text = message.value(u"content"_s).toString();
    const QJsonArray calls = message.value(u"tool_calls"_s).toArray();
    QJsonObject out{{u"role"_s, u"assistant"_s}};
    out.insert(u"content"_s, text.isEmpty() && !calls.isEmpty() ? QJsonValue() : QJsonValue(text));
    if (calls.isEmpty())
        return out;
    pending.clear();
    QJsonArray chatCalls;
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QJsonObject call = calls[i].toObject();
        const QJsonObject function = call.value(u"function"_s).toObject();
        QString id = call.value(u"id"_s).toString();
        if (id.isEmpty())
            id = u"call_sy%1_%2"_s.arg(position).arg(i); // Ollama's calls often have none; OpenAI's need one
        const QString name = function.value(u"name"_s).toString();
        pending.append({id, name});
        chatCalls.append(QJsonObject{
            {u"id"_s, id},
            {u"type"_s, u"function"_s},
            {u"function"_s,
             QJsonObject{{u"name"_s, name}, {u"arguments"_s, argumentsText(function.value(u"arguments"_s))}}}});
    }
    out.insert(u"tool_calls"_s, chatCalls);
    return out;
}

// Ollama's tool results name their call by tool_call_id (recent clients), by tool_name, or by
// nothing: then they answer the calls in order.
QString callIdFor(const QJsonObject& message, QList<PendingCall>& pending, int position)
{
    const QString given = message.value(u"tool_call_id"_s).toString();
    const QString name = message.value(u"tool_name"_s).toString();
    qsizetype match = -1;
    for (qsizetype i = 0; i < pending.size() && match < 0; ++i) {
        if (given.isEmpty() ? (name.isEmpty() || pending[i].name == name) : pending[i].id == given)
            match = i;
    }
    if (match < 0)
        return given.isEmpty() ? u"call_sy%1"_s.arg(position) : given;
    return pending.takeAt(match).id;
}

std::optional<QJsonArray> chatMessages(const QJsonArray& messages, ApiError* error)
{
    QJsonArray out;
    QList<PendingCall> pending;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QJsonObject message = messages[i].toObject();
        const QString role = message.value(u"role"_s).toString();
        if (role == u"assistant") {
            out.append(assistantMessage(message, int(i), pending));
        } else if (role == u"tool") {
            out.append(QJsonObject{{u"role"_s, u"tool"_s},
                                   {u"tool_call_id"_s, callIdFor(message, pending, int(i))},
                                   {u"content"_s, message.value(u"content"_s).toString()}});
        } else if (role == u"user" || role == u"system") {
            out.append(QJsonObject{{u"role"_s, role}, {u"content"_s, userContent(message)}});
        } else {
            *error = ApiError::badRequest(
                u"messages[%1].role must be system, user, assistant or tool, not \"%2\"."_s.arg(i).arg(role));
            return std::nullopt;
        }
    }
    return out;
}

void applyOptions(const QJsonObject& options, QJsonObject& chat)
{
    // top_k, min_p and repeat_penalty are not OpenAI's, but llama.cpp, vLLM and LM Studio read them.
    for (const auto key : {u"temperature",
                           u"top_p",
                           u"top_k",
                           u"min_p",
                           u"seed",
                           u"frequency_penalty",
                           u"presence_penalty",
                           u"repeat_penalty"}) {
        const QString name = QString::fromUtf16(key);
        if (options.contains(name))
            chat.insert(name, options.value(name));
    }
    const QJsonValue stop = options.value(u"stop"_s);
    if (stop.isArray() || stop.isString())
        chat.insert(u"stop"_s, stop);
    // num_predict: -1 is "no limit" and -2 "fill the context", which OpenAI says by leaving it out.
    const double predict = options.value(u"num_predict"_s).toDouble(-1);
    if (predict > 0)
        chat.insert(u"max_tokens"_s, qint64(predict));
}

void applyFormatAndThink(const QJsonObject& in, QJsonObject& chat)
{
    const QJsonValue format = in.value(u"format"_s);
    if (format.isString() && format.toString() == u"json") {
        chat.insert(u"response_format"_s, QJsonObject{{u"type"_s, u"json_object"_s}});
    } else if (format.isObject()) {
        const QJsonObject schema{{u"name"_s, u"response"_s}, {u"schema"_s, format.toObject()}};
        chat.insert(u"response_format"_s, QJsonObject{{u"type"_s, u"json_schema"_s}, {u"json_schema"_s, schema}});
    }
    const QJsonValue think = in.value(u"think"_s);
    if (think.isString())
        chat.insert(u"reasoning_effort"_s, think.toString()); // "low", "medium", "high"
    else if (think.isBool() && !think.toBool())
        chat.insert(u"chat_template_kwargs"_s, QJsonObject{{u"enable_thinking"_s, false}});
}

QJsonObject chatShell(const QJsonObject& in, const QJsonArray& messages, bool streamed)
{
    QJsonObject chat{{u"model"_s, in.value(u"model"_s)}, {u"messages"_s, messages}};
    applyOptions(in.value(u"options"_s).toObject(), chat);
    applyFormatAndThink(in, chat);
    const QJsonArray tools = in.value(u"tools"_s).toArray();
    if (!tools.isEmpty())
        chat.insert(u"tools"_s, tools); // Ollama's tools are OpenAI's function tools
    chat.insert(u"stream"_s, streamed);
    if (streamed)
        chat.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
    return chat;
}

std::optional<QJsonObject> generateAsChat(const QJsonObject& in, bool streamed, ApiError* error)
{
    if (!in.value(u"suffix"_s).toString().isEmpty()) {
        *error = ApiError::badRequest(u"suffix (fill-in-the-middle) needs a backend that speaks Ollama's API; this "
                                      u"model's backend takes OpenAI chat completions."_s,
                                      "unsupported_by_backend",
                                      "suffix");
        return std::nullopt;
    }
    QJsonArray messages;
    const QString system = in.value(u"system"_s).toString();
    if (!system.isEmpty())
        messages.append(QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, system}});
    // `raw` prompts are already templated; a chat API templates again, so the prompt goes as it is.
    QJsonObject user{{u"content"_s, in.value(u"prompt"_s).toString()}, {u"images"_s, in.value(u"images"_s)}};
    messages.append(QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, userContent(user)}});
    return chatShell(in, messages, streamed);
}

QJsonObject embeddingsOf(Endpoint endpoint, const QJsonObject& in)
{
    QJsonObject out{{u"model"_s, in.value(u"model"_s)}};
    out.insert(u"input"_s, endpoint == Endpoint::OllamaEmbeddings ? in.value(u"prompt"_s) : in.value(u"input"_s));
    if (in.contains(u"dimensions"_s))
        out.insert(u"dimensions"_s, in.value(u"dimensions"_s));
    return out;
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
    const QJsonObject in = QJsonDocument::fromJson(ollamaBody).object();
    std::optional<QJsonObject> out;
    switch (endpoint) {
    case Endpoint::OllamaChat:
        if (const std::optional<QJsonArray> messages = chatMessages(in.value(u"messages"_s).toArray(), error))
            out = chatShell(in, *messages, streamed);
        break;
    case Endpoint::OllamaGenerate:
        out = generateAsChat(in, streamed, error);
        break;
    case Endpoint::OllamaEmbed:
    case Endpoint::OllamaEmbeddings:
        out = embeddingsOf(endpoint, in);
        break;
    default:
        *error = ApiError::badRequest(u"This endpoint has no OpenAI equivalent."_s, "unsupported_by_backend");
        break;
    }
    if (!out)
        return std::nullopt;
    return QJsonDocument(*out).toJson(QJsonDocument::Compact);
}

} // namespace sy::OllamaToChat
