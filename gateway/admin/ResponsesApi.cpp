#include "gateway/admin/ResponsesApi.h"

#include "gateway/admin/AdminSupport.h"
#include "gateway/dialects/responses/ResponsesHistory.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/keys/KeyManager.h"
#include "gateway/pipeline/RequestContext.h"
#include "gateway/storage/ResponseRepository.h"
#include "gateway/storage/StorageService.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

using namespace AdminSupport;

struct Target
{
    QString id;
    bool inputItems = false;
};

// /responses/{id} or /responses/{id}/input_items, after an optional /v1.
std::optional<Target> targetOf(QByteArrayView path)
{
    path = normalizedPath(path);
    if (path.startsWith("/v1/"))
        path = path.sliced(3);
    if (!path.startsWith("/responses/"))
        return std::nullopt;
    const QList<QByteArray> parts = path.sliced(11).toByteArray().split('/');
    if (parts.isEmpty() || parts.size() > 2 || parts[0].isEmpty())
        return std::nullopt;
    if (parts.size() == 2 && parts[1] != "input_items")
        return std::nullopt;
    return Target{QString::fromUtf8(parts[0]), parts.size() == 2};
}

struct Lookup
{
    std::optional<StoredResponse> stored;
    bool deleted = false;
    QString error;
};

ApiError notFound(const QString& id)
{
    return ApiError::notFound(u"Response with id '%1' not found."_s.arg(id), "not_found");
}

void sendBody(ResponseChannel& channel, const QByteArray& body)
{
    HttpHeaders headers;
    headers.add("content-type", "application/json");
    channel.send(200, headers, body);
}

void answer(
    ResponseChannel& channel, const Target& target, const QUrlQuery& query, const QByteArray& method, const Lookup& r)
{
    if (!r.error.isEmpty()) {
        channel.sendError(ApiError::serviceUnavailable(
            u"Stored responses are not available: %1"_s.arg(r.error), "storage_unavailable", 5));
        return;
    }
    if (method == "DELETE") {
        if (!r.deleted) {
            channel.sendError(notFound(target.id));
            return;
        }
        sendJson(channel, QJsonObject{{u"id"_s, target.id}, {u"object"_s, u"response"_s}, {u"deleted"_s, true}});
        return;
    }
    if (!r.stored) {
        channel.sendError(notFound(target.id));
        return;
    }
    if (!target.inputItems) {
        sendBody(channel, r.stored->response);
        return;
    }
    bool ok = true;
    const int limit = query.hasQueryItem(u"limit"_s) ? query.queryItemValue(u"limit"_s).toInt(&ok) : 20;
    if (!ok || limit < 1 || limit > 100) {
        channel.sendError(ApiError::badRequest(u"'limit' must be from 1 to 100."_s, "invalid_request", "limit"));
        return;
    }
    sendBody(channel,
             ResponsesHistory::inputItemsPage(target.id,
                                              r.stored->input,
                                              query.queryItemValue(u"order"_s),
                                              query.queryItemValue(u"after"_s, QUrl::FullyDecoded),
                                              limit));
}

} // namespace

ResponsesApi::ResponsesApi(KeyManager& keys)
    : m_keys(keys)
{ }

bool ResponsesApi::handles(QByteArrayView path) const
{
    return targetOf(path).has_value();
}

void ResponsesApi::handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    const Target target = *targetOf(ctx.http.path);
    const QByteArray method = ctx.http.method;
    const bool allowed = target.inputItems ? method == "GET" : (method == "GET" || method == "DELETE");
    if (!allowed) {
        channel->sendError(methodNotAllowed(ctx, target.inputItems ? "GET" : "GET, DELETE"));
        return;
    }
    StorageService* storage = m_keys.storage();
    if (!storage || !storage->isReady()) {
        channel->sendError(ApiError::serviceUnavailable(
            u"Stored responses need the database, which is not available (general_settings.database_url)."_s,
            "storage_unavailable",
            5));
        return;
    }
    const QString key = ctx.principal.keyHash;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    storage->run<Lookup>(
        [target, key, now, method](Database* db) {
            Lookup r;
            if (!db) {
                r.error = u"the database is unreachable"_s;
                return r;
            }
            if (method == "DELETE")
                ResponseRepository::remove(*db, target.id, key, &r.deleted, &r.error);
            else
                r.stored = ResponseRepository::find(*db, target.id, key, now, &r.error);
            return r;
        },
        [out = share(std::move(channel)), target, query = queryOf(ctx), method](Lookup r) {
            answer(**out, target, query, method, r);
        });
}

} // namespace sy
