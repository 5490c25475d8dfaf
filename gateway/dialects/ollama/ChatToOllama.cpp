#include "gateway/dialects/ollama/ChatToOllama.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy::ChatToOllama {

namespace {

// Text parts joined; data-URL images as the bare base64 Ollama takes. An image by http URL
// cannot be sent: Ollama fetches nothing.
void readContent(const QJsonValue& content, QJsonObject& message)
{
    if (!content.isArray()) {
        message.insert(u"content"_s, content.toString());
        return;
    }
    QStringList texts;
    QJsonArray images;
    for (const QJsonValue& value : content.toArray()) {
        const QJsonObject part = value.toObject();
        const QString type = part.value(u"type"_s).toString();
        if (type == u"text") {
            texts.append(part.value(u"text"_s).toString());
        } else if (type == u"image_url") {
            const QString url = part.value(u"image_url"_s).toObject().value(u"url"_s).toString();
            const qsizetype comma = url.indexOf(u',');
            if (url.startsWith(u"data:") && comma > 0)
                images.append(url.mid(comma + 1));
            else
                texts.append(u"[image omitted: this backend takes only inline images]"_s);
        }
    }
    message.insert(u"content"_s, texts.join(u"\n"_s));
    if (!images.isEmpty())
        message.insert(u"images"_s, images);
}

QJsonArray toolCallsOf(const QJsonArray& calls, QHash<QString, QString>& names)
{
    QJsonArray out;
    for (const QJsonValue& value : calls) {
        const QJsonObject call = value.toObject();
        const QJsonObject function = call.value(u"function"_s).toObject();
        const QString name = function.value(u"name"_s).toString();
        names.insert(call.value(u"id"_s).toString(), name);
        const QJsonObject arguments
            = QJsonDocument::fromJson(function.value(u"arguments"_s).toString().toUtf8()).object();
        out.append(QJsonObject{{u"id"_s, call.value(u"id"_s)},
                               {u"function"_s, QJsonObject{{u"name"_s, name}, {u"arguments"_s, arguments}}}});
    }
    return out;
}

QJsonArray messagesOf(const QJsonArray& messages)
{
    QJsonArray out;
    QHash<QString, QString> toolNames; // call id → function name, for the results
    for (const QJsonValue& value : messages) {
        const QJsonObject in = value.toObject();
        QString role = in.value(u"role"_s).toString();
        if (role == u"developer")
            role = u"system"_s;
        QJsonObject message{{u"role"_s, role}};
        readContent(in.value(u"content"_s), message);
        if (in.value(u"tool_calls"_s).isArray())
            message.insert(u"tool_calls"_s, toolCallsOf(in.value(u"tool_calls"_s).toArray(), toolNames));
        if (role == u"tool") {
            const QString id = in.value(u"tool_call_id"_s).toString();
            message.insert(u"tool_call_id"_s, id);
            message.insert(u"tool_name"_s, toolNames.value(id));
        }
        out.append(message);
    }
    return out;
}

QJsonObject optionsOf(const QJsonObject& chat)
{
    QJsonObject options;
    for (const auto key : {u"temperature",
                           u"top_p",
                           u"top_k",
                           u"min_p",
                           u"seed",
                           u"frequency_penalty",
                           u"presence_penalty",
                           u"repeat_penalty"}) {
        const QString name = QString::fromUtf16(key);
        if (chat.contains(name) && !chat.value(name).isNull())
            options.insert(name, chat.value(name));
    }
    const QJsonValue stop = chat.value(u"stop"_s);
    if (stop.isString())
        options.insert(u"stop"_s, QJsonArray{stop}); // Ollama takes a list only
    else if (stop.isArray())
        options.insert(u"stop"_s, stop);
    const QJsonValue limit = chat.contains(u"max_completion_tokens"_s) ? chat.value(u"max_completion_tokens"_s)
                                                                       : chat.value(u"max_tokens"_s);
    if (limit.isDouble())
        options.insert(u"num_predict"_s, limit);
    return options;
}

void applyFormat(const QJsonObject& chat, QJsonObject& out)
{
    const QJsonObject format = chat.value(u"response_format"_s).toObject();
    const QString type = format.value(u"type"_s).toString();
    if (type == u"json_object")
        out.insert(u"format"_s, u"json"_s);
    else if (type == u"json_schema")
        out.insert(u"format"_s, format.value(u"json_schema"_s).toObject().value(u"schema"_s));
}

} // namespace

std::optional<QByteArray> translate(const QByteArray& chatBody, const QString& backendModel, ApiError*)
{
    const QJsonObject chat = QJsonDocument::fromJson(chatBody).object();
    QJsonObject out{{u"model"_s, backendModel},
                    {u"messages"_s, messagesOf(chat.value(u"messages"_s).toArray())},
                    {u"stream"_s, chat.value(u"stream"_s).toBool()}};
    const QJsonObject options = optionsOf(chat);
    if (!options.isEmpty())
        out.insert(u"options"_s, options);
    if (chat.value(u"tools"_s).isArray())
        out.insert(u"tools"_s, chat.value(u"tools"_s));
    applyFormat(chat, out);
    if (chat.value(u"reasoning_effort"_s).isString())
        out.insert(u"think"_s, chat.value(u"reasoning_effort"_s));
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

} // namespace sy::ChatToOllama
