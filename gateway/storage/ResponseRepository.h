#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace sy {

class Database;

/** One stored Responses API answer and the conversation it answered. */
struct StoredResponse
{
    QString id; ///< the response's id ("resp_…")
    QString keyToken; ///< who made it: a virtual key's token, or "" for the master key / an open gateway
    qint64 createdMs = 0;
    qint64 expiresMs = 0;
    QString model;
    QByteArray input; ///< JSON array: every item the request sent, earlier turns included
    QByteArray response; ///< JSON: the response object as the client received it
    QList<QPair<QString, QByteArray>> items; ///< output items by id, for item_reference
};

/**
 * The SQL behind stored Responses API conversations (previous_response_id, store,
 * GET/DELETE /v1/responses/{id}). Every read is scoped to the key that wrote the row and skips
 * rows past their expiry, so a key never sees another's conversations and expired ones are gone
 * even before purgeExpired() deletes them.
 */
namespace ResponseRepository {

/** Inserts @p stored and its items in one transaction. */
bool insert(Database& db, const StoredResponse& stored, QString* error);
/** The response @p id of @p keyToken, unless it expired by @p nowMs; nullopt with an empty
    @p error when there is none. */
std::optional<StoredResponse>
find(Database& db, const QString& id, const QString& keyToken, qint64 nowMs, QString* error);
/** Items by id (output items of @p keyToken's responses not expired by @p nowMs). */
std::optional<QHash<QString, QByteArray>>
findItems(Database& db, const QStringList& ids, const QString& keyToken, qint64 nowMs, QString* error);
/** Deletes the response @p id of @p keyToken; false in @p found when there was none. */
bool remove(Database& db, const QString& id, const QString& keyToken, bool* found, QString* error);
/** Deletes every row that expired by @p nowMs; returns how many responses, or -1 on error. */
qint64 purgeExpired(Database& db, qint64 nowMs, QString* error);

} // namespace ResponseRepository

} // namespace sy
