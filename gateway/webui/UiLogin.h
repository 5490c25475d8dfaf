#pragma once

#include "gateway/pipeline/AuthThrottle.h"

#include <QString>

namespace sy {

class KeyCache;

/**
 * Who may sign in to the web UI (issue #17), as LiteLLM's UI allows:
 *   - the master key as password (any user name), as admin;
 *   - UI_USERNAME (default "admin") with UI_PASSWORD or LITELLM_UI_PASSWORD, as admin;
 *   - a virtual key as password, which then sees only its own usage.
 * Failed attempts are throttled per address (AuthThrottle): a guesser gets 429, the same pauses
 * as a wrong API key.
 */
class UiLogin
{
public:
    struct Credentials
    {
        QString username = QStringLiteral("admin");
        QString password; ///< empty: no UI password, only the master key and virtual keys sign in
        /** UI_USERNAME, UI_PASSWORD and LITELLM_UI_PASSWORD from the environment. */
        static Credentials fromEnvironment();
    };

    enum class Outcome
    {
        Admin,
        VirtualKey,
        Refused,
        Throttled,
    };
    struct Result
    {
        Outcome outcome = Outcome::Refused;
        QString keyHash; ///< VirtualKey: its token
        QString alias;
        int retryAfterSeconds = 0; ///< Throttled
        QString message; ///< Refused: why, for the page
    };

    UiLogin(const IClock& clock, Credentials credentials);

    /** True when anyone can sign in as admin: a master key or a UI password is set. */
    bool hasAdminLogin(const QString& masterKey) const
    {
        return !masterKey.isEmpty() || !m_credentials.password.isEmpty();
    }

    Result attempt(const QHostAddress& peer,
                   const QString& username,
                   const QString& password,
                   const QString& masterKey,
                   const KeyCache* keys,
                   int failuresPerMinute);

private:
    Result
    check(const QString& username, const QString& password, const QString& masterKey, const KeyCache* keys) const;

    const IClock& m_clock;
    Credentials m_credentials;
    AuthThrottle m_throttle;
};

} // namespace sy
