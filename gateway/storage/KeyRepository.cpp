#include "gateway/storage/KeyRepository.h"

#include "gateway/core/Durations.h"
#include "gateway/storage/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTimeZone>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace sy::KeyRepository {

namespace {

const QString kColumns = u"token, key_name, key_alias, models, max_budget, budget_duration, budget_reset_at, spend, "
                         u"rpm_limit, tpm_limit, max_parallel_requests, expires_at, metadata, user_id, team_id, "
                         u"blocked, created_at, updated_at, last_used_at"_s;

QVariant msOf(const QDateTime& time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeOf(const QVariant& value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), QTimeZone::utc());
}

QVariant textOrNull(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

template <class T>
QVariant numberOrNull(const std::optional<T>& value)
{
    return value ? QVariant::fromValue(*value) : QVariant(QMetaType::fromType<T>());
}

std::optional<qint64> optionalInt(const QVariant& value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

VirtualKey keyOf(const QSqlQuery& q)
{
    VirtualKey k;
    k.token = q.value(0).toString();
    k.keyName = q.value(1).toString();
    k.alias = q.value(2).toString();
    for (const QJsonValue& m : QJsonDocument::fromJson(q.value(3).toString().toUtf8()).array())
        k.models.append(m.toString());
    if (!q.value(4).isNull())
        k.maxBudget = q.value(4).toDouble();
    k.budgetDuration = q.value(5).toString();
    k.budgetResetAt = timeOf(q.value(6));
    k.spend = q.value(7).toDouble();
    k.rpmLimit = optionalInt(q.value(8));
    k.tpmLimit = optionalInt(q.value(9));
    k.maxParallelRequests = optionalInt(q.value(10));
    k.expires = timeOf(q.value(11));
    k.metadata = QJsonDocument::fromJson(q.value(12).toString().toUtf8()).object();
    k.userId = q.value(13).toString();
    k.teamId = q.value(14).toString();
    k.blocked = q.value(15).toInt() != 0;
    k.createdAt = timeOf(q.value(16));
    k.updatedAt = timeOf(q.value(17));
    k.lastUsedAt = timeOf(q.value(18));
    return k;
}

void bindSettings(QSqlQuery& q, const VirtualKey& k)
{
    q.bindValue(u":key_alias"_s, textOrNull(k.alias));
    q.bindValue(u":models"_s,
                QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(k.models)).toJson(QJsonDocument::Compact)));
    q.bindValue(u":max_budget"_s, numberOrNull(k.maxBudget));
    q.bindValue(u":budget_duration"_s, textOrNull(k.budgetDuration));
    q.bindValue(u":budget_reset_at"_s, msOf(k.budgetResetAt));
    q.bindValue(u":rpm_limit"_s, numberOrNull(k.rpmLimit));
    q.bindValue(u":tpm_limit"_s, numberOrNull(k.tpmLimit));
    q.bindValue(u":max_parallel_requests"_s, numberOrNull(k.maxParallelRequests));
    q.bindValue(u":expires_at"_s, msOf(k.expires));
    q.bindValue(u":metadata"_s, QString::fromUtf8(QJsonDocument(k.metadata).toJson(QJsonDocument::Compact)));
    q.bindValue(u":user_id"_s, textOrNull(k.userId));
    q.bindValue(u":team_id"_s, textOrNull(k.teamId));
    q.bindValue(u":blocked"_s, k.blocked ? 1 : 0);
    q.bindValue(u":updated_at"_s, msOf(k.updatedAt));
}

Outcome failed(const QSqlQuery& q, QString* error)
{
    if (error)
        *error = q.lastError().text();
    return Outcome::Failed;
}

/** True when another key than @p token already has @p alias. */
std::optional<bool> aliasTaken(Database& db, const QString& alias, const QString& token, QString* error)
{
    if (alias.isEmpty())
        return false;
    QSqlQuery q(db.sql());
    q.prepare(u"SELECT COUNT(*) FROM virtual_keys WHERE key_alias = :alias AND token <> :token"_s);
    q.bindValue(u":alias"_s, alias);
    q.bindValue(u":token"_s, token);
    if (!q.exec() || !q.next()) {
        failed(q, error);
        return std::nullopt;
    }
    return q.value(0).toInt() > 0;
}

template <class Fn>
Outcome inTransaction(Database& db, QString* error, Fn&& body)
{
    if (!db.begin()) {
        if (error)
            *error = u"cannot start a transaction: %1"_s.arg(db.sql().lastError().text());
        return Outcome::Failed;
    }
    const Outcome outcome = body();
    if (outcome != Outcome::Ok) {
        db.rollback();
        return outcome;
    }
    if (!db.commit()) {
        if (error)
            *error = u"cannot commit: %1"_s.arg(db.sql().lastError().text());
        db.rollback();
        return Outcome::Failed;
    }
    return Outcome::Ok;
}

} // namespace

std::optional<QList<VirtualKey>> loadAll(Database& db, QString* error)
{
    QSqlQuery q(db.sql());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT %1 FROM virtual_keys ORDER BY created_at, token"_s.arg(kColumns))) {
        failed(q, error);
        return std::nullopt;
    }
    QList<VirtualKey> out;
    while (q.next())
        out.append(keyOf(q));
    return out;
}

Outcome insert(Database& db, const VirtualKey& key, QString* error)
{
    return inTransaction(db, error, [&] {
        const std::optional<bool> taken = aliasTaken(db, key.alias, key.token, error);
        if (!taken)
            return Outcome::Failed;
        if (*taken)
            return Outcome::AliasTaken;
        QSqlQuery q(db.sql());
        q.prepare(
            u"INSERT INTO virtual_keys (%1) VALUES (:token, :key_name, :key_alias, :models, :max_budget, "
            u":budget_duration, :budget_reset_at, :spend, :rpm_limit, :tpm_limit, :max_parallel_requests, "
            u":expires_at, :metadata, :user_id, :team_id, :blocked, :created_at, :updated_at, :last_used_at)"_s.arg(
                kColumns));
        q.bindValue(u":token"_s, key.token);
        q.bindValue(u":key_name"_s, key.keyName);
        q.bindValue(u":spend"_s, key.spend);
        q.bindValue(u":created_at"_s, msOf(key.createdAt));
        q.bindValue(u":last_used_at"_s, msOf(key.lastUsedAt));
        bindSettings(q, key);
        return q.exec() ? Outcome::Ok : failed(q, error);
    });
}

Outcome update(Database& db, const VirtualKey& key, bool writeSpend, QString* error)
{
    return inTransaction(db, error, [&] {
        const std::optional<bool> taken = aliasTaken(db, key.alias, key.token, error);
        if (!taken)
            return Outcome::Failed;
        if (*taken)
            return Outcome::AliasTaken;
        QSqlQuery q(db.sql());
        q.prepare(
            u"UPDATE virtual_keys SET key_alias = :key_alias, models = :models, max_budget = :max_budget, "
            u"budget_duration = :budget_duration, budget_reset_at = :budget_reset_at, rpm_limit = :rpm_limit, "
            u"tpm_limit = :tpm_limit, max_parallel_requests = :max_parallel_requests, expires_at = :expires_at, "
            u"metadata = :metadata, user_id = :user_id, team_id = :team_id, blocked = :blocked, "
            u"updated_at = :updated_at%1 WHERE token = :token"_s.arg(writeSpend ? u", spend = :spend"_s : QString()));
        bindSettings(q, key);
        q.bindValue(u":token"_s, key.token);
        if (writeSpend)
            q.bindValue(u":spend"_s, key.spend);
        if (!q.exec())
            return failed(q, error);
        return q.numRowsAffected() == 1 ? Outcome::Ok : Outcome::NotFound;
    });
}

Outcome remove(Database& db, const QStringList& tokens, QString* error)
{
    return inTransaction(db, error, [&] {
        for (const QString& token : tokens) {
            QSqlQuery q(db.sql());
            q.prepare(u"DELETE FROM virtual_keys WHERE token = :token"_s);
            q.bindValue(u":token"_s, token);
            if (!q.exec())
                return failed(q, error);
            if (q.numRowsAffected() != 1) {
                if (error)
                    *error = token;
                return Outcome::NotFound;
            }
        }
        return Outcome::Ok;
    });
}

bool addSpend(Database& db, const QString& token, double usd, qint64 lastUsedMs, QString* error)
{
    QSqlQuery q(db.sql());
    q.prepare(u"UPDATE virtual_keys SET spend = spend + :usd, last_used_at = :last_used WHERE token = :token"_s);
    q.bindValue(u":usd"_s, usd);
    q.bindValue(u":last_used"_s, lastUsedMs);
    q.bindValue(u":token"_s, token);
    if (q.exec())
        return true;
    failed(q, error);
    return false;
}

int resetEndedBudgets(Database& db, const QDateTime& now, QString* error)
{
    QSqlQuery select(db.sql());
    select.prepare(u"SELECT token, budget_duration, budget_reset_at FROM virtual_keys "
                   u"WHERE budget_reset_at IS NOT NULL AND budget_reset_at <= :now"_s);
    select.bindValue(u":now"_s, now.toMSecsSinceEpoch());
    if (!select.exec()) {
        failed(select, error);
        return -1;
    }
    struct Ended
    {
        QString token;
        QString duration;
        qint64 resetAt;
    };
    QList<Ended> ended;
    while (select.next())
        ended.append({select.value(0).toString(), select.value(1).toString(), select.value(2).toLongLong()});
    select.finish();
    int reset = 0;
    for (const Ended& e : ended) {
        const std::optional<Duration> d = Duration::parse(e.duration);
        QSqlQuery q(db.sql());
        q.prepare(u"UPDATE virtual_keys SET spend = 0, budget_reset_at = :next "
                  u"WHERE token = :token AND budget_reset_at = :old"_s);
        const QDateTime previous = QDateTime::fromMSecsSinceEpoch(e.resetAt, QTimeZone::utc());
        q.bindValue(u":next"_s, d ? QVariant(d->nextBudgetResetAfter(previous, now).toMSecsSinceEpoch()) : QVariant());
        q.bindValue(u":token"_s, e.token);
        q.bindValue(u":old"_s, e.resetAt);
        if (!q.exec()) {
            failed(q, error);
            return -1;
        }
        reset += q.numRowsAffected() > 0 ? 1 : 0;
    }
    return reset;
}

} // namespace sy::KeyRepository
