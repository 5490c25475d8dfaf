#include "gateway/storage/UsageRepository.h"

#include "gateway/core/VirtualKey.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/SqliteStatement.h"

#include <QJsonObject>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace sy::UsageRepository {

namespace {

constexpr int kColumnCount = 31;
// PostgreSQL: rows per INSERT, to save round trips (40 rows of 31 values). SQLite through its C
// API (SqliteStatement): 16 rows per prepared statement, as each statement run opens a cursor on
// the table and on each of its indexes, checks the schema and ends again, which cost about as
// much as the row itself. Where the C API cannot be used, one row per QSqlQuery (SQLite looks
// bound values up by position in a list, once per value: a 1,240-value statement cost ~100 µs a
// row, bench/README.md).
constexpr int kRowsPerStatementPostgres = 40;
constexpr int kRowsPerStatementSqlite = 16;

const QString kInsertColumns = u"request_id, started_at, ended_at, api_key, key_alias, model_group, model, model_id, "
                               u"api_base, provider, call_type, stream, status, error_code, prompt_tokens, "
                               u"completion_tokens, tokens_estimated, cost, latency_ms, upstream_latency_ms, "
                               u"ttft_ms, bytes_in, bytes_out, client_ip, dialect, error_message, attempts, "
                               u"retries, fallbacks, cache_status, guardrail_decision"_s;

QVariant nullableMs(qint64 ms)
{
    return ms >= 0 ? QVariant(ms) : QVariant(QMetaType::fromType<qint64>());
}

QVariant textOrNull(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

void bindRow(QSqlQuery& q, const StoredRecord& s)
{
    const RequestRecord& r = s.record;
    const qint64 started = r.startedAt.toMSecsSinceEpoch();
    q.addBindValue(s.requestId);
    q.addBindValue(started);
    q.addBindValue(started + r.latencyMs);
    q.addBindValue(r.keyHash.isEmpty() ? u""_s : r.keyHash); // not NULL: "no key" is the empty string
    q.addBindValue(textOrNull(r.keyAlias));
    q.addBindValue(textOrNull(r.group));
    q.addBindValue(textOrNull(r.backendModel));
    q.addBindValue(textOrNull(r.deploymentId));
    q.addBindValue(textOrNull(r.apiBase));
    q.addBindValue(textOrNull(r.provider));
    q.addBindValue(QString::fromLatin1(r.endpoint));
    q.addBindValue(r.stream ? 1 : 0);
    q.addBindValue(r.status);
    q.addBindValue(textOrNull(QString::fromLatin1(r.errorCode)));
    q.addBindValue(r.usage.promptTokens);
    q.addBindValue(r.usage.completionTokens);
    q.addBindValue(r.usage.estimated ? 1 : 0);
    q.addBindValue(r.cost);
    q.addBindValue(r.latencyMs);
    q.addBindValue(nullableMs(r.upstreamLatencyMs));
    q.addBindValue(nullableMs(r.ttftMs));
    q.addBindValue(r.bytesIn);
    q.addBindValue(r.bytesOut);
    q.addBindValue(r.client.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(r.client.toString()));
    q.addBindValue(textOrNull(QString::fromLatin1(r.dialect)));
    q.addBindValue(textOrNull(r.errorMessage));
    q.addBindValue(r.attempts);
    q.addBindValue(r.retries);
    q.addBindValue(textOrNull(r.fallbacks.join(u',')));
    q.addBindValue(textOrNull(QString::fromLatin1(r.cacheStatus)));
    q.addBindValue(textOrNull(QString::fromUtf8(r.guardrailDecision)));
}

/** @p address as text, kept for the last address: a batch's rows mostly come from a few
    clients, and QHostAddress::toString() formats anew each time. */
QString clientText(const QHostAddress& address)
{
    thread_local QHostAddress last;
    thread_local QString text;
    if (address != last || text.isEmpty()) {
        last = address;
        text = address.isNull() ? QString() : address.toString();
    }
    return text;
}

// bindRow() through SQLite's C API: the same values, NULLs and types, as the row @p row of a
// statement of several.
void bindRow(SqliteStatement& q, const StoredRecord& s, int row)
{
    const int at = row * kColumnCount; // parameters count from 1, so parameter n is at + n
    const RequestRecord& r = s.record;
    const qint64 started = r.startedAt.toMSecsSinceEpoch();
    auto nullableMs = [&q](int i, qint64 ms) { ms >= 0 ? q.bindInt(i, ms) : q.bindNull(i); };
    q.bindText(at + 1, s.requestId, false);
    q.bindInt(at + 2, started);
    q.bindInt(at + 3, started + r.latencyMs);
    q.bindText(at + 4, r.keyHash.isNull() ? QStringView(u"") : QStringView(r.keyHash), false);
    q.bindText(at + 5, r.keyAlias, true);
    q.bindText(at + 6, r.group, true);
    q.bindText(at + 7, r.backendModel, true);
    q.bindText(at + 8, r.deploymentId, true);
    q.bindText(at + 9, r.apiBase, true);
    q.bindText(at + 10, r.provider, true);
    q.bindLatin1(at + 11, r.endpoint, false);
    q.bindInt(at + 12, r.stream ? 1 : 0);
    q.bindInt(at + 13, r.status);
    q.bindLatin1(at + 14, r.errorCode, true);
    q.bindInt(at + 15, r.usage.promptTokens);
    q.bindInt(at + 16, r.usage.completionTokens);
    q.bindInt(at + 17, r.usage.estimated ? 1 : 0);
    q.bindDouble(at + 18, r.cost);
    q.bindInt(at + 19, r.latencyMs);
    nullableMs(at + 20, r.upstreamLatencyMs);
    nullableMs(at + 21, r.ttftMs);
    q.bindInt(at + 22, r.bytesIn);
    q.bindInt(at + 23, r.bytesOut);
    q.bindText(at + 24, clientText(r.client), false);
    q.bindLatin1(at + 25, r.dialect, true);
    q.bindText(at + 26, r.errorMessage, true);
    q.bindInt(at + 27, r.attempts);
    q.bindInt(at + 28, r.retries);
    q.bindText(at + 29, r.fallbacks.join(u','), true);
    q.bindLatin1(at + 30, r.cacheStatus, true);
    q.bindUtf8(at + 31, r.guardrailDecision, true);
}

QString placeholders(int rows)
{
    QString one = u"("_s;
    for (int c = 0; c < kColumnCount; ++c)
        one += c == 0 ? u"?"_s : u",?"_s;
    one += u')';
    QStringList all;
    all.reserve(rows);
    for (int i = 0; i < rows; ++i)
        all.append(one);
    return all.join(u',');
}

// The WHERE clause of a log query and its bound values, in order.
QString whereOf(const LogQuery& query, QVariantList* values)
{
    QStringList conditions;
    if (!query.apiKeyToken.isEmpty()) {
        conditions.append(u"api_key = ?"_s);
        values->append(query.apiKeyToken);
    }
    if (!query.requestId.isEmpty()) {
        conditions.append(u"request_id = ?"_s);
        values->append(query.requestId);
    }
    if (query.startDate) {
        conditions.append(u"started_at >= ?"_s);
        values->append(QDateTime(*query.startDate, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch());
    }
    if (query.endDate) {
        conditions.append(u"started_at < ?"_s);
        values->append(QDateTime(query.endDate->addDays(1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch());
    }
    return conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s);
}

QJsonValue textOrJsonNull(const QVariant& v)
{
    return v.isNull() ? QJsonValue() : QJsonValue(v.toString());
}

QJsonValue timeOfMs(const QVariant& ms)
{
    if (ms.isNull())
        return QJsonValue();
    return VirtualKey::timeJson(QDateTime::fromMSecsSinceEpoch(ms.toLongLong(), QTimeZone::utc()));
}

QJsonObject logRow(const QSqlQuery& q)
{
    const qint64 started = q.value(1).toLongLong();
    const qint64 prompt = q.value(14).toLongLong();
    const qint64 completion = q.value(15).toLongLong();
    const int status = q.value(12).toInt();
    QJsonObject metadata{{u"user_api_key_alias"_s, q.value(4).isNull() ? QJsonValue() : q.value(4).toString()},
                         {u"status_code"_s, status},
                         {u"error_code"_s, q.value(13).isNull() ? QJsonValue() : q.value(13).toString()},
                         {u"tokens_estimated"_s, q.value(16).toInt() != 0},
                         {u"stream"_s, q.value(11).toInt() != 0},
                         {u"latency_ms"_s, q.value(18).toLongLong()},
                         {u"upstream_latency_ms"_s, q.value(19).isNull() ? QJsonValue() : q.value(19).toDouble()},
                         {u"ttft_ms"_s, q.value(20).isNull() ? QJsonValue() : q.value(20).toDouble()},
                         {u"bytes_in"_s, q.value(21).toLongLong()},
                         {u"bytes_out"_s, q.value(22).toLongLong()},
                         {u"dialect"_s, textOrJsonNull(q.value(24))},
                         {u"error_message"_s, textOrJsonNull(q.value(25))},
                         {u"attempts"_s, q.value(26).isNull() ? QJsonValue() : q.value(26).toInt()},
                         {u"attempted_retries"_s, q.value(27).isNull() ? QJsonValue() : q.value(27).toInt()},
                         {u"attempted_fallbacks"_s, textOrJsonNull(q.value(28))},
                         {u"cache_status"_s, textOrJsonNull(q.value(29))},
                         {u"guardrail_decision"_s, textOrJsonNull(q.value(30))}};
    const QVariant ttft = q.value(20);
    return QJsonObject{
        {u"request_id"_s, q.value(0).toString()},
        {u"call_type"_s, q.value(10).toString()},
        {u"api_key"_s, q.value(3).toString()},
        {u"spend"_s, q.value(17).toDouble()},
        {u"total_tokens"_s, prompt + completion},
        {u"prompt_tokens"_s, prompt},
        {u"completion_tokens"_s, completion},
        {u"startTime"_s, timeOfMs(started)},
        {u"endTime"_s, timeOfMs(q.value(2))},
        {u"completionStartTime"_s, ttft.isNull() ? QJsonValue() : timeOfMs(started + ttft.toLongLong())},
        {u"model"_s, q.value(6).toString()},
        {u"model_id"_s, q.value(7).toString()},
        {u"model_group"_s, q.value(5).toString()},
        {u"api_base"_s, q.value(8).toString()},
        {u"custom_llm_provider"_s, q.value(9).toString()},
        {u"user"_s, u""_s},
        {u"end_user"_s, u""_s},
        {u"metadata"_s, metadata},
        {u"cache_hit"_s, q.value(29).toString() == u"hit" ? u"True"_s : u"False"_s},
        {u"cache_key"_s, u""_s},
        {u"request_tags"_s, QJsonArray()},
        {u"status"_s, status >= 200 && status < 400 ? u"success"_s : u"failure"_s},
        {u"requester_ip_address"_s, q.value(23).toString()},
    };
}

bool run(QSqlQuery& q, const QString& sql, const QVariantList& values, QString* error)
{
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    for (const QVariant& v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace

const QString& columns()
{
    return kInsertColumns;
}

StoredRecord readRow(const QSqlQuery& q)
{
    StoredRecord s;
    s.requestId = q.value(0).toString();
    RequestRecord& r = s.record;
    r.logId = s.requestId;
    r.startedAt = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), QTimeZone::utc());
    r.keyHash = q.value(3).toString();
    r.keyAlias = q.value(4).toString();
    r.group = q.value(5).toString();
    r.backendModel = q.value(6).toString();
    r.deploymentId = q.value(7).toString();
    r.apiBase = q.value(8).toString();
    r.provider = q.value(9).toString();
    r.endpoint = q.value(10).toString().toLatin1();
    r.stream = q.value(11).toInt() != 0;
    r.status = q.value(12).toInt();
    r.errorCode = q.value(13).toString().toLatin1();
    r.usage = {q.value(14).toLongLong(), q.value(15).toLongLong(), q.value(16).toInt() != 0};
    r.cost = q.value(17).toDouble();
    r.latencyMs = q.value(18).toLongLong();
    r.upstreamLatencyMs = q.value(19).isNull() ? -1 : q.value(19).toLongLong();
    r.ttftMs = q.value(20).isNull() ? -1 : q.value(20).toLongLong();
    r.bytesIn = q.value(21).toLongLong();
    r.bytesOut = q.value(22).toLongLong();
    r.client = QHostAddress(q.value(23).toString());
    r.dialect = q.value(24).isNull() ? QByteArray() : q.value(24).toString().toLatin1(); // unknown for old rows
    r.errorMessage = q.value(25).toString();
    r.attempts = q.value(26).toInt();
    r.retries = q.value(27).toInt();
    r.fallbacks = q.value(28).toString().split(u',', Qt::SkipEmptyParts);
    r.cacheStatus = q.value(29).toString().toLatin1();
    r.guardrailDecision = q.value(30).toString().toUtf8();
    return s;
}

bool insert(Database& db, const QList<StoredRecord>& records, QString* error)
{
    // ON CONFLICT DO NOTHING: a batch retried after a failed commit may hold rows that made it
    // in; SQLite and PostgreSQL both spell it this way. OR FAIL (SQLite's statements only): a
    // statement of several rows that could abort halfway needs a statement journal to undo its
    // first rows, which SQLite writes to a temporary file, two write() calls per page it
    // touches: 0.7 of the 1.1 writes a request cost (strace). Any failure here rolls the whole
    // transaction back anyway (StorageWorker), so there is nothing for it to undo.
    static const QString kOneRow = u"INSERT OR FAIL INTO request_log (%1) VALUES %2 ON CONFLICT DO NOTHING"_s.arg(
        kInsertColumns, placeholders(1));
    static const QString kManyRows = u"INSERT OR FAIL INTO request_log (%1) VALUES %2 ON CONFLICT DO NOTHING"_s.arg(
        kInsertColumns, placeholders(kRowsPerStatementSqlite));
    if (SqliteStatement* one = db.sqliteStatement(kOneRow, nullptr)) {
        qsizetype next = 0;
        if (records.size() >= kRowsPerStatementSqlite) {
            if (SqliteStatement* many = db.sqliteStatement(kManyRows, nullptr)) {
                for (; records.size() - next >= kRowsPerStatementSqlite; next += kRowsPerStatementSqlite) {
                    for (int row = 0; row < kRowsPerStatementSqlite; ++row)
                        bindRow(*many, records.at(next + row), row);
                    if (!many->run(error))
                        return false;
                }
            }
        }
        for (; next < records.size(); ++next) {
            bindRow(*one, records.at(next), 0);
            if (!one->run(error))
                return false;
        }
        return true;
    }
    QSqlQuery q(db.sql());
    q.setForwardOnly(true);
    const int perStatement = db.isPostgres() ? kRowsPerStatementPostgres : 1;
    int preparedRows = -1;
    for (qsizetype first = 0; first < records.size(); first += perStatement) {
        const int rows = int(qMin<qsizetype>(perStatement, records.size() - first));
        if (rows != preparedRows) {
            if (!q.prepare(u"INSERT INTO request_log (%1) VALUES %2 ON CONFLICT DO NOTHING"_s.arg(
                    kInsertColumns, placeholders(rows)))) {
                if (error)
                    *error = q.lastError().text();
                return false;
            }
            preparedRows = rows;
        }
        for (int i = 0; i < rows; ++i)
            bindRow(q, records.at(first + i));
        if (!q.exec()) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

std::optional<QJsonArray> logs(Database& db, const LogQuery& query, QString* error)
{
    QVariantList values;
    const QString sql = u"SELECT %1 FROM request_log%2 ORDER BY started_at DESC, request_id DESC LIMIT %3"_s.arg(
        kInsertColumns, whereOf(query, &values), QString::number(qMax(1, query.limit)));
    QSqlQuery q(db.sql());
    if (!run(q, sql, values, error))
        return std::nullopt;
    QJsonArray out;
    while (q.next())
        out.append(logRow(q));
    return out;
}

std::optional<QJsonArray> dailySummary(Database& db, const LogQuery& query, QString* error)
{
    QVariantList values;
    // Grouped in SQL by key and model; days are cut here from the start times, which is the same
    // in both dialects (SQLite and PostgreSQL disagree on date functions over epoch numbers).
    const QString sql
        = u"SELECT started_at, api_key, model_group, cost FROM request_log%1"_s.arg(whereOf(query, &values));
    QSqlQuery q(db.sql());
    if (!run(q, sql, values, error))
        return std::nullopt;
    struct Day
    {
        double spend = 0;
        QMap<QString, double> keys;
        QMap<QString, double> models;
    };
    QMap<QDate, Day> days;
    while (q.next()) {
        const QDate date = QDateTime::fromMSecsSinceEpoch(q.value(0).toLongLong(), QTimeZone::utc()).date();
        Day& day = days[date];
        const double cost = q.value(3).toDouble();
        day.spend += cost;
        day.keys[q.value(1).toString()] += cost;
        day.models[q.value(2).toString()] += cost;
    }
    if (query.startDate && query.endDate) {
        for (QDate d = *query.startDate; d <= *query.endDate; d = d.addDays(1))
            days[d]; // every day of the range, spend 0 when nothing happened
    }
    QJsonArray out;
    for (auto it = days.cbegin(); it != days.cend(); ++it) {
        QJsonObject day{{u"startTime"_s, it.key().toString(Qt::ISODate)}, {u"spend"_s, it->spend}};
        QJsonObject models;
        for (auto m = it->models.cbegin(); m != it->models.cend(); ++m)
            models[m.key()] = m.value();
        day[u"models"_s] = models;
        day[u"users"_s] = QJsonObject();
        for (auto k = it->keys.cbegin(); k != it->keys.cend(); ++k) {
            if (!k.key().isEmpty())
                day[k.key()] = k.value();
        }
        out.append(day);
    }
    return out;
}

std::optional<double> spendSince(Database& db, qint64 sinceMs, QString* error)
{
    QSqlQuery q(db.sql());
    if (!run(q, u"SELECT COALESCE(SUM(cost), 0) FROM request_log WHERE started_at >= ?"_s, {sinceMs}, error)
        || !q.next())
        return std::nullopt;
    return q.value(0).toDouble();
}

std::optional<qint64> count(Database& db, QString* error)
{
    QSqlQuery q(db.sql());
    if (!run(q, u"SELECT COUNT(*) FROM request_log"_s, {}, error) || !q.next())
        return std::nullopt;
    return q.value(0).toLongLong();
}

std::optional<qint64> prune(Database& db, qint64 beforeMs, int limit, QString* error)
{
    // A bounded delete (both SQLite and PostgreSQL take this form), so one pass never holds the
    // write lock for long; the caller repeats while whole batches go.
    QSqlQuery q(db.sql());
    if (!run(q,
             u"DELETE FROM request_log WHERE request_id IN "
             u"(SELECT request_id FROM request_log WHERE started_at < ? LIMIT ?)"_s,
             {beforeMs, limit},
             error))
        return std::nullopt;
    return q.numRowsAffected();
}

} // namespace sy::UsageRepository
