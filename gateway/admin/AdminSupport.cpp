#include "gateway/admin/AdminSupport.h"

#include "gateway/http/ResponseChannel.h"
#include "gateway/pipeline/RequestContext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace sy::AdminSupport {

QByteArrayView normalizedPath(QByteArrayView path)
{
    while (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    return path;
}

QUrlQuery queryOf(const RequestContext& ctx)
{
    // Form encoding: '+' is a space, as in Python's requests and curl --data-urlencode.
    QString query = QString::fromUtf8(ctx.http.query);
    query.replace(u'+', u' ');
    return QUrlQuery(query);
}

std::optional<QJsonObject> bodyObject(const RequestContext& ctx, ApiError* error)
{
    if (ctx.http.body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(ctx.http.body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error
            = ApiError::badRequest(u"The request body is not valid JSON: %1 at byte %2."_s.arg(parseError.errorString())
                                       .arg(parseError.offset),
                                   "invalid_json");
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = ApiError::badRequest(u"The request body must be a JSON object."_s, "invalid_json");
        return std::nullopt;
    }
    return doc.object();
}

bool isAdmin(const RequestContext& ctx)
{
    // Issue #15: never an anonymous caller. Without a master key the pipeline refuses admin paths
    // before they get here; the tray needs none, it talks to the gateway in process.
    return ctx.principal.isAdmin();
}

ApiError adminOnly(QByteArrayView path)
{
    return {403,
            u"Only the master key may use %1."_s.arg(QString::fromUtf8(path)),
            "auth_error",
            "forbidden",
            {},
            std::nullopt};
}

ApiError methodNotAllowed(const RequestContext& ctx, QByteArrayView allowed)
{
    return {405,
            u"Method %1 is not allowed on %2; use %3."_s.arg(
                QString::fromLatin1(ctx.http.method), QString::fromUtf8(ctx.http.path), QString::fromLatin1(allowed)),
            "invalid_request_error",
            "method_not_allowed",
            {},
            std::nullopt};
}

void sendJson(ResponseChannel& channel, const QJsonValue& json, int status)
{
    HttpHeaders headers;
    headers.add("content-type", "application/json");
    QByteArray body;
    if (json.isArray())
        body = QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact);
    else
        body = QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact);
    channel.send(status, headers, body);
}

SharedChannel share(std::unique_ptr<ResponseChannel> channel)
{
    return std::make_shared<std::unique_ptr<ResponseChannel>>(std::move(channel));
}

} // namespace sy::AdminSupport
