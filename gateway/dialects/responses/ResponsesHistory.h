#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/core/JsonBody.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace sy {

/**
 * Stored conversations of the Responses API, as JSON: what a request needs from the store
 * (previous_response_id, item_reference items), the request rewritten to carry the whole
 * conversation (so every deployment, native or translated, sees it), and what is kept of an
 * answer. Once per request, so it uses QJsonDocument.
 */
namespace ResponsesHistory {

struct Needs
{
    QString previousId; ///< previous_response_id
    QStringList itemRefs; ///< ids of item_reference items in input
    bool store = true; ///< `store`, true unless the request says false
};

Needs needsOf(const QByteArray& requestBody);
/** The same for a request the pipeline has already parsed. */
Needs needsOf(const JsonBody& request);

/** The conversation a stored response ends: the input it answered, then its output. */
QJsonArray continuation(const QByteArray& storedInput, const QByteArray& storedResponse);

/**
 * The request's own input as items (a string becomes a user message), item_reference items
 * replaced by @p items; nullopt with a 404 in @p error when one is unknown.
 */
std::optional<QJsonArray>
ownInput(const QByteArray& requestBody, const QHash<QString, QByteArray>& items, ApiError* error);

/** @p requestBody without previous_response_id, its input @p conversation. */
QByteArray withConversation(const QByteArray& requestBody, const QJsonArray& conversation);

/** The output items of a response object that have an id, as JSON text by id. */
QList<QPair<QString, QByteArray>> outputItems(const QByteArray& response);

/**
 * A page of input items for GET /v1/responses/{id}/input_items: OpenAI's list object
 * ({"object":"list","data","first_id","last_id","has_more"}), @p order "asc" or "desc" (newest
 * first, the default), after the item @p after, at most @p limit. Items without an id get one
 * derived from the response's, stable across calls.
 */
QByteArray inputItemsPage(
    const QString& responseId, const QByteArray& input, const QString& order, const QString& after, int limit);

} // namespace ResponsesHistory

} // namespace sy
