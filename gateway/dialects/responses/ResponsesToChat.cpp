#include "gateway/dialects/responses/ResponsesToChat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy::ResponsesToChat {

namespace {

QString textOfParts(const QJsonValue& content)
{
    if (content.isString())
        return content.toString();
    QStringList texts;
    for (const QJsonValue& value : content.toArray()) {
        const QJsonObject part = value.toObject();
        const QString type = part.value(u"type"_s).toString();
        if (type == u"input_text" || type == u"output_text" || type == u"text" || type == u"summary_text")
            texts.append(part.value(u"text"_s).toString());
        else if (type == u"refusal")
            texts.append(part.value(u"refusal"_s).toString());
    }
    return texts.join(QString());
}

QJsonObject imagePart(const QJsonObject& part)
{
    // A file_id names an upload at OpenAI, which a local model cannot fetch; image_url is a URL
    // or a data: URL either way.
    QJsonObject image{{u"url"_s, part.value(u"image_url"_s).toString()}};
    const QString detail = part.value(u"detail"_s).toString();
    if (!detail.isEmpty() && detail != u"original")
        image.insert(u"detail"_s, detail);
    return QJsonObject{{u"type"_s, u"image_url"_s}, {u"image_url"_s, image}};
}

// A user (or system) message's content: a string when it is text only, else chat parts.
QJsonValue userContent(const QJsonValue& content)
{
    if (content.isString())
        return content;
    QJsonArray parts;
    bool onlyText = true;
    for (const QJsonValue& value : content.toArray()) {
        const QJsonObject part = value.toObject();
        const QString type = part.value(u"type"_s).toString();
        if (type == u"input_text" || type == u"output_text" || type == u"text") {
            parts.append(QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, part.value(u"text"_s).toString()}});
        } else if (type == u"input_image" && part.value(u"image_url"_s).isString()) {
            parts.append(imagePart(part));
            onlyText = false;
        } else if (type == u"input_file") {
            // Files are OpenAI uploads or PDFs: say what was left out rather than drop it silently.
            const QString name = part.value(u"filename"_s).toString(part.value(u"file_id"_s).toString());
            parts.append(QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"[file omitted: %1]"_s.arg(name)}});
        }
    }
    if (!onlyText)
        return parts;
    QStringList texts;
    for (const QJsonValue& part : std::as_const(parts))
        texts.append(part.toObject().value(u"text"_s).toString());
    return texts.join(u"\n\n"_s);
}

QString roleFor(const QString& role)
{
    // Local chat templates know system, user and assistant; OpenAI's developer role is a system one.
    return role == u"developer" ? u"system"_s : role;
}

/** Builds the chat messages, merging an assistant's text and its function calls into one message. */
class MessageBuilder
{
public:
    void message(const QJsonObject& item)
    {
        const QString role = roleFor(item.value(u"role"_s).toString(u"user"_s));
        if (role == u"assistant") {
            flushToolsIfAfterText();
            m_assistantText += textOfParts(item.value(u"content"_s));
            m_hasAssistant = true;
            return;
        }
        flush();
        m_messages.append(QJsonObject{{u"role"_s, role}, {u"content"_s, userContent(item.value(u"content"_s))}});
    }

    void functionCall(const QJsonObject& item)
    {
        m_calls.append(QJsonObject{{u"id"_s, item.value(u"call_id"_s).toString()},
                                   {u"type"_s, u"function"_s},
                                   {u"function"_s,
                                    QJsonObject{{u"name"_s, item.value(u"name"_s).toString()},
                                                {u"arguments"_s, item.value(u"arguments"_s).toString(u"{}"_s)}}}});
        m_hasAssistant = true;
    }

    void toolOutput(const QString& callId, const QJsonValue& output)
    {
        flush();
        const QString text = output.isString() ? output.toString() : textOfParts(output);
        m_messages.append(QJsonObject{{u"role"_s, u"tool"_s}, {u"tool_call_id"_s, callId}, {u"content"_s, text}});
    }

    QJsonArray take()
    {
        flush();
        return std::exchange(m_messages, {});
    }

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
        QJsonObject message{{u"role"_s, u"assistant"_s}};
        message.insert(u"content"_s,
                       m_assistantText.isEmpty() && !m_calls.isEmpty() ? QJsonValue() : QJsonValue(m_assistantText));
        if (!m_calls.isEmpty())
            message.insert(u"tool_calls"_s, m_calls);
        m_messages.append(message);
        m_assistantText.clear();
        m_calls = {};
        m_hasAssistant = false;
    }

    QJsonArray m_messages;
    QString m_assistantText;
    QJsonArray m_calls;
    bool m_hasAssistant = false;
};

void appendItems(const QJsonValue& input, MessageBuilder& builder)
{
    if (input.isString()) {
        builder.message(QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, input}});
        return;
    }
    for (const QJsonValue& value : input.toArray()) {
        const QJsonObject item = value.toObject();
        const QString type = item.value(u"type"_s).toString(u"message"_s);
        if (type == u"message")
            builder.message(item);
        else if (type == u"function_call")
            builder.functionCall(item);
        else if (type == u"custom_tool_call")
            builder.functionCall(
                QJsonObject{{u"call_id"_s, item.value(u"call_id"_s)},
                            {u"name"_s, item.value(u"name"_s)},
                            {u"arguments"_s,
                             QString::fromUtf8(QJsonDocument(QJsonObject{{u"input"_s, item.value(u"input"_s)}})
                                                   .toJson(QJsonDocument::Compact))}});
        else if (type == u"function_call_output" || type == u"custom_tool_call_output")
            builder.toolOutput(item.value(u"call_id"_s).toString(), item.value(u"output"_s));
        // reasoning (its encrypted content is only for the model that wrote it), item_reference
        // (resolved before translation), and built-in tools' calls: nothing a chat model reads.
    }
}

QJsonArray toolsOf(const QJsonArray& tools)
{
    QJsonArray out;
    for (const QJsonValue& value : tools) {
        const QJsonObject tool = value.toObject();
        const QString type = tool.value(u"type"_s).toString();
        QJsonObject function{{u"name"_s, tool.value(u"name"_s)}};
        if (tool.contains(u"description"_s))
            function.insert(u"description"_s, tool.value(u"description"_s));
        if (type == u"function") {
            function.insert(u"parameters"_s,
                            tool.value(u"parameters"_s).isObject() ? tool.value(u"parameters"_s)
                                                                   : QJsonObject{{u"type"_s, u"object"_s}});
            if (tool.value(u"strict"_s).isBool())
                function.insert(u"strict"_s, tool.value(u"strict"_s));
        } else if (type == u"custom") {
            // A freeform tool (Codex's apply_patch): its text travels as one string argument.
            function.insert(
                u"parameters"_s,
                QJsonObject{{u"type"_s, u"object"_s},
                            {u"properties"_s, QJsonObject{{u"input"_s, QJsonObject{{u"type"_s, u"string"_s}}}}},
                            {u"required"_s, QJsonArray{u"input"_s}}});
        } else {
            continue; // web_search, file_search, code_interpreter, …: run by OpenAI, not by a local model
        }
        out.append(QJsonObject{{u"type"_s, u"function"_s}, {u"function"_s, function}});
    }
    return out;
}

void applyToolChoice(const QJsonValue& choice, QJsonObject& chat)
{
    if (choice.isString()) {
        const QString mode = choice.toString();
        if (mode == u"auto" || mode == u"none" || mode == u"required")
            chat.insert(u"tool_choice"_s, mode);
        return;
    }
    const QJsonObject object = choice.toObject();
    const QString type = object.value(u"type"_s).toString();
    if (type == u"function" || type == u"custom")
        chat.insert(u"tool_choice"_s,
                    QJsonObject{{u"type"_s, u"function"_s},
                                {u"function"_s, QJsonObject{{u"name"_s, object.value(u"name"_s)}}}});
    else if (type == u"allowed_tools")
        chat.insert(u"tool_choice"_s, object.value(u"mode"_s).toString(u"auto"_s));
}

void applyTextFormat(const QJsonObject& text, QJsonObject& chat)
{
    const QJsonObject format = text.value(u"format"_s).toObject();
    const QString type = format.value(u"type"_s).toString();
    if (type == u"json_object") {
        chat.insert(u"response_format"_s, QJsonObject{{u"type"_s, u"json_object"_s}});
    } else if (type == u"json_schema") {
        QJsonObject schema{{u"name"_s, format.value(u"name"_s).toString(u"response"_s)},
                           {u"schema"_s, format.value(u"schema"_s)}};
        for (const auto key : {u"strict", u"description"}) {
            const QString name = QString::fromUtf16(key);
            if (format.contains(name))
                schema.insert(name, format.value(name));
        }
        chat.insert(u"response_format"_s, QJsonObject{{u"type"_s, u"json_schema"_s}, {u"json_schema"_s, schema}});
    }
}

void copyParameters(const QJsonObject& in, QJsonObject& chat)
{
    for (const auto key : {u"temperature", u"top_p", u"parallel_tool_calls", u"user", u"seed"}) {
        const QString name = QString::fromUtf16(key);
        if (in.contains(name) && !in.value(name).isNull())
            chat.insert(name, in.value(name));
    }
    if (in.value(u"max_output_tokens"_s).isDouble())
        chat.insert(u"max_tokens"_s, in.value(u"max_output_tokens"_s));
    const QString effort = in.value(u"reasoning"_s).toObject().value(u"effort"_s).toString();
    if (!effort.isEmpty())
        chat.insert(u"reasoning_effort"_s, effort);
    applyTextFormat(in.value(u"text"_s).toObject(), chat);
}

} // namespace

std::optional<QByteArray> translate(const QByteArray& responsesBody, ApiError* error)
{
    Q_UNUSED(error);
    const QJsonObject in = QJsonDocument::fromJson(responsesBody).object();
    MessageBuilder builder;
    const QJsonValue instructions = in.value(u"instructions"_s);
    if (instructions.isString() && !instructions.toString().isEmpty())
        builder.message(QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, instructions}});
    else if (instructions.isArray())
        appendItems(instructions, builder);
    appendItems(in.value(u"input"_s), builder);
    QJsonObject chat{{u"model"_s, in.value(u"model"_s)}, {u"messages"_s, builder.take()}};
    copyParameters(in, chat);
    const QJsonArray tools = toolsOf(in.value(u"tools"_s).toArray());
    if (!tools.isEmpty()) {
        chat.insert(u"tools"_s, tools);
        applyToolChoice(in.value(u"tool_choice"_s), chat);
    } else {
        chat.remove(u"parallel_tool_calls"_s); // some servers refuse it without tools
    }
    if (in.value(u"stream"_s).toBool()) {
        chat.insert(u"stream"_s, true);
        chat.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
    }
    return QJsonDocument(chat).toJson(QJsonDocument::Compact);
}

} // namespace sy::ResponsesToChat
