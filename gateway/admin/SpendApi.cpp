#include "gateway/admin/SpendApi.h"

#include "gateway/admin/AdminSupport.h"
#include "gateway/core/Clock.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/keys/ApiKeys.h"
#include "gateway/keys/KeyManager.h"
#include "gateway/pipeline/RequestContext.h"
#include "gateway/storage/StorageService.h"
#include "gateway/storage/UsageRepository.h"

#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

using namespace AdminSupport;

constexpr int kMaxLogRows = 100'000;

struct QueryResult
{
    std::optional<QJsonValue> value;
    QString error;
};

ApiError noDatabase()
{
    return ApiError::serviceUnavailable(
        u"Spend needs the usage database, which is not available (general_settings.database_url)."_s,
        "database_unavailable",
        5);
}

std::optional<QDate> dateParam(const QUrlQuery& query, const QString& name, ApiError* error)
{
    if (!query.hasQueryItem(name))
        return std::nullopt;
    const QString text = query.queryItemValue(name, QUrl::FullyDecoded).trimmed();
    // LiteLLM takes "YYYY-MM-DD"; a time after it (as its UI sends) is ignored.
    const QDate date = QDate::fromString(text.left(10), Qt::ISODate);
    if (!date.isValid())
        *error = ApiError::badRequest(
            u"'%1' must be a date as YYYY-MM-DD, got \"%2\"."_s.arg(name, text), "invalid_request", name.toUtf8());
    return date;
}

} // namespace

SpendApi::SpendApi(KeyManager& keys)
    : m_keys(keys)
{ }

bool SpendApi::handles(QByteArrayView path) const
{
    const QByteArrayView p = normalizedPath(path);
    return p == "/spend/logs" || p == "/global/spend";
}

void SpendApi::handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    if (ctx.http.method != "GET") {
        channel->sendError(methodNotAllowed(ctx, "GET"));
        return;
    }
    const QByteArrayView path = normalizedPath(ctx.http.path);
    if (path == "/spend/logs") {
        logs(ctx, std::move(channel));
        return;
    }
    if (!isAdmin(ctx)) {
        channel->sendError(adminOnly(path));
        return;
    }
    globalSpend(std::move(channel));
}

void SpendApi::logs(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    const bool admin = isAdmin(ctx);
    if (!admin && ctx.principal.kind != Principal::Kind::VirtualKey) {
        channel->sendError(adminOnly("/spend/logs"));
        return;
    }
    const QUrlQuery query = queryOf(ctx);
    ApiError error;
    UsageRepository::LogQuery q;
    const QString apiKey = query.queryItemValue(u"api_key"_s, QUrl::FullyDecoded).trimmed();
    q.apiKeyToken = apiKey.startsWith(u"sk-"_s) ? ApiKeys::token(apiKey.toUtf8()) : apiKey.toLower();
    if (!admin) {
        // A virtual key reads its own requests only.
        if (!q.apiKeyToken.isEmpty() && q.apiKeyToken != ctx.principal.keyHash) {
            channel->sendError(adminOnly("/spend/logs for another key"));
            return;
        }
        q.apiKeyToken = ctx.principal.keyHash;
    }
    q.requestId = query.queryItemValue(u"request_id"_s, QUrl::FullyDecoded).trimmed();
    q.startDate = dateParam(query, u"start_date"_s, &error);
    q.endDate = dateParam(query, u"end_date"_s, &error);
    if (query.hasQueryItem(u"limit"_s)) {
        bool ok = false;
        q.limit = query.queryItemValue(u"limit"_s).toInt(&ok);
        if (!ok || q.limit < 1 || q.limit > kMaxLogRows)
            error
                = ApiError::badRequest(u"'limit' must be from 1 to %1."_s.arg(kMaxLogRows), "invalid_request", "limit");
    }
    if (error.status == 400) {
        channel->sendError(error);
        return;
    }
    const QString summarizeText = query.queryItemValue(u"summarize"_s).toLower();
    const bool summarize = q.startDate && q.endDate && summarizeText != u"false" && summarizeText != u"0";
    StorageService* storage = m_keys.storage();
    if (!storage || !storage->isReady()) {
        channel->sendError(noDatabase());
        return;
    }
    // What is still queued belongs in the answer: hand it over first (the storage thread runs
    // jobs in order, so the query sees it).
    storage->flush();
    storage->run<QueryResult>(
        [q, summarize](Database* db) {
            QueryResult r;
            if (!db) {
                r.error = u"unreachable"_s;
                return r;
            }
            const std::optional<QJsonArray> rows
                = summarize ? UsageRepository::dailySummary(*db, q, &r.error) : UsageRepository::logs(*db, q, &r.error);
            if (rows)
                r.value = *rows;
            return r;
        },
        [out = share(std::move(channel))](QueryResult r) {
            if (!r.value) {
                (*out)->sendError(r.error == u"unreachable"
                                      ? noDatabase()
                                      : ApiError{500,
                                                 u"Reading the spend logs failed: %1"_s.arg(r.error),
                                                 "api_error",
                                                 "database_error",
                                                 {},
                                                 std::nullopt});
                return;
            }
            sendJson(**out, *r.value);
        });
}

void SpendApi::globalSpend(std::unique_ptr<ResponseChannel> channel)
{
    StorageService* storage = m_keys.storage();
    if (!storage || !storage->isReady()) {
        channel->sendError(noDatabase());
        return;
    }
    // LiteLLM's MonthlyGlobalSpend: the last 30 days, from midnight UTC 30 days ago.
    const QDateTime since(m_keys.clock().nowUtc().date().addDays(-30), QTime(0, 0), QTimeZone::utc());
    storage->flush();
    storage->run<QueryResult>(
        [since](Database* db) {
            QueryResult r;
            if (!db) {
                r.error = u"unreachable"_s;
                return r;
            }
            if (const std::optional<double> total
                = UsageRepository::spendSince(*db, since.toMSecsSinceEpoch(), &r.error))
                r.value = *total;
            return r;
        },
        [out = share(std::move(channel))](QueryResult r) {
            if (!r.value) {
                (*out)->sendError(noDatabase());
                return;
            }
            sendJson(**out, QJsonObject{{u"spend"_s, r.value->toDouble()}, {u"max_budget"_s, QJsonValue()}});
        });
}

} // namespace sy
