#include "tests/support/MockResponsesApi.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy::testing::MockResponsesApi {

namespace {

QJsonValue modelOf(const Answer& a)
{
    return QJsonDocument::fromJson("[" + a.modelJson + "]").array().at(0);
}

QString tokenText(int count)
{
    QString text;
    for (int i = 0; i < count; ++i)
        text += u"tok%1 "_s.arg(i);
    return text;
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray sse(const QString& type, QJsonObject data)
{
    data.insert(u"type"_s, type);
    return "event: " + type.toUtf8() + "\ndata: " + compact(data) + "\n\n";
}

QStringList argumentPieces(const Answer& a)
{
    if (!a.toolArguments.isEmpty()) {
        // Given arguments are streamed in pieces of 8 characters.
        QStringList pieces;
        for (qsizetype i = 0; i < a.toolArguments.size(); i += 8)
            pieces.append(a.toolArguments.mid(i, 8));
        return pieces;
    }
    QStringList pieces{u"{\"text\":\""_s};
    for (int i = 0; i < a.tokens; ++i)
        pieces.append(u"tok%1 "_s.arg(i));
    pieces.append(u"\"}"_s);
    return pieces;
}

QJsonObject responsesUsage(const Answer& a)
{
    return {{u"input_tokens"_s, a.promptTokens},
            {u"output_tokens"_s, a.tokens},
            {u"total_tokens"_s, a.promptTokens + a.tokens}};
}

QJsonObject chatUsage(const Answer& a)
{
    return {{u"prompt_tokens"_s, a.promptTokens},
            {u"completion_tokens"_s, a.tokens},
            {u"total_tokens"_s, a.promptTokens + a.tokens}};
}

// llama.cpp's output items: a message, or a function call without an item id.
QJsonObject outputItem(const Answer& a)
{
    if (!a.toolName.isEmpty())
        return {{u"type"_s, u"function_call"_s},
                {u"status"_s, u"completed"_s},
                {u"arguments"_s, argumentPieces(a).join(QString())},
                {u"call_id"_s, u"fc_mock%1"_s.arg(a.serial)},
                {u"name"_s, a.toolName}};
    const QJsonObject part{{u"type"_s, u"output_text"_s},
                           {u"annotations"_s, QJsonArray()},
                           {u"logprobs"_s, QJsonArray()},
                           {u"text"_s, tokenText(a.tokens)}};
    return {{u"type"_s, u"message"_s},
            {u"status"_s, u"completed"_s},
            {u"id"_s, u"msg_mock%1"_s.arg(a.serial)},
            {u"content"_s, QJsonArray{part}},
            {u"role"_s, u"assistant"_s}};
}

} // namespace

QString toolToCall(const QByteArray& body)
{
    if (!body.contains("\"tools\""))
        return {};
    const QJsonObject request = QJsonDocument::fromJson(body).object();
    const QJsonArray tools = request.value(u"tools"_s).toArray();
    if (tools.isEmpty())
        return {};
    const QJsonArray turns = request.contains(u"messages"_s) ? request.value(u"messages"_s).toArray()
                                                             : request.value(u"input"_s).toArray();
    const QJsonObject last = turns.isEmpty() ? QJsonObject() : turns.last().toObject();
    if (last.value(u"role"_s).toString() == u"tool" || last.value(u"type"_s).toString() == u"function_call_output")
        return {};
    const QJsonObject tool = tools.first().toObject();
    return tool.contains(u"function"_s) ? tool.value(u"function"_s).toObject().value(u"name"_s).toString()
                                        : tool.value(u"name"_s).toString();
}

QByteArray responsesWhole(const Answer& a)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject response{{u"completed_at"_s, now},
                         {u"created_at"_s, now},
                         {u"id"_s, u"resp_mock%1"_s.arg(a.serial)},
                         {u"model"_s, modelOf(a)},
                         {u"object"_s, u"response"_s},
                         {u"output"_s, QJsonArray{outputItem(a)}},
                         {u"status"_s, u"completed"_s}};
    if (!a.noUsage)
        response.insert(u"usage"_s, responsesUsage(a));
    return compact(response);
}

QList<QByteArray> responsesStream(const Answer& a)
{
    const QJsonObject head{
        {u"id"_s, u"resp_mock%1"_s.arg(a.serial)}, {u"object"_s, u"response"_s}, {u"status"_s, u"in_progress"_s}};
    QList<QByteArray> events{sse(u"response.created"_s, {{u"response"_s, head}}),
                             sse(u"response.in_progress"_s, {{u"response"_s, head}})};
    const QJsonObject item = outputItem(a);
    if (a.toolName.isEmpty()) {
        const QString id = item.value(u"id"_s).toString();
        QJsonObject added = item;
        added.insert(u"content"_s, QJsonArray());
        added.insert(u"status"_s, u"in_progress"_s);
        events.append(sse(u"response.output_item.added"_s, {{u"item"_s, added}}));
        events.append(
            sse(u"response.content_part.added"_s,
                {{u"item_id"_s, id}, {u"part"_s, QJsonObject{{u"type"_s, u"output_text"_s}, {u"text"_s, u""_s}}}}));
        for (int i = 0; i < a.tokens; ++i)
            events.append(sse(u"response.output_text.delta"_s, {{u"item_id"_s, id}, {u"delta"_s, u"tok%1 "_s.arg(i)}}));
        events.append(sse(u"response.output_text.done"_s, {{u"item_id"_s, id}, {u"text"_s, tokenText(a.tokens)}}));
        events.append(sse(u"response.content_part.done"_s,
                          {{u"item_id"_s, id}, {u"part"_s, item.value(u"content"_s).toArray().first()}}));
    } else {
        QJsonObject added = item;
        added.insert(u"arguments"_s, u""_s);
        added.insert(u"status"_s, u"in_progress"_s);
        events.append(sse(u"response.output_item.added"_s, {{u"item"_s, added}}));
        for (const QString& piece : argumentPieces(a))
            events.append(sse(u"response.function_call_arguments.delta"_s,
                              {{u"item_id"_s, item.value(u"call_id"_s)}, {u"delta"_s, piece}}));
    }
    events.append(sse(u"response.output_item.done"_s, {{u"item"_s, item}}));
    events.append(sse(u"response.completed"_s, {{u"response"_s, QJsonDocument::fromJson(responsesWhole(a)).object()}}));
    return events;
}

QByteArray chatToolCall(const Answer& a)
{
    const QJsonObject call{
        {u"id"_s, u"call_mock%1"_s.arg(a.serial)},
        {u"type"_s, u"function"_s},
        {u"function"_s, QJsonObject{{u"name"_s, a.toolName}, {u"arguments"_s, argumentPieces(a).join(QString())}}}};
    const QJsonObject message{
        {u"role"_s, u"assistant"_s}, {u"content"_s, QJsonValue()}, {u"tool_calls"_s, QJsonArray{call}}};
    QJsonObject completion{
        {u"id"_s, u"chatcmpl-mock-tool%1"_s.arg(a.serial)},
        {u"object"_s, u"chat.completion"_s},
        {u"created"_s, QDateTime::currentSecsSinceEpoch()},
        {u"model"_s, modelOf(a)},
        {u"choices"_s,
         QJsonArray{QJsonObject{{u"index"_s, 0}, {u"message"_s, message}, {u"finish_reason"_s, u"tool_calls"_s}}}}};
    if (!a.noUsage)
        completion.insert(u"usage"_s, chatUsage(a));
    return compact(completion);
}

QList<QByteArray> chatToolCallStream(const Answer& a, bool includeUsage)
{
    const auto chunk = [&a](const QJsonObject& delta, const QJsonValue& finish) -> QByteArray {
        const QJsonObject c{
            {u"id"_s, u"chatcmpl-mock-tool%1"_s.arg(a.serial)},
            {u"object"_s, u"chat.completion.chunk"_s},
            {u"model"_s, modelOf(a)},
            {u"choices"_s,
             QJsonArray{QJsonObject{{u"index"_s, 0}, {u"delta"_s, delta}, {u"finish_reason"_s, finish}}}}};
        return "data: " + compact(c) + "\n\n";
    };
    const QJsonObject head{{u"index"_s, 0},
                           {u"id"_s, u"call_mock%1"_s.arg(a.serial)},
                           {u"type"_s, u"function"_s},
                           {u"function"_s, QJsonObject{{u"name"_s, a.toolName}, {u"arguments"_s, u""_s}}}};
    QList<QByteArray> events{chunk({{u"role"_s, u"assistant"_s}, {u"tool_calls"_s, QJsonArray{head}}}, QJsonValue())};
    for (const QString& piece : argumentPieces(a)) {
        const QJsonObject call{{u"index"_s, 0}, {u"function"_s, QJsonObject{{u"arguments"_s, piece}}}};
        events.append(chunk({{u"tool_calls"_s, QJsonArray{call}}}, QJsonValue()));
    }
    events.append(chunk({}, u"tool_calls"_s));
    if (includeUsage && !a.noUsage) {
        const QJsonObject usage{{u"id"_s, u"chatcmpl-mock-tool%1"_s.arg(a.serial)},
                                {u"object"_s, u"chat.completion.chunk"_s},
                                {u"model"_s, modelOf(a)},
                                {u"choices"_s, QJsonArray()},
                                {u"usage"_s, chatUsage(a)}};
        events.append("data: " + compact(usage) + "\n\n");
    }
    events.append("data: [DONE]\n\n");
    return events;
}

} // namespace sy::testing::MockResponsesApi
