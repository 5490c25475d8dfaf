#pragma once

#include "gateway/core/RequestRecord.h"

#include <QDate>
#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>

class QSqlQuery;

namespace sy {

class Database;

/** A stored request record with the id it was written under. */
struct StoredRecord
{
    QString requestId; ///< unique across instances sharing a database: "<instance>-<n>"
    RequestRecord record;
};

/** The SQL behind the request log (one row per request) and spend queries. */
namespace UsageRepository {

/** The request_log columns in the order readRow() expects them: SELECT columns() FROM request_log. */
const QString& columns();
/** The record of the current row of a query that selected columns(). */
StoredRecord readRow(const QSqlQuery& query);

/** Inserts @p records, several rows per statement; inside the caller's transaction. */
bool insert(Database& db, const QList<StoredRecord>& records, QString* error);

/** What GET /spend/logs asks for. */
struct LogQuery
{
    QString apiKeyToken; ///< only this key's requests (empty: all)
    QString requestId;
    std::optional<QDate> startDate; ///< inclusive, UTC
    std::optional<QDate> endDate; ///< inclusive, UTC
    int limit = 1000; ///< newest first
};

/** Matching rows in LiteLLM's LiteLLM_SpendLogs shape, newest first. nullopt on error. */
std::optional<QJsonArray> logs(Database& db, const LogQuery& query, QString* error);

/**
 * LiteLLM's summarized /spend/logs: one object per day from start to end date with the day's
 * "spend", its spend per model ("models") and per key (the key's token as member name).
 */
std::optional<QJsonArray> dailySummary(Database& db, const LogQuery& query, QString* error);

/** Total cost of requests started at or after @p sinceMs. */
std::optional<double> spendSince(Database& db, qint64 sinceMs, QString* error);

/** Deletes up to @p limit records started before @p beforeMs (retention); how many went. */
std::optional<qint64> prune(Database& db, qint64 beforeMs, int limit, QString* error);

/** Rows in the request log (for tests and the durability check). */
std::optional<qint64> count(Database& db, QString* error);

} // namespace UsageRepository

} // namespace sy
