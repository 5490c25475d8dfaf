#pragma once

#include "gateway/pipeline/AdminHandler.h"
#include "gateway/pipeline/StageResult.h"
#include "gateway/webui/UiLogin.h"
#include "gateway/webui/UiSessions.h"
#include "gateway/webui/WebAssets.h"

#include <QStringList>

#include <optional>

namespace sy {

struct GatewayConfig;
class KeyCache;

/**
 * The web admin UI (issue #17) at gateway.ui.path (default /ui):
 *   GET  /ui/…              the page and its files, from WebAssets (ETag, gzip)
 *   POST /ui/api/login      {"username", "password"} → a session cookie and the CSRF token
 *   GET  /ui/api/session    who is signed in, and the CSRF token (for a reloaded page)
 *   POST /ui/api/logout
 * Everything else the page does goes through the admin API that scripts use (/key, /spend,
 * /servers, /dashboard, /config), which accepts the session through checkSession(): an admin
 * session as the master key, a virtual key's session as that key; writes only with the CSRF
 * token in X-CSRF-Token. The UI is off unless someone can sign in as admin (a master key or
 * UI_PASSWORD), and when gateway.ui.enabled is false.
 */
class WebUiHandler final : public IAdminHandler
{
public:
    WebUiHandler(const IClock& clock, const KeyCache* keys, UiLogin::Credentials credentials);

    /** Serves @p config's gateway.ui from now on, and says in the log where, or why not. */
    void applyConfig(const GatewayConfig& config, const QStringList& baseUrls);
    bool isServing() const { return !m_path.isEmpty(); }

    bool handles(QByteArrayView path) const override;
    bool isPublic(QByteArrayView path) const override { return handles(path); }
    void handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel) override;

    /** AuthStage's session hook: nothing without a session cookie, else the session's verdict. */
    std::optional<StageResult> checkSession(RequestContext& ctx);

    UiSessions& sessions() { return m_sessions; }

private:
    void login(RequestContext& ctx, ResponseChannel& channel);
    void logout(RequestContext& ctx, ResponseChannel& channel);
    void session(RequestContext& ctx, ResponseChannel& channel);
    void serveFile(RequestContext& ctx, ResponseChannel& channel, const QString& relative);
    static void sendSession(ResponseChannel& channel, const UiSession& session, const QByteArray& setCookie);

    QByteArray m_path; ///< empty: the UI is off
    UiSessions m_sessions;
    UiLogin m_login;
    WebAssets m_assets;
    const KeyCache* m_keys;
};

} // namespace sy
