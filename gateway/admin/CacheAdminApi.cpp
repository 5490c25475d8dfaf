#include "gateway/admin/CacheAdminApi.h"

#include "gateway/admin/AdminSupport.h"
#include "gateway/cache/ResponseCache.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/pipeline/RequestContext.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

using namespace AdminSupport;

QJsonObject paramsOf(const CacheSettings& s)
{
    QJsonArray types;
    if (s.chat)
        types.append(u"acompletion"_s);
    if (s.completion)
        types.append(u"atext_completion"_s);
    if (s.embedding)
        types.append(u"aembedding"_s);
    return QJsonObject{{u"type"_s, s.type},
                       {u"namespace"_s, s.ns.isEmpty() ? QJsonValue() : QJsonValue(s.ns)},
                       {u"ttl"_s, double(s.ttl.count()) / 1000},
                       {u"mode"_s, s.mode == CacheSettings::Mode::DefaultOn ? u"default_on"_s : u"default_off"_s},
                       {u"supported_call_types"_s, types}};
}

ApiError cacheOff()
{
    return ApiError::serviceUnavailable(u"Response caching is off: set litellm_settings.cache: true in the config."_s,
                                        "cache_not_enabled");
}

} // namespace

CacheAdminApi::CacheAdminApi(ResponseCache& cache)
    : m_cache(cache)
{ }

bool CacheAdminApi::handles(QByteArrayView path) const
{
    const QByteArrayView p = normalizedPath(path);
    return p == "/cache/ping" || p == "/cache/flushall" || p == "/cache/delete";
}

void CacheAdminApi::handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    const QByteArrayView path = normalizedPath(ctx.http.path);
    if (!isAdmin(ctx)) {
        channel->sendError(adminOnly(path));
        return;
    }
    const QByteArray want = path == "/cache/ping" ? "GET" : "POST";
    if (ctx.http.method != want) {
        channel->sendError(methodNotAllowed(ctx, want));
        return;
    }
    if (!m_cache.isEnabled()) {
        channel->sendError(cacheOff());
        return;
    }
    if (path == "/cache/ping")
        ping(std::move(channel));
    else if (path == "/cache/flushall")
        flush(std::move(channel));
    else
        remove(ctx, std::move(channel));
}

void CacheAdminApi::ping(std::unique_ptr<ResponseChannel> channel)
{
    SharedChannel shared = share(std::move(channel));
    // Values, not the cache: the answer may come while the cache is being torn down.
    const QString type = m_cache.typeName();
    const QJsonObject params = paramsOf(m_cache.settings());
    m_cache.ping([shared, type, params](bool ok, const QString& detail) {
        if (!*shared)
            return;
        QJsonObject body{{u"status"_s, ok ? u"healthy"_s : u"unhealthy"_s},
                         {u"cache_type"_s, type},
                         {u"ping_response"_s, ok},
                         {u"set_cache_response"_s, ok ? u"success"_s : u"failed"_s},
                         {u"detail"_s, detail},
                         {u"litellm_cache_params"_s, params}};
        sendJson(**shared, body, ok ? 200 : 503);
    });
}

void CacheAdminApi::flush(std::unique_ptr<ResponseChannel> channel)
{
    SharedChannel shared = share(std::move(channel));
    m_cache.flush([shared](bool ok, const QString& detail) {
        if (!*shared)
            return;
        if (ok)
            sendJson(**shared, QJsonObject{{u"status"_s, u"success"_s}, {u"detail"_s, detail}});
        else
            (*shared)->sendError(
                ApiError::serviceUnavailable(u"The cache was not flushed: %1"_s.arg(detail), "cache_unavailable"));
    });
}

void CacheAdminApi::remove(const RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    ApiError error;
    const std::optional<QJsonObject> body = bodyObject(ctx, &error);
    QList<QByteArray> keys;
    for (const QJsonValue& v : body ? body->value(u"keys"_s).toArray() : QJsonArray())
        keys.append(v.toString().toUtf8());
    keys.removeAll(QByteArray());
    if (!body || keys.isEmpty()) {
        channel->sendError(
            body ? ApiError::badRequest(u"Expected {\"keys\": [cache keys]}."_s, "invalid_request", "keys") : error);
        return;
    }
    SharedChannel shared = share(std::move(channel));
    m_cache.remove(keys, [shared](bool ok, const QString& detail) {
        if (!*shared)
            return;
        if (ok)
            sendJson(**shared, QJsonObject{{u"status"_s, u"success"_s}, {u"detail"_s, detail}});
        else
            (*shared)->sendError(
                ApiError::serviceUnavailable(u"Nothing was deleted: %1"_s.arg(detail), "cache_unavailable"));
    });
}

} // namespace sy
