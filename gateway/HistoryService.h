#pragma once

#include "gateway/core/RequestRecord.h"
#include "gateway/core/TrafficSecond.h"
#include "gateway/storage/UsageHistory.h"

#include <QObject>

#include <functional>
#include <optional>

namespace sy {

class Gateway;

/**
 * The dashboards' history, for any face on any thread (the tray, the web UI): every call
 * returns at once; the work runs on the gateway thread (in-memory history) or the storage
 * thread (the usage log), never on the caller's; the answer comes back as a call of @p done on
 * @p context's thread, and is dropped if @p context is gone by then. Reach it with
 * GatewayHost::history().
 *
 *   traffic(done)          the last hour per second (TrafficHistory), the gateway's "now"
 *   requests(query, done)  requests from the usage log, newest first
 *   request(id, done)      one request by its request_id, as /spend/logs names it
 *   daily(query, done)     usage per UTC day and key or model
 *
 * Queries of the usage log hand over what is still queued for it first, so they see every
 * request that ended before the call, as /spend/logs does.
 */
class HistoryService : public QObject
{
    Q_OBJECT

public:
    explicit HistoryService(Gateway* gateway, QObject* parent = nullptr);

    using TrafficDone = std::function<void(const QList<sy::TrafficSecond>& seconds, qint64 nowSecond)>;
    using RequestsDone = std::function<void(const HistoryResult<QList<sy::RequestRecord>>& result)>;
    using RequestDone = std::function<void(const HistoryResult<std::optional<sy::RequestRecord>>& result)>;
    using DailyDone = std::function<void(const HistoryResult<QList<sy::DailyUsage>>& result)>;

    void traffic(QObject* context, TrafficDone done);
    void requests(const RequestQuery& query, QObject* context, RequestsDone done);
    void request(const QString& requestId, QObject* context, RequestDone done);
    void daily(const DailyUsageQuery& query, QObject* context, DailyDone done);

private:
    /** Runs @p work on the storage thread and @p done on @p context's; fails without a database. */
    template <class T>
    void query(QObject* context,
               std::function<std::optional<T>(class Database&, qint64 servedSinceMs, QString*)> work,
               std::function<void(const HistoryResult<T>&)> done);

    Gateway* m_gateway;
};

} // namespace sy
