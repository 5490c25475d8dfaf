#include "gateway/webui/UiSessions.h"

#include "gateway/core/Clock.h"
#include "gateway/http/HttpHeaders.h"
#include "gateway/keys/ApiKeys.h"

#include <QRandomGenerator>

#include <array>

namespace sy {

namespace {

QByteArray randomToken()
{
    std::array<quint32, 8> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    return QByteArray(reinterpret_cast<const char*>(words.data()), sizeof(words)).toHex();
}

} // namespace

UiSessions::UiSessions(const IClock& clock)
    : m_clock(clock)
{ }

UiSession UiSessions::create(const QString& keyHash, const QString& alias)
{
    if (m_sessions.size() >= kMaxSessions)
        evictOne();
    UiSession s{randomToken(), randomToken(), keyHash, alias, m_clock.monotonicMs() + kLifetimeMs};
    m_sessions.insert(s.token, s);
    return s;
}

std::optional<UiSession> UiSessions::find(QByteArrayView token)
{
    if (token.isEmpty())
        return std::nullopt;
    // A hash lookup, then a constant-time comparison: timing tells nothing about the token.
    const auto it = m_sessions.constFind(token.toByteArray());
    if (it == m_sessions.cend() || !ApiKeys::constantTimeEquals(it->token, token))
        return std::nullopt;
    if (it->expiresMs <= m_clock.monotonicMs()) {
        m_sessions.erase(it);
        return std::nullopt;
    }
    return *it;
}

void UiSessions::remove(QByteArrayView token)
{
    m_sessions.remove(token.toByteArray());
}

void UiSessions::removeKey(const QString& keyHash)
{
    m_sessions.removeIf([&keyHash](const auto& it) { return !keyHash.isEmpty() && it.value().keyHash == keyHash; });
}

void UiSessions::evictOne()
{
    auto oldest = m_sessions.begin();
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        if (it->expiresMs < oldest->expiresMs)
            oldest = it;
    }
    if (oldest != m_sessions.end())
        m_sessions.erase(oldest);
}

QByteArray UiSessions::tokenFrom(const HttpHeaders& headers)
{
    // Cookie: a=1; sy_session=abc; b=2 (a client may also send several Cookie fields)
    for (const HttpHeaders::Field& field : headers.fields()) {
        if (field.first != "cookie")
            continue;
        for (const QByteArray& raw : field.second.split(';')) {
            const QByteArray part = raw.trimmed();
            if (part.size() > kCookieName.size() && part.startsWith(kCookieName) && part[kCookieName.size()] == '=')
                return part.sliced(kCookieName.size() + 1);
        }
    }
    return {};
}

QByteArray UiSessions::setCookie(const UiSession& session, bool secure)
{
    return kCookieName.toByteArray() + '=' + session.token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
        + QByteArray::number(kLifetimeMs / 1000) + (secure ? "; Secure" : "");
}

QByteArray UiSessions::clearCookie(bool secure)
{
    return kCookieName.toByteArray() + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure ? "; Secure" : "");
}

bool UiSessions::csrfMatches(const UiSession& session, const HttpHeaders& headers)
{
    return ApiKeys::constantTimeEquals(session.csrf, headers.value("x-csrf-token").trimmed());
}

} // namespace sy
