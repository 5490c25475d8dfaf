#pragma once

#include "gateway/core/KeyUsage.h"
#include "gateway/core/RequestRecord.h"
#include "gateway/core/TrafficSecond.h"

#include <QDate>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace sy {

class Database;

/** Which requests of the usage log to list, newest first. Every filter is optional. */
struct RequestQuery
{
    enum class Status
    {
        All,
        Succeeded, ///< 2xx and 3xx
        Failed, ///< everything else
        ClientErrors, ///< 4xx
        ServerErrors, ///< 5xx
    };

    int limit = 1000;
    std::optional<QString> keyHash; ///< "" is the master key
    QString model; ///< the model group
    Status status = Status::All;
    QString search; ///< in the model, backend, key alias, error and request id; any case
    qint64 startedBeforeMs = -1; ///< only requests started before this (UTC ms); -1: any
    /** Only requests from before this process served (the faces have the newer ones live). */
    bool beforeThisRun = false;
};

/** Usage over one UTC day of one key or one model group: a row of "usage over time". */
struct DailyUsage
{
    QDate day; ///< UTC, as /spend/logs cuts days
    QString name; ///< the key's token ("" for the master key) or the model group
    QString alias; ///< the key's alias, when grouped by key
    quint64 requests = 0;
    quint64 promptTokens = 0;
    quint64 completionTokens = 0;
    quint64 errors = 0;
    double cost = 0;
};

struct DailyUsageQuery
{
    enum class GroupBy
    {
        Key,
        Model,
    };
    QDate from; ///< inclusive, UTC
    QDate to; ///< inclusive, UTC
    GroupBy groupBy = GroupBy::Key;
};

/** A history query's answer: rows, or an error for the user (no database, a failed query). */
template <class T>
struct HistoryResult
{
    T rows{};
    QString error;
    bool ok() const { return error.isEmpty(); }
};

/** The last hour's traffic from the usage log: counts per second, and TTFT samples. */
struct TrafficSeed
{
    QList<TrafficSecond> seconds; ///< counts only
    QList<QPair<qint64, qint64>> ttft; ///< (second, ms) of successful streams
};

/**
 * The SQL behind the dashboards' history: the usage log read back, on the storage thread, on
 * an open Database. The same in SQLite and PostgreSQL (integer division cuts seconds and days).
 */
namespace UsageHistory {

/** Per key, the requests that ended before @p endedBeforeMs: what UsageLedger starts from. */
std::optional<KeyUsageList> keyTotals(Database& db, qint64 endedBeforeMs, QString* error);

/** Traffic per second of requests that ended in [@p fromMs, @p toMs); at most @p maxTtft samples. */
std::optional<TrafficSeed> traffic(Database& db, qint64 fromMs, qint64 toMs, int maxTtft, QString* error);

/** The requests @p query asks for (beforeThisRun already turned into startedBeforeMs). */
std::optional<QList<RequestRecord>> requests(Database& db, const RequestQuery& query, QString* error);

/** One request by its request_id; nullopt and an empty @p error when there is none. */
std::optional<RequestRecord> request(Database& db, const QString& requestId, QString* error);

/** Usage per UTC day and key or model over the query's days, oldest first. */
std::optional<QList<DailyUsage>> daily(Database& db, const DailyUsageQuery& query, QString* error);

} // namespace UsageHistory

} // namespace sy

Q_DECLARE_METATYPE(sy::RequestQuery)
Q_DECLARE_METATYPE(sy::DailyUsageQuery)
