#include "gateway/webui/UiLogin.h"

#include "gateway/core/Clock.h"
#include "gateway/keys/ApiKeys.h"
#include "gateway/keys/KeyCache.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

bool constantTimeEquals(const QString& a, const QString& b)
{
    return ApiKeys::constantTimeEquals(a.toUtf8(), b.toUtf8());
}

} // namespace

UiLogin::Credentials UiLogin::Credentials::fromEnvironment()
{
    Credentials c;
    if (const QString user = qEnvironmentVariable("UI_USERNAME").trimmed(); !user.isEmpty())
        c.username = user;
    c.password = qEnvironmentVariable("UI_PASSWORD");
    if (c.password.isEmpty())
        c.password = qEnvironmentVariable("LITELLM_UI_PASSWORD");
    return c;
}

UiLogin::UiLogin(const IClock& clock, Credentials credentials)
    : m_clock(clock)
    , m_credentials(std::move(credentials))
    , m_throttle(clock)
{ }

UiLogin::Result UiLogin::attempt(const QHostAddress& peer,
                                 const QString& username,
                                 const QString& password,
                                 const QString& masterKey,
                                 const KeyCache* keys,
                                 int failuresPerMinute)
{
    // At least a few tries a minute even with the API's throttle off: a person mistypes.
    m_throttle.setLimit(failuresPerMinute > 0 ? failuresPerMinute : 10);
    if (const int wait = m_throttle.admit(peer))
        return {Outcome::Throttled, {}, {}, wait, u"Too many failed sign-ins. Retry in %1 s."_s.arg(wait)};
    Result result = check(username, password, masterKey, keys);
    if (result.outcome == Outcome::Refused)
        m_throttle.noteFailure(peer);
    return result;
}

UiLogin::Result
UiLogin::check(const QString& username, const QString& password, const QString& masterKey, const KeyCache* keys) const
{
    if (password.isEmpty())
        return {Outcome::Refused, {}, {}, 0, u"Enter a password."_s};
    if (!masterKey.isEmpty() && constantTimeEquals(password, masterKey))
        return {Outcome::Admin, {}, {}, 0, {}};
    if (!m_credentials.password.isEmpty() && username.trimmed() == m_credentials.username
        && constantTimeEquals(password, m_credentials.password))
        return {Outcome::Admin, {}, {}, 0, {}};
    if (keys && !keys->isEmpty()) {
        if (const std::shared_ptr<KeyEntry> entry = keys->find(ApiKeys::digest(password.toUtf8()))) {
            const VirtualKey& key = entry->key;
            if (key.blocked || key.isExpired(m_clock.nowUtc()))
                return {Outcome::Refused, {}, {}, 0, u"This key is blocked or expired."_s};
            return {Outcome::VirtualKey, key.token, key.alias, 0, {}};
        }
    }
    return {Outcome::Refused, {}, {}, 0, u"Wrong user name or password."_s};
}

} // namespace sy
