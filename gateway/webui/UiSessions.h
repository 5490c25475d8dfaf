#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <optional>

namespace sy {

class HttpHeaders;
class IClock;

/** One signed-in browser. */
struct UiSession
{
    QByteArray token; ///< the cookie's value: 32 random bytes, hex
    QByteArray csrf; ///< what writes must carry in X-CSRF-Token
    QString keyHash; ///< the virtual key that signed in; empty: an admin
    QString alias; ///< that key's alias, for the page
    qint64 expiresMs = 0; ///< monotonic
    bool isAdmin() const { return keyHash.isEmpty(); }
};

/**
 * The web UI's sessions (issue #17), in memory on the gateway thread: a restart signs everyone
 * out. A session is an HttpOnly, SameSite=Strict cookie holding a random token, valid for
 * kLifetimeMs; its CSRF token is handed to the page at sign-in and must come back in a header on
 * every write, which a page of another site can neither read nor forge.
 */
class UiSessions
{
public:
    static constexpr qint64 kLifetimeMs = 8LL * 3600 * 1000;
    static constexpr int kMaxSessions = 1000; ///< beyond: the one closest to expiry goes
    static constexpr QByteArrayView kCookieName = "sy_session";

    explicit UiSessions(const IClock& clock);

    UiSession create(const QString& keyHash, const QString& alias);
    /** The live session of @p token; an expired one is forgotten. */
    std::optional<UiSession> find(QByteArrayView token);
    void remove(QByteArrayView token);
    /** Signs out every session of @p keyHash (its key was deleted or blocked). */
    void removeKey(const QString& keyHash);
    int size() const { return int(m_sessions.size()); }

    /** The session token in a Cookie header, or empty. */
    static QByteArray tokenFrom(const HttpHeaders& headers);
    /** The Set-Cookie value that signs @p session in; @p secure over HTTPS. */
    static QByteArray setCookie(const UiSession& session, bool secure);
    static QByteArray clearCookie(bool secure);
    /** Whether @p headers carry @p session's CSRF token (compared in constant time). */
    static bool csrfMatches(const UiSession& session, const HttpHeaders& headers);

private:
    void evictOne();

    const IClock& m_clock;
    QHash<QByteArray, UiSession> m_sessions;
};

} // namespace sy
