#include "gateway/storage/UsageHistory.h"

#include "gateway/storage/Database.h"
#include "gateway/storage/UsageRepository.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace sy::UsageHistory {

namespace {

constexpr qint64 kDayMs = 86'400'000;

const QString kFailed = u"CASE WHEN status >= 200 AND status < 400 THEN 0 ELSE 1 END"_s;

bool run(QSqlQuery& q, const QString& sql, const QVariantList& values, QString* error)
{
    q.setForwardOnly(true);
    bool ok = q.prepare(sql);
    if (ok) {
        for (const QVariant& v : values)
            q.addBindValue(v);
        ok = q.exec();
    }
    if (!ok && error)
        *error = q.lastError().text();
    return ok;
}

QDateTime utcOfMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

QString statusCondition(RequestQuery::Status status)
{
    switch (status) {
    case RequestQuery::Status::All:
        break;
    case RequestQuery::Status::Succeeded:
        return u"status >= 200 AND status < 400"_s;
    case RequestQuery::Status::Failed:
        return u"(status < 200 OR status >= 400)"_s;
    case RequestQuery::Status::ClientErrors:
        return u"status >= 400 AND status < 500"_s;
    case RequestQuery::Status::ServerErrors:
        return u"status >= 500"_s;
    }
    return {};
}

// The WHERE clause of a request query and its bound values, in order.
QString whereOf(const RequestQuery& query, QVariantList* values)
{
    QStringList conditions;
    if (query.keyHash) {
        conditions.append(u"api_key = ?"_s);
        values->append(query.keyHash->isEmpty() ? u""_s : *query.keyHash); // never NULL: "" is the master key
    }
    if (!query.model.isEmpty()) {
        conditions.append(u"model_group = ?"_s);
        values->append(query.model);
    }
    if (const QString status = statusCondition(query.status); !status.isEmpty())
        conditions.append(status);
    if (query.startedBeforeMs >= 0) {
        conditions.append(u"started_at < ?"_s);
        values->append(query.startedBeforeMs);
    }
    const QString text = query.search.trimmed().toLower();
    if (!text.isEmpty()) {
        // LOWER(…) LIKE: case-insensitive in both dialects (PostgreSQL's LIKE is not otherwise).
        QStringList any;
        for (const char* column :
             {"model_group", "model", "api_base", "key_alias", "error_code", "error_message", "request_id"}) {
            any.append(u"LOWER(COALESCE(%1, '')) LIKE ?"_s.arg(QLatin1StringView(column)));
            values->append(QString(u'%' + text + u'%'));
        }
        conditions.append(u'(' + any.join(u" OR "_s) + u')');
    }
    return conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s);
}

} // namespace

std::optional<KeyUsageList> keyTotals(Database& db, qint64 endedBeforeMs, QString* error)
{
    QSqlQuery q(db.sql());
    const QString sql
        = u"SELECT api_key, MAX(key_alias), COUNT(*), SUM(prompt_tokens), SUM(completion_tokens), "
          u"SUM(%1), SUM(cost), MAX(ended_at) FROM request_log WHERE ended_at < ? GROUP BY api_key"_s.arg(kFailed);
    if (!run(q, sql, {endedBeforeMs}, error))
        return std::nullopt;
    KeyUsageList out;
    while (q.next()) {
        KeyUsage u;
        u.keyHash = q.value(0).toString();
        u.alias = q.value(1).toString();
        u.requests = q.value(2).toULongLong();
        u.promptTokens = q.value(3).toULongLong();
        u.completionTokens = q.value(4).toULongLong();
        u.errors = q.value(5).toULongLong();
        u.cost = q.value(6).toDouble();
        u.lastUsedAt = utcOfMs(q.value(7).toLongLong());
        out.append(u);
    }
    return out;
}

std::optional<TrafficSeed> traffic(Database& db, qint64 fromMs, qint64 toMs, int maxTtft, QString* error)
{
    TrafficSeed seed;
    QSqlQuery q(db.sql());
    const QString counts
        = u"SELECT ended_at / 1000 AS s, COUNT(*), "
          u"SUM(CASE WHEN status >= 400 AND status < 500 AND status <> 499 THEN 1 ELSE 0 END), "
          u"SUM(CASE WHEN status >= 500 THEN 1 ELSE 0 END), SUM(prompt_tokens), SUM(completion_tokens) "
          u"FROM request_log WHERE ended_at >= ? AND ended_at < ? GROUP BY s ORDER BY s"_s;
    if (!run(q, counts, {fromMs, toMs}, error))
        return std::nullopt;
    while (q.next()) {
        TrafficSecond s;
        s.second = q.value(0).toLongLong();
        s.requests = q.value(1).toUInt();
        s.clientErrors = q.value(2).toUInt();
        s.serverErrors = q.value(3).toUInt();
        s.promptTokens = q.value(4).toULongLong();
        s.completionTokens = q.value(5).toULongLong();
        seed.seconds.append(s);
    }
    const QString ttft = u"SELECT ended_at / 1000, ttft_ms FROM request_log WHERE ended_at >= ? AND ended_at < ? "
                         u"AND ttft_ms IS NOT NULL AND status >= 200 AND status < 400 "
                         u"ORDER BY ended_at DESC LIMIT %1"_s.arg(qMax(0, maxTtft));
    QSqlQuery t(db.sql());
    if (!run(t, ttft, {fromMs, toMs}, error))
        return std::nullopt;
    while (t.next())
        seed.ttft.append({t.value(0).toLongLong(), t.value(1).toLongLong()});
    return seed;
}

std::optional<QList<RequestRecord>> requests(Database& db, const RequestQuery& query, QString* error)
{
    QVariantList values;
    const QString sql = u"SELECT %1 FROM request_log%2 ORDER BY started_at DESC, request_id DESC LIMIT %3"_s.arg(
        UsageRepository::columns(), whereOf(query, &values), QString::number(qBound(1, query.limit, 100'000)));
    QSqlQuery q(db.sql());
    if (!run(q, sql, values, error))
        return std::nullopt;
    QList<RequestRecord> out;
    while (q.next())
        out.append(UsageRepository::readRow(q).record);
    return out;
}

std::optional<RequestRecord> request(Database& db, const QString& requestId, QString* error)
{
    QSqlQuery q(db.sql());
    if (!run(
            q, u"SELECT %1 FROM request_log WHERE request_id = ?"_s.arg(UsageRepository::columns()), {requestId}, error)
        || !q.next())
        return std::nullopt;
    return UsageRepository::readRow(q).record;
}

std::optional<QList<DailyUsage>> daily(Database& db, const DailyUsageQuery& query, QString* error)
{
    const bool byKey = query.groupBy == DailyUsageQuery::GroupBy::Key;
    const QString column = byKey ? u"api_key"_s : u"COALESCE(model_group, '')"_s;
    const QString sql = u"SELECT started_at / %1 AS day, %2 AS name, MAX(key_alias), COUNT(*), SUM(prompt_tokens), "
                        u"SUM(completion_tokens), SUM(%3), SUM(cost) FROM request_log "
                        u"WHERE started_at >= ? AND started_at < ? GROUP BY day, name ORDER BY day, name"_s.arg(
                            QString::number(kDayMs), column, kFailed);
    const QDateTime from(query.from, QTime(0, 0), QTimeZone::utc());
    const QDateTime to(query.to.addDays(1), QTime(0, 0), QTimeZone::utc());
    QSqlQuery q(db.sql());
    if (!run(q, sql, {from.toMSecsSinceEpoch(), to.toMSecsSinceEpoch()}, error))
        return std::nullopt;
    const QDate epoch(1970, 1, 1);
    QList<DailyUsage> out;
    while (q.next()) {
        DailyUsage d;
        d.day = epoch.addDays(q.value(0).toLongLong());
        d.name = q.value(1).toString();
        d.alias = byKey ? q.value(2).toString() : QString();
        d.requests = q.value(3).toULongLong();
        d.promptTokens = q.value(4).toULongLong();
        d.completionTokens = q.value(5).toULongLong();
        d.errors = q.value(6).toULongLong();
        d.cost = q.value(7).toDouble();
        out.append(d);
    }
    return out;
}

} // namespace sy::UsageHistory
