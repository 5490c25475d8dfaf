#include "gateway/dialects/anthropic/MessagesToChat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy::MessagesToChat {

namespace {

// Anthropic content: a string, or blocks of which only text counts here.
QString textOf(const QJsonValue& content)
{
    if (content.isString())
        return content.toString();
    QStringList parts;
    for (const QJsonValue& block : content.toArray()) {
        const QJsonObject b = block.toObject();
        if (b.value(u"type"_s).toString() == u"text")
            parts.append(b.value(u"text"_s).toString());
    }
    return parts.join(u"\n\n"_s);
}

QJsonObject imagePart(const QJsonObject& block)
{
    const QJsonObject source = block.value(u"source"_s).toObject();
    QString url = source.value(u"url"_s).toString();
    if (source.value(u"type"_s).toString() == u"base64") {
        url = u"data:%1;base64,%2"_s.arg(source.value(u"media_type"_s).toString(), source.value(u"data"_s).toString());
    }
    return QJsonObject{{u"type"_s, u"image_url"_s}, {u"image_url"_s, QJsonObject{{u"url"_s, url}}}};
}

QJsonObject toolMessage(const QJsonObject& block)
{
    QString text = textOf(block.value(u"content"_s));
    for (const QJsonValue& part : block.value(u"content"_s).toArray()) {
        if (part.toObject().value(u"type"_s).toString() == u"image")
            text += u"\n[image omitted: this model's API takes no images in tool results]"_s;
    }
    if (block.value(u"is_error"_s).toBool())
        text = u"Error: "_s + text;
    return QJsonObject{
        {u"role"_s, u"tool"_s}, {u"tool_call_id"_s, block.value(u"tool_use_id"_s).toString()}, {u"content"_s, text}};
}

// A user turn: its tool results become tool messages first (they answer the assistant turn
// before), then the rest becomes one user message.
void appendUser(const QJsonValue& content, QJsonArray& out)
{
    if (content.isString()) {
        out.append(QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, content.toString()}});
        return;
    }
    QJsonArray parts;
    bool onlyText = true;
    for (const QJsonValue& value : content.toArray()) {
        const QJsonObject block = value.toObject();
        const QString type = block.value(u"type"_s).toString();
        if (type == u"tool_result") {
            out.append(toolMessage(block));
        } else if (type == u"text") {
            parts.append(QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, block.value(u"text"_s).toString()}});
        } else if (type == u"image") {
            parts.append(imagePart(block));
            onlyText = false;
        } else if (type == u"document") {
            // PDFs and other documents: the text of a plain-text source is kept.
            const QJsonObject source = block.value(u"source"_s).toObject();
            if (source.value(u"type"_s).toString() == u"text")
                parts.append(QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, source.value(u"data"_s).toString()}});
        }
    }
    if (parts.isEmpty())
        return;
    if (onlyText) {
        QStringList texts;
        for (const QJsonValue& part : std::as_const(parts))
            texts.append(part.toObject().value(u"text"_s).toString());
        out.append(QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, texts.join(u"\n\n"_s)}});
        return;
    }
    out.append(QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, parts}});
}

void appendAssistant(const QJsonValue& content, QJsonArray& out)
{
    QJsonObject message{{u"role"_s, u"assistant"_s}};
    if (content.isString()) {
        message.insert(u"content"_s, content.toString());
        out.append(message);
        return;
    }
    QStringList texts;
    QJsonArray calls;
    for (const QJsonValue& value : content.toArray()) {
        const QJsonObject block = value.toObject();
        const QString type = block.value(u"type"_s).toString();
        if (type == u"text") {
            texts.append(block.value(u"text"_s).toString());
        } else if (type == u"tool_use" || type == u"server_tool_use") {
            const QByteArray arguments
                = QJsonDocument(block.value(u"input"_s).toObject()).toJson(QJsonDocument::Compact);
            calls.append(QJsonObject{{u"id"_s, block.value(u"id"_s).toString()},
                                     {u"type"_s, u"function"_s},
                                     {u"function"_s,
                                      QJsonObject{{u"name"_s, block.value(u"name"_s).toString()},
                                                  {u"arguments"_s, QString::fromUtf8(arguments)}}}});
        }
        // thinking and redacted_thinking carry a signature only Anthropic can check: dropped.
    }
    message.insert(u"content"_s,
                   texts.isEmpty() && !calls.isEmpty() ? QJsonValue() : QJsonValue(texts.join(QString())));
    if (!calls.isEmpty())
        message.insert(u"tool_calls"_s, calls);
    out.append(message);
}

QJsonArray toolsOf(const QJsonArray& tools)
{
    QJsonArray out;
    for (const QJsonValue& value : tools) {
        const QJsonObject tool = value.toObject();
        // Anthropic's server tools (web search, code execution, …) have a type and no schema:
        // a local model cannot run them.
        if (!tool.contains(u"input_schema"_s))
            continue;
        QJsonObject function{{u"name"_s, tool.value(u"name"_s)}, {u"parameters"_s, tool.value(u"input_schema"_s)}};
        if (tool.contains(u"description"_s))
            function.insert(u"description"_s, tool.value(u"description"_s));
        out.append(QJsonObject{{u"type"_s, u"function"_s}, {u"function"_s, function}});
    }
    return out;
}

void applyToolChoice(const QJsonObject& choice, QJsonObject& chat)
{
    const QString type = choice.value(u"type"_s).toString();
    if (type == u"auto")
        chat.insert(u"tool_choice"_s, u"auto"_s);
    else if (type == u"any")
        chat.insert(u"tool_choice"_s, u"required"_s);
    else if (type == u"none")
        chat.insert(u"tool_choice"_s, u"none"_s);
    else if (type == u"tool")
        chat.insert(u"tool_choice"_s,
                    QJsonObject{{u"type"_s, u"function"_s},
                                {u"function"_s, QJsonObject{{u"name"_s, choice.value(u"name"_s)}}}});
    if (choice.value(u"disable_parallel_tool_use"_s).toBool())
        chat.insert(u"parallel_tool_calls"_s, false);
}

void copySampling(const QJsonObject& in, QJsonObject& chat)
{
    for (const auto key : {u"max_tokens", u"temperature", u"top_p", u"top_k"}) {
        const QString name = QString::fromUtf16(key);
        if (in.contains(name))
            chat.insert(name, in.value(name));
    }
    const QJsonArray stops = in.value(u"stop_sequences"_s).toArray();
    if (!stops.isEmpty())
        chat.insert(u"stop"_s, stops);
    const QString user = in.value(u"metadata"_s).toObject().value(u"user_id"_s).toString();
    if (!user.isEmpty())
        chat.insert(u"user"_s, user);
}

} // namespace

std::optional<QByteArray> translate(const QByteArray& messagesBody, ApiError* error)
{
    const QJsonObject in = QJsonDocument::fromJson(messagesBody).object();
    QJsonArray messages;
    const QString system = textOf(in.value(u"system"_s));
    if (!system.isEmpty())
        messages.append(QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, system}});
    for (const QJsonValue& value : in.value(u"messages"_s).toArray()) {
        const QJsonObject message = value.toObject();
        const QString role = message.value(u"role"_s).toString();
        if (role == u"assistant")
            appendAssistant(message.value(u"content"_s), messages);
        else if (role == u"user")
            appendUser(message.value(u"content"_s), messages);
        else if (role == u"system") // Claude Code 2.x sends some instructions this way
            messages.append(QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, textOf(message.value(u"content"_s))}});
        else {
            *error = ApiError::badRequest(
                u"messages: role must be \"user\", \"assistant\" or \"system\", not \"%1\"."_s.arg(role),
                "invalid_request_error");
            return std::nullopt;
        }
    }
    QJsonObject chat{{u"model"_s, in.value(u"model"_s)}, {u"messages"_s, messages}};
    copySampling(in, chat);
    const QJsonArray tools = toolsOf(in.value(u"tools"_s).toArray());
    if (!tools.isEmpty()) {
        chat.insert(u"tools"_s, tools);
        applyToolChoice(in.value(u"tool_choice"_s).toObject(), chat);
    }
    if (in.value(u"stream"_s).toBool()) {
        chat.insert(u"stream"_s, true);
        chat.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
    }
    return QJsonDocument(chat).toJson(QJsonDocument::Compact);
}

} // namespace sy::MessagesToChat
