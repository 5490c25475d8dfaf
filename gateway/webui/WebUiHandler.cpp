#include "gateway/webui/WebUiHandler.h"

#include "gateway/core/Clock.h"
#include "gateway/core/GatewayConfig.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/keys/KeyCache.h"
#include "gateway/pipeline/AuthStage.h"
#include "gateway/pipeline/RequestContext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcWebUi, "switchyard.webui", QtInfoMsg)

namespace sy {

namespace {

void sendJson(ResponseChannel& channel, int status, const QJsonObject& body, const QByteArray& setCookie = {})
{
    HttpHeaders headers;
    headers.add("content-type", "application/json");
    headers.add("cache-control", "no-store");
    if (!setCookie.isEmpty())
        headers.add("set-cookie", setCookie);
    channel.send(status, headers, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

ApiError error(int status, const QString& message, const QByteArray& code)
{
    return {status, message, "auth_error", code, {}, std::nullopt};
}

bool isWrite(const QByteArray& method)
{
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool secure(const RequestContext& ctx)
{
    return !ctx.config->tls.certFile.isEmpty();
}

} // namespace

WebUiHandler::WebUiHandler(const IClock& clock, const KeyCache* keys, UiLogin::Credentials credentials)
    : m_sessions(clock)
    , m_login(clock, std::move(credentials))
    , m_keys(keys)
{ }

void WebUiHandler::applyConfig(const GatewayConfig& config, const QStringList& baseUrls)
{
    const QByteArray before = m_path;
    m_path.clear();
    if (!config.ui.enabled) {
        qCInfo(lcWebUi) << "web admin UI is off (gateway.ui.enabled: false)";
        return;
    }
    if (!m_login.hasAdminLogin(config.masterKey)) {
        qCInfo(lcWebUi) << "web admin UI is off: nobody could sign in as admin. Set general_settings.master_key,"
                           " or UI_PASSWORD (or LITELLM_UI_PASSWORD) in the environment";
        return;
    }
    m_path = config.ui.path.toUtf8();
    if (m_path == before)
        return;
    QStringList urls;
    for (QString url : baseUrls) {
        url.chop(3); // "/v1"
        urls.append(url + config.ui.path + u'/');
    }
    qCInfo(lcWebUi).noquote() << "web admin UI at" << urls.join(u", "_s);
}

bool WebUiHandler::handles(QByteArrayView path) const
{
    if (m_path.isEmpty() || !path.startsWith(m_path))
        return false;
    return path.size() == m_path.size() || path[m_path.size()] == '/';
}

void WebUiHandler::handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel)
{
    const QByteArrayView rest = QByteArrayView(ctx.http.path).sliced(m_path.size());
    if (rest.isEmpty()) { // "/ui": relative links need the slash
        HttpHeaders headers;
        headers.add("location", QByteArray(m_path + '/'));
        channel->send(301, headers, {});
        return;
    }
    if (rest == "/api/login")
        login(ctx, *channel);
    else if (rest == "/api/logout")
        logout(ctx, *channel);
    else if (rest == "/api/session")
        session(ctx, *channel);
    else if (rest.startsWith("/api/"))
        channel->sendError(
            ApiError::notFound(u"Unknown path %1."_s.arg(QString::fromUtf8(ctx.http.path)), "not_found"));
    else
        serveFile(ctx, *channel, rest == "/" ? u"index.html"_s : QString::fromUtf8(rest.sliced(1)));
}

void WebUiHandler::sendSession(ResponseChannel& channel, const UiSession& session, const QByteArray& setCookie)
{
    QJsonObject body{{u"role"_s, session.isAdmin() ? u"admin"_s : u"key"_s},
                     {u"csrf_token"_s, QString::fromLatin1(session.csrf)}};
    if (!session.isAdmin()) {
        body.insert(u"token"_s, session.keyHash);
        body.insert(u"key_alias"_s, session.alias);
    }
    sendJson(channel, 200, body, setCookie);
}

void WebUiHandler::login(RequestContext& ctx, ResponseChannel& channel)
{
    if (ctx.http.method != "POST") {
        channel.sendError(
            {405, u"Sign in with POST."_s, "invalid_request_error", "method_not_allowed", {}, std::nullopt});
        return;
    }
    const QJsonObject body = QJsonDocument::fromJson(ctx.http.body).object();
    const UiLogin::Result r = m_login.attempt(ctx.http.peer,
                                              body.value(u"username"_s).toString(),
                                              body.value(u"password"_s).toString(),
                                              ctx.config->masterKey,
                                              m_keys,
                                              ctx.config->authFailuresPerMinute);
    if (r.outcome == UiLogin::Outcome::Throttled) {
        channel.sendError(ApiError::tooManyRequests(r.message, r.retryAfterSeconds, "login_throttled"));
        return;
    }
    if (r.outcome == UiLogin::Outcome::Refused) {
        channel.sendError(error(401, r.message, "invalid_login"));
        return;
    }
    const UiSession s = m_sessions.create(r.keyHash, r.alias);
    qCInfo(lcWebUi).noquote() << "signed in from" << ctx.http.peer.toString() << "as"
                              << (s.isAdmin() ? u"admin"_s
                                              : u"key "_s + (r.alias.isEmpty() ? r.keyHash.left(8) : r.alias));
    sendSession(channel, s, UiSessions::setCookie(s, secure(ctx)));
}

void WebUiHandler::logout(RequestContext& ctx, ResponseChannel& channel)
{
    const std::optional<StageResult> verdict = ctx.http.method == "POST" ? checkSession(ctx) : std::nullopt;
    if (verdict && !verdict->isNext()) {
        channel.sendError(verdict->error());
        return;
    }
    m_sessions.remove(UiSessions::tokenFrom(ctx.http.headers));
    sendJson(channel, 200, QJsonObject{{u"signed_out"_s, true}}, UiSessions::clearCookie(secure(ctx)));
}

void WebUiHandler::session(RequestContext& ctx, ResponseChannel& channel)
{
    const std::optional<UiSession> s = m_sessions.find(UiSessions::tokenFrom(ctx.http.headers));
    if (!s) {
        channel.sendError(error(401, u"Not signed in."_s, "not_signed_in"));
        return;
    }
    sendSession(channel, *s, {});
}

void WebUiHandler::serveFile(RequestContext& ctx, ResponseChannel& channel, const QString& relative)
{
    if (ctx.http.method != "GET" && ctx.http.method != "HEAD") {
        channel.sendError(
            {405, u"Only GET is allowed here."_s, "invalid_request_error", "method_not_allowed", {}, std::nullopt});
        return;
    }
    const WebAsset* asset = m_assets.find(relative);
    if (!asset) {
        channel.sendError(ApiError::notFound(u"No such file in the web UI: %1."_s.arg(relative), "not_found"));
        return;
    }
    HttpHeaders headers;
    headers.add("etag", asset->etag);
    // The vendored files are pinned by version; the UI's own change with the binary: revalidate.
    headers.add("cache-control", relative.startsWith(u"vendor/") ? "public, max-age=86400" : "no-cache");
    headers.add("x-content-type-options", "nosniff");
    headers.add("x-frame-options", "DENY");
    headers.add("referrer-policy", "no-referrer");
    headers.add("content-security-policy",
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
    if (ctx.http.headers.value("if-none-match") == asset->etag) {
        channel.send(304, headers, {});
        return;
    }
    headers.add("content-type", asset->contentType);
    headers.add("vary", "Accept-Encoding");
    const bool gzip = !asset->gzipped.isEmpty() && ctx.http.headers.hasToken("accept-encoding", "gzip");
    if (gzip)
        headers.add("content-encoding", "gzip");
    channel.send(200, headers, gzip ? asset->gzipped : asset->body);
}

std::optional<StageResult> WebUiHandler::checkSession(RequestContext& ctx)
{
    const QByteArray token = UiSessions::tokenFrom(ctx.http.headers);
    // A script's own key wins over a cookie its HTTP library happens to keep.
    if (m_path.isEmpty() || token.isEmpty() || !AuthStage::presentedKey(ctx.http.headers).isEmpty())
        return std::nullopt;
    const std::optional<UiSession> s = m_sessions.find(token);
    if (!s)
        return StageResult::reject(error(401, u"The web UI session has ended; sign in again."_s, "session_expired"));
    if (isWrite(ctx.http.method) && !UiSessions::csrfMatches(*s, ctx.http.headers)) {
        return StageResult::reject(error(
            403, u"This change needs the session's CSRF token in the X-CSRF-Token header."_s, "csrf_token_invalid"));
    }
    if (s->isAdmin()) {
        ctx.principal.kind = Principal::Kind::Session;
        return StageResult::next();
    }
    const std::shared_ptr<KeyEntry> entry = m_keys ? m_keys->findToken(s->keyHash) : nullptr;
    if (!entry || entry->revoked || entry->key.blocked) {
        m_sessions.remove(token);
        return StageResult::reject(
            error(401, u"The key this session signed in with is gone or blocked."_s, "session_expired"));
    }
    ctx.principal.kind = Principal::Kind::VirtualKey;
    ctx.principal.keyHash = entry->key.token;
    ctx.principal.alias = entry->key.alias;
    ctx.principal.key = entry;
    return StageResult::next();
}

} // namespace sy
