#include "gateway/dialects/responses/ResponsesHistory.h"

#include "gateway/core/JsonBody.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy::ResponsesHistory {

namespace {

QJsonObject objectOf(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object();
}

QJsonArray itemsOf(const QJsonValue& input)
{
    if (input.isString()) {
        const QJsonObject text{{u"type"_s, u"input_text"_s}, {u"text"_s, input.toString()}};
        return {QJsonObject{{u"type"_s, u"message"_s}, {u"role"_s, u"user"_s}, {u"content"_s, QJsonArray{text}}}};
    }
    return input.toArray();
}

} // namespace

// Every Responses request: read with JsonBody, no DOM (issue #14).
Needs needsOf(const QByteArray& requestBody)
{
    const std::optional<JsonBody> request = JsonBody::parse(requestBody, nullptr);
    return request ? needsOf(*request) : Needs();
}

Needs needsOf(const JsonBody& request)
{
    Needs needs;
    needs.previousId = request.string("previous_response_id").value_or(QString());
    needs.store = request.boolean("store").value_or(true);
    for (const JsonBody::Span& element : request.elements("input")) {
        const std::optional<JsonBody> item = request.objectAt(element);
        if (item && item->string("type") == u"item_reference")
            needs.itemRefs.append(item->string("id").value_or(QString()));
    }
    return needs;
}

QJsonArray continuation(const QByteArray& storedInput, const QByteArray& storedResponse)
{
    QJsonArray conversation = QJsonDocument::fromJson(storedInput).array();
    for (const QJsonValue& item : objectOf(storedResponse).value(u"output"_s).toArray())
        conversation.append(item);
    return conversation;
}

std::optional<QJsonArray>
ownInput(const QByteArray& requestBody, const QHash<QString, QByteArray>& items, ApiError* error)
{
    QJsonArray out;
    for (const QJsonValue& value : itemsOf(objectOf(requestBody).value(u"input"_s))) {
        const QJsonObject item = value.toObject();
        if (item.value(u"type"_s).toString() != u"item_reference") {
            out.append(value);
            continue;
        }
        const QString id = item.value(u"id"_s).toString();
        const auto found = items.constFind(id);
        if (found == items.constEnd()) {
            *error = ApiError::notFound(u"Item with id '%1' not found."_s.arg(id), "item_not_found");
            error->param = "input";
            return std::nullopt;
        }
        out.append(objectOf(*found));
    }
    return out;
}

QByteArray withConversation(const QByteArray& requestBody, const QJsonArray& conversation)
{
    QJsonObject request = objectOf(requestBody);
    request.remove(u"previous_response_id"_s);
    request.insert(u"input"_s, conversation);
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

QList<QPair<QString, QByteArray>> outputItems(const QByteArray& response)
{
    QList<QPair<QString, QByteArray>> out;
    for (const QJsonValue& value : objectOf(response).value(u"output"_s).toArray()) {
        const QJsonObject item = value.toObject();
        const QString id = item.value(u"id"_s).toString();
        if (!id.isEmpty())
            out.append({id, QJsonDocument(item).toJson(QJsonDocument::Compact)});
    }
    return out;
}

QByteArray inputItemsPage(
    const QString& responseId, const QByteArray& input, const QString& order, const QString& after, int limit)
{
    QJsonArray items = QJsonDocument::fromJson(input).array();
    const QString suffix = responseId.section(u'_', 1);
    for (qsizetype i = 0; i < items.size(); ++i) {
        QJsonObject item = items[i].toObject();
        if (item.value(u"id"_s).toString().isEmpty()) {
            item.insert(u"id"_s, u"item_%1_%2"_s.arg(suffix).arg(i));
            items[i] = item;
        }
    }
    if (order != u"asc") {
        QJsonArray reversed;
        for (qsizetype i = items.size() - 1; i >= 0; --i)
            reversed.append(items[i]);
        items = reversed;
    }
    qsizetype start = 0;
    if (!after.isEmpty()) {
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (items[i].toObject().value(u"id"_s).toString() == after)
                start = i + 1;
        }
    }
    QJsonArray page;
    for (qsizetype i = start; i < items.size() && page.size() < limit; ++i)
        page.append(items[i]);
    const auto idAt = [&page](qsizetype i) {
        return page.isEmpty() ? QJsonValue() : QJsonValue(page[i].toObject().value(u"id"_s));
    };
    const QJsonObject list{{u"object"_s, u"list"_s},
                           {u"data"_s, page},
                           {u"first_id"_s, idAt(0)},
                           {u"last_id"_s, idAt(page.size() - 1)},
                           {u"has_more"_s, start + page.size() < items.size()}};
    return QJsonDocument(list).toJson(QJsonDocument::Compact);
}

} // namespace sy::ResponsesHistory
