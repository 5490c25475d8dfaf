#include "gateway/dialects/anthropic/ChatToMessages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy::ChatToMessages {

namespace {

QJsonObject textBlock(const QString& text)
{
    return QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, text}};
}

QJsonObject imageBlock(const QString& url)
{
    // data:image/png;base64,AAAA → a base64 source; anything else is fetched by Anthropic.
    if (url.startsWith(u"data:")) {
        const qsizetype semicolon = url.indexOf(u';');
        const qsizetype comma = url.indexOf(u',');
        if (semicolon > 5 && comma > semicolon) {
            return QJsonObject{{u"type"_s, u"image"_s},
                               {u"source"_s,
                                QJsonObject{{u"type"_s, u"base64"_s},
                                            {u"media_type"_s, url.mid(5, semicolon - 5)},
                                            {u"data"_s, url.mid(comma + 1)}}}};
        }
    }
    return QJsonObject{{u"type"_s, u"image"_s}, {u"source"_s, QJsonObject{{u"type"_s, u"url"_s}, {u"url"_s, url}}}};
}

QJsonArray blocksOf(const QJsonValue& content)
{
    QJsonArray blocks;
    if (content.isString()) {
        if (!content.toString().isEmpty())
            blocks.append(textBlock(content.toString()));
        return blocks;
    }
    for (const QJsonValue& value : content.toArray()) {
        const QJsonObject part = value.toObject();
        const QString type = part.value(u"type"_s).toString();
        if (type == u"text")
            blocks.append(textBlock(part.value(u"text"_s).toString()));
        else if (type == u"image_url")
            blocks.append(imageBlock(part.value(u"image_url"_s).toObject().value(u"url"_s).toString()));
    }
    return blocks;
}

QString textOf(const QJsonValue& content)
{
    QStringList texts;
    for (const QJsonValue& block : blocksOf(content)) {
        if (block.toObject().value(u"type"_s).toString() == u"text")
            texts.append(block.toObject().value(u"text"_s).toString());
    }
    return texts.join(u"\n\n"_s);
}

QJsonArray assistantBlocks(const QJsonObject& message)
{
    QJsonArray blocks = blocksOf(message.value(u"content"_s));
    for (const QJsonValue& value : message.value(u"tool_calls"_s).toArray()) {
        const QJsonObject call = value.toObject();
        const QJsonObject function = call.value(u"function"_s).toObject();
        const QJsonDocument input = QJsonDocument::fromJson(function.value(u"arguments"_s).toString().toUtf8());
        blocks.append(QJsonObject{{u"type"_s, u"tool_use"_s},
                                  {u"id"_s, call.value(u"id"_s)},
                                  {u"name"_s, function.value(u"name"_s)},
                                  {u"input"_s, input.isObject() ? input.object() : QJsonObject()}});
    }
    return blocks;
}

// Anthropic wants user and assistant turns alternating: a turn of the same role as the last one
// joins it.
void appendTurn(QJsonArray& messages, const QString& role, const QJsonArray& blocks)
{
    if (blocks.isEmpty())
        return;
    if (!messages.isEmpty()) {
        QJsonObject last = messages.last().toObject();
        if (last.value(u"role"_s).toString() == role) {
            QJsonArray content = last.value(u"content"_s).toArray();
            for (const QJsonValue& block : blocks)
                content.append(block);
            last.insert(u"content"_s, content);
            messages.replace(messages.size() - 1, last);
            return;
        }
    }
    messages.append(QJsonObject{{u"role"_s, role}, {u"content"_s, blocks}});
}

QJsonArray toolsOf(const QJsonArray& tools)
{
    QJsonArray out;
    for (const QJsonValue& value : tools) {
        const QJsonObject function = value.toObject().value(u"function"_s).toObject();
        if (function.isEmpty())
            continue;
        QJsonObject tool{{u"name"_s, function.value(u"name"_s)}};
        if (function.contains(u"description"_s))
            tool.insert(u"description"_s, function.value(u"description"_s));
        const QJsonObject schema = function.value(u"parameters"_s).toObject();
        tool.insert(u"input_schema"_s,
                    schema.isEmpty() ? QJsonObject{{u"type"_s, u"object"_s}, {u"properties"_s, QJsonObject()}}
                                     : schema);
        out.append(tool);
    }
    return out;
}

QJsonObject toolChoiceOf(const QJsonValue& choice, bool parallel)
{
    QJsonObject out{{u"type"_s, u"auto"_s}};
    if (choice.toString() == u"required")
        out.insert(u"type"_s, u"any"_s);
    else if (choice.toString() == u"none")
        out.insert(u"type"_s, u"none"_s);
    else if (choice.isObject())
        out = QJsonObject{{u"type"_s, u"tool"_s},
                          {u"name"_s, choice.toObject().value(u"function"_s).toObject().value(u"name"_s)}};
    if (!parallel && out.value(u"type"_s).toString() != u"none")
        out.insert(u"disable_parallel_tool_use"_s, true);
    return out;
}

void copySampling(const QJsonObject& chat, QJsonObject& out)
{
    qint64 maxTokens = chat.value(u"max_tokens"_s).toInteger(0);
    if (maxTokens <= 0)
        maxTokens = chat.value(u"max_completion_tokens"_s).toInteger(0);
    out.insert(u"max_tokens"_s, maxTokens > 0 ? maxTokens : kDefaultMaxTokens);
    for (const auto key : {u"temperature", u"top_p", u"top_k"}) {
        const QString name = QString::fromUtf16(key);
        if (chat.contains(name) && !chat.value(name).isNull())
            out.insert(name, chat.value(name));
    }
    const QJsonValue stop = chat.value(u"stop"_s);
    if (stop.isString())
        out.insert(u"stop_sequences"_s, QJsonArray{stop});
    else if (stop.isArray() && !stop.toArray().isEmpty())
        out.insert(u"stop_sequences"_s, stop);
    if (chat.value(u"user"_s).isString())
        out.insert(u"metadata"_s, QJsonObject{{u"user_id"_s, chat.value(u"user"_s)}});
}

} // namespace

std::optional<QByteArray> translate(const QByteArray& chatBody, const QString& backendModel, ApiError* error)
{
    const QJsonObject chat = QJsonDocument::fromJson(chatBody).object();
    QStringList system;
    QJsonArray messages;
    for (const QJsonValue& value : chat.value(u"messages"_s).toArray()) {
        const QJsonObject message = value.toObject();
        const QString role = message.value(u"role"_s).toString();
        if (role == u"system" || role == u"developer") {
            system.append(textOf(message.value(u"content"_s)));
        } else if (role == u"user") {
            appendTurn(messages, u"user"_s, blocksOf(message.value(u"content"_s)));
        } else if (role == u"assistant") {
            appendTurn(messages, u"assistant"_s, assistantBlocks(message));
        } else if (role == u"tool") {
            appendTurn(messages,
                       u"user"_s,
                       {QJsonObject{{u"type"_s, u"tool_result"_s},
                                    {u"tool_use_id"_s, message.value(u"tool_call_id"_s)},
                                    {u"content"_s, textOf(message.value(u"content"_s))}}});
        }
    }
    if (messages.isEmpty()) {
        *error = ApiError::badRequest(
            u"messages: at least one user or assistant message is required."_s, "invalid_request_error", "messages");
        return std::nullopt;
    }
    QJsonObject out{{u"model"_s, backendModel}, {u"messages"_s, messages}};
    if (!system.isEmpty())
        out.insert(u"system"_s, system.join(u"\n\n"_s));
    copySampling(chat, out);
    const QJsonArray tools = toolsOf(chat.value(u"tools"_s).toArray());
    if (!tools.isEmpty()) {
        out.insert(u"tools"_s, tools);
        out.insert(u"tool_choice"_s,
                   toolChoiceOf(chat.value(u"tool_choice"_s), chat.value(u"parallel_tool_calls"_s).toBool(true)));
    }
    if (chat.value(u"stream"_s).toBool())
        out.insert(u"stream"_s, true);
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

} // namespace sy::ChatToMessages
