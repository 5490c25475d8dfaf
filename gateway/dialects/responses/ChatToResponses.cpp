#include "gateway/dialects/responses/ChatToResponses.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy::ChatToResponses {

namespace {

QString textOf(const QJsonValue& content)
{
    if (content.isString())
        return content.toString();
    QStringList texts;
    for (const QJsonValue& part : content.toArray()) {
        if (part.toObject().value(u"type"_s).toString() == u"text")
            texts.append(part.toObject().value(u"text"_s).toString());
    }
    return texts.join(QString());
}

QJsonArray userParts(const QJsonValue& content)
{
    if (content.isString())
        return {QJsonObject{{u"type"_s, u"input_text"_s}, {u"text"_s, content.toString()}}};
    QJsonArray parts;
    for (const QJsonValue& value : content.toArray()) {
        const QJsonObject part = value.toObject();
        const QString type = part.value(u"type"_s).toString();
        if (type == u"text")
            parts.append(QJsonObject{{u"type"_s, u"input_text"_s}, {u"text"_s, part.value(u"text"_s)}});
        else if (type == u"image_url")
            parts.append(QJsonObject{
                {u"type"_s, u"input_image"_s},
                {u"image_url"_s, part.value(u"image_url"_s).toObject().value(u"url"_s)},
                {u"detail"_s, part.value(u"image_url"_s).toObject().value(u"detail"_s).toString(u"auto"_s)}});
    }
    return parts;
}

void appendAssistant(const QJsonObject& message, QJsonArray& input)
{
    const QString text = textOf(message.value(u"content"_s));
    if (!text.isEmpty())
        input.append(
            QJsonObject{{u"type"_s, u"message"_s},
                        {u"role"_s, u"assistant"_s},
                        {u"content"_s, QJsonArray{QJsonObject{{u"type"_s, u"output_text"_s}, {u"text"_s, text}}}}});
    for (const QJsonValue& value : message.value(u"tool_calls"_s).toArray()) {
        const QJsonObject call = value.toObject();
        const QJsonObject function = call.value(u"function"_s).toObject();
        input.append(QJsonObject{{u"type"_s, u"function_call"_s},
                                 {u"call_id"_s, call.value(u"id"_s)},
                                 {u"name"_s, function.value(u"name"_s)},
                                 {u"arguments"_s, function.value(u"arguments"_s).toString(u"{}"_s)}});
    }
}

QJsonArray toolsOf(const QJsonArray& tools)
{
    QJsonArray out;
    for (const QJsonValue& value : tools) {
        const QJsonObject function = value.toObject().value(u"function"_s).toObject();
        if (function.isEmpty())
            continue;
        QJsonObject tool{{u"type"_s, u"function"_s}, {u"name"_s, function.value(u"name"_s)}};
        for (const auto key : {u"description", u"parameters", u"strict"}) {
            const QString name = QString::fromUtf16(key);
            if (function.contains(name))
                tool.insert(name, function.value(name));
        }
        out.append(tool);
    }
    return out;
}

void copyParameters(const QJsonObject& chat, QJsonObject& out)
{
    for (const auto key : {u"temperature", u"top_p", u"parallel_tool_calls", u"user"}) {
        const QString name = QString::fromUtf16(key);
        if (chat.contains(name))
            out.insert(name, chat.value(name));
    }
    const QJsonValue max = chat.contains(u"max_completion_tokens"_s) ? chat.value(u"max_completion_tokens"_s)
                                                                     : chat.value(u"max_tokens"_s);
    if (max.isDouble())
        out.insert(u"max_output_tokens"_s, max);
    const QJsonValue choice = chat.value(u"tool_choice"_s);
    if (choice.isString())
        out.insert(u"tool_choice"_s, choice);
    else if (choice.isObject())
        out.insert(u"tool_choice"_s,
                   QJsonObject{{u"type"_s, u"function"_s},
                               {u"name"_s, choice.toObject().value(u"function"_s).toObject().value(u"name"_s)}});
    const QJsonObject format = chat.value(u"response_format"_s).toObject();
    if (format.value(u"type"_s).toString() == u"json_schema") {
        QJsonObject text = format.value(u"json_schema"_s).toObject();
        text.insert(u"type"_s, u"json_schema"_s);
        out.insert(u"text"_s, QJsonObject{{u"format"_s, text}});
    } else if (format.value(u"type"_s).toString() == u"json_object") {
        out.insert(u"text"_s, QJsonObject{{u"format"_s, QJsonObject{{u"type"_s, u"json_object"_s}}}});
    }
    if (chat.value(u"reasoning_effort"_s).isString())
        out.insert(u"reasoning"_s, QJsonObject{{u"effort"_s, chat.value(u"reasoning_effort"_s)}});
}

} // namespace

std::optional<QByteArray> translate(const QByteArray& chatBody, const QString& backendModel, ApiError* error)
{
    Q_UNUSED(error);
    const QJsonObject chat = QJsonDocument::fromJson(chatBody).object();
    QStringList instructions;
    QJsonArray input;
    for (const QJsonValue& value : chat.value(u"messages"_s).toArray()) {
        const QJsonObject message = value.toObject();
        const QString role = message.value(u"role"_s).toString();
        if (role == u"system" || role == u"developer")
            instructions.append(textOf(message.value(u"content"_s)));
        else if (role == u"assistant")
            appendAssistant(message, input);
        else if (role == u"tool")
            input.append(QJsonObject{{u"type"_s, u"function_call_output"_s},
                                     {u"call_id"_s, message.value(u"tool_call_id"_s)},
                                     {u"output"_s, textOf(message.value(u"content"_s))}});
        else
            input.append(QJsonObject{{u"type"_s, u"message"_s},
                                     {u"role"_s, u"user"_s},
                                     {u"content"_s, userParts(message.value(u"content"_s))}});
    }
    QJsonObject out{{u"model"_s, backendModel}, {u"input"_s, input}, {u"store"_s, false}};
    if (!instructions.isEmpty())
        out.insert(u"instructions"_s, instructions.join(u"\n\n"_s));
    copyParameters(chat, out);
    const QJsonArray tools = toolsOf(chat.value(u"tools"_s).toArray());
    if (!tools.isEmpty())
        out.insert(u"tools"_s, tools);
    if (chat.value(u"stream"_s).toBool())
        out.insert(u"stream"_s, true);
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

} // namespace sy::ChatToResponses
