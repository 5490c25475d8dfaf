#include "gateway/HistoryService.h"

#include "gateway/Gateway.h"
#include "gateway/keys/KeyManager.h"
#include "gateway/storage/StorageService.h"
#include "gateway/storage/UsageTracker.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QString noDatabase()
{
    return u"The usage log is not available: Switchyard keeps it in a database (general_settings.database_url, "
           u"or the data directory), which is not open."_s;
}

} // namespace

HistoryService::HistoryService(Gateway* gateway, QObject* parent)
    : QObject(parent)
    , m_gateway(gateway)
{
    qRegisterMetaType<sy::RequestQuery>();
    qRegisterMetaType<sy::DailyUsageQuery>();
}

template <class T>
void HistoryService::query(QObject* context,
                           std::function<std::optional<T>(Database&, qint64 servedSinceMs, QString*)> work,
                           std::function<void(const HistoryResult<T>&)> done)
{
    // Answers come back through this service, on its thread, where @p context can be checked safely.
    auto reply = [service = this, context = QPointer<QObject>(context), done](HistoryResult<T> result) {
        QMetaObject::invokeMethod(
            service,
            [context, done, result] {
                if (context)
                    done(result);
            },
            Qt::QueuedConnection);
    };
    QMetaObject::invokeMethod(
        m_gateway,
        [gateway = m_gateway, work, reply] {
            KeyManager* keys = gateway->keys();
            StorageService* storage = keys ? keys->storage() : nullptr;
            if (!storage || !storage->isReady()) {
                reply({{}, noDatabase()});
                return;
            }
            storage->flush(); // jobs run in order: the query sees everything recorded until now
            // The gateway's part of the work (its start time) is read here, on its thread.
            const qint64 since = gateway->usage() ? gateway->usage()->servedSinceMs() : 0;
            auto bound = [since, work](Database& db, QString* error) { return work(db, since, error); };
            storage->run<HistoryResult<T>>(
                [bound](Database* db) {
                    HistoryResult<T> r;
                    if (!db) {
                        r.error = noDatabase();
                        return r;
                    }
                    std::optional<T> rows = bound(*db, &r.error);
                    if (rows)
                        r.rows = std::move(*rows);
                    else if (r.error.isEmpty())
                        r.error = u"The query failed."_s;
                    return r;
                },
                reply);
        },
        Qt::QueuedConnection);
}

void HistoryService::traffic(QObject* context, TrafficDone done)
{
    auto guard = QPointer<QObject>(context);
    QMetaObject::invokeMethod(
        m_gateway,
        [service = this, gateway = m_gateway, guard, done] {
            auto answer = [service, gateway, guard, done] {
                QList<TrafficSecond> seconds;
                qint64 now = 0;
                if (UsageTracker* usage = gateway->usage()) {
                    usage->tick(); // "now" is now, even before the first snapshot moved it
                    const TrafficHistory& t = usage->traffic();
                    now = t.now();
                    seconds = t.seconds(now - TrafficHistory::kSeconds, now + 1);
                }
                QMetaObject::invokeMethod(
                    service,
                    [guard, done, seconds, now] {
                        if (guard)
                            done(seconds, now);
                    },
                    Qt::QueuedConnection);
            };
            // Right after start the usage log's hour may still be on its way: answer with it.
            UsageTracker* usage = gateway->usage();
            if (!usage || usage->isLoaded()) {
                answer();
                return;
            }
            auto once = std::make_shared<QMetaObject::Connection>();
            *once = QObject::connect(usage, &UsageTracker::loaded, usage, [once, answer] {
                QObject::disconnect(*once);
                answer();
            });
        },
        Qt::QueuedConnection);
}

void HistoryService::requests(const RequestQuery& request, QObject* context, RequestsDone done)
{
    query<QList<RequestRecord>>(
        context,
        [request](Database& db, qint64 servedSinceMs, QString* error) {
            RequestQuery q = request;
            if (q.beforeThisRun && servedSinceMs > 0)
                q.startedBeforeMs = servedSinceMs;
            return UsageHistory::requests(db, q, error);
        },
        done);
}

void HistoryService::request(const QString& requestId, QObject* context, RequestDone done)
{
    query<std::optional<RequestRecord>>(
        context,
        [requestId](Database& db, qint64, QString* error) -> std::optional<std::optional<RequestRecord>> {
            std::optional<RequestRecord> r = UsageHistory::request(db, requestId, error);
            if (!r && !error->isEmpty())
                return std::nullopt;
            return std::optional<std::optional<RequestRecord>>(std::move(r));
        },
        done);
}

void HistoryService::daily(const DailyUsageQuery& request, QObject* context, DailyDone done)
{
    query<QList<DailyUsage>>(
        context,
        [request](Database& db, qint64, QString* error) { return UsageHistory::daily(db, request, error); },
        done);
}

} // namespace sy
