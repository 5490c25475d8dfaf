#include "gateway/storage/ResponseRepository.h"

#include "gateway/storage/Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace sy::ResponseRepository {

namespace {

bool run(QSqlQuery& q, const QString& sql, const QVariantList& values, QString* error)
{
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        *error = q.lastError().text();
        return false;
    }
    for (const QVariant& v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

// The master key and an open gateway own rows as "": a null QString would bind as SQL NULL.
QString ownerOf(const QString& keyToken)
{
    return keyToken.isNull() ? u""_s : keyToken;
}

bool insertRows(Database& db, const StoredResponse& s, QString* error)
{
    QSqlQuery q(db.sql());
    if (!run(q,
             u"INSERT INTO stored_responses (id, api_key, created_at, expires_at, model, input, response) "
             u"VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
             {s.id,
              ownerOf(s.keyToken),
              s.createdMs,
              s.expiresMs,
              s.model,
              QString::fromUtf8(s.input),
              QString::fromUtf8(s.response)},
             error))
        return false;
    for (const auto& [itemId, item] : s.items) {
        QSqlQuery qi(db.sql());
        if (!run(qi,
                 u"INSERT INTO stored_response_items (item_id, response_id, api_key, expires_at, item) "
                 u"VALUES (?, ?, ?, ?, ?)"_s,
                 {itemId, s.id, ownerOf(s.keyToken), s.expiresMs, QString::fromUtf8(item)},
                 error))
            return false;
    }
    return true;
}

} // namespace

bool insert(Database& db, const StoredResponse& stored, QString* error)
{
    if (!db.begin()) {
        *error = db.sql().lastError().text();
        return false;
    }
    if (!insertRows(db, stored, error)) {
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        *error = db.sql().lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

std::optional<StoredResponse>
find(Database& db, const QString& id, const QString& keyToken, qint64 nowMs, QString* error)
{
    QSqlQuery q(db.sql());
    if (!run(q,
             u"SELECT created_at, expires_at, model, input, response FROM stored_responses "
             u"WHERE id = ? AND api_key = ? AND expires_at > ?"_s,
             {id, ownerOf(keyToken), nowMs},
             error))
        return std::nullopt;
    if (!q.next()) {
        error->clear();
        return std::nullopt;
    }
    StoredResponse s;
    s.id = id;
    s.keyToken = keyToken;
    s.createdMs = q.value(0).toLongLong();
    s.expiresMs = q.value(1).toLongLong();
    s.model = q.value(2).toString();
    s.input = q.value(3).toString().toUtf8();
    s.response = q.value(4).toString().toUtf8();
    return s;
}

std::optional<QHash<QString, QByteArray>>
findItems(Database& db, const QStringList& ids, const QString& keyToken, qint64 nowMs, QString* error)
{
    QHash<QString, QByteArray> found;
    for (const QString& id : ids) {
        QSqlQuery q(db.sql());
        if (!run(q,
                 u"SELECT item FROM stored_response_items WHERE item_id = ? AND api_key = ? AND expires_at > ?"_s,
                 {id, ownerOf(keyToken), nowMs},
                 error))
            return std::nullopt;
        if (q.next())
            found.insert(id, q.value(0).toString().toUtf8());
    }
    return found;
}

bool remove(Database& db, const QString& id, const QString& keyToken, bool* found, QString* error)
{
    QSqlQuery q(db.sql());
    if (!run(q, u"DELETE FROM stored_responses WHERE id = ? AND api_key = ?"_s, {id, ownerOf(keyToken)}, error))
        return false;
    *found = q.numRowsAffected() > 0;
    if (!*found)
        return true;
    QSqlQuery qi(db.sql());
    return run(qi, u"DELETE FROM stored_response_items WHERE response_id = ?"_s, {id}, error);
}

qint64 purgeExpired(Database& db, qint64 nowMs, QString* error)
{
    QSqlQuery q(db.sql());
    if (!run(q, u"DELETE FROM stored_responses WHERE expires_at <= ?"_s, {nowMs}, error))
        return -1;
    const qint64 purged = q.numRowsAffected();
    QSqlQuery qi(db.sql());
    if (!run(qi, u"DELETE FROM stored_response_items WHERE expires_at <= ?"_s, {nowMs}, error))
        return -1;
    return purged;
}

} // namespace sy::ResponseRepository
