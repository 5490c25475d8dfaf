#include "gateway/pipeline/AuthStage.h"

#include "gateway/core/Clock.h"
#include "gateway/keys/ApiKeys.h"
#include "gateway/keys/KeyCache.h"
#include "gateway/pipeline/RequestContext.h"

using namespace Qt::StringLiterals;

namespace sy {

AuthStage::AuthStage()
    : m_throttle(SystemClock::instance())
{ }

void AuthStage::setKeys(const KeyCache* keys, const IClock* clock)
{
    m_keys = keys;
    m_clock = clock;
}

QByteArray AuthStage::presentedKey(const HttpHeaders& headers)
{
    // Views until the key itself: this runs on every request.
    const QByteArray authorization = headers.value("authorization");
    const QByteArrayView field = QByteArrayView(authorization).trimmed();
    if (field.size() > 7 && field.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return field.sliced(7).trimmed().toByteArray();
    const QByteArray apiKey = headers.value("x-api-key");
    return QByteArrayView(apiKey).trimmed().toByteArray();
}

bool AuthStage::isMasterKey(QByteArrayView key, const QString& masterKey)
{
    if (masterKey != m_masterKey) {
        m_masterKey = masterKey;
        m_masterKeyBytes = masterKey.toUtf8();
    }
    return ApiKeys::constantTimeEquals(key, m_masterKeyBytes);
}

StageResult AuthStage::acceptVirtualKey(RequestContext& ctx, const std::shared_ptr<KeyEntry>& entry) const
{
    const VirtualKey& key = entry->key;
    if (key.blocked) {
        return StageResult::reject(ApiError{
            401,
            u"Authentication Error, Key is blocked. An admin can unblock it with /key/unblock or /key/update."_s,
            "authentication_error",
            "key_blocked",
            {},
            std::nullopt});
    }
    const QDateTime now = m_clock ? m_clock->nowUtc() : QDateTime::currentDateTimeUtc();
    if (key.isExpired(now)) {
        return StageResult::reject(
            ApiError{401,
                     u"Authentication Error - Expired Key. Key Expiry time %1 and current time %2"_s.arg(
                         key.expires.toString(Qt::ISODate), now.toString(Qt::ISODate)),
                     "expired_key",
                     "expired_key",
                     {},
                     std::nullopt});
    }
    ctx.principal.kind = Principal::Kind::VirtualKey;
    ctx.principal.keyHash = key.token;
    ctx.principal.alias = key.alias;
    ctx.principal.key = entry;
    return StageResult::next();
}

StageResult AuthStage::process(RequestContext& ctx)
{
    m_throttle.setLimit(ctx.config->authFailuresPerMinute);
    if (const int wait = m_throttle.admit(ctx.http.peer)) {
        return StageResult::reject(ApiError::tooManyRequests(
            u"Too many failed authentications from this address. Retry in %1 s with a valid key."_s.arg(wait),
            wait,
            "auth_throttled"));
    }
    StageResult result = authenticate(ctx);
    // A wrong key is a guess; a missing one is a client not set up yet, and guesses nothing.
    if (!result.isNext() && result.error().code == "invalid_api_key" && !presentedKey(ctx.http.headers).isEmpty())
        m_throttle.noteFailure(ctx.http.peer);
    return result;
}

StageResult AuthStage::authenticate(RequestContext& ctx)
{
    if (m_sessionCheck) {
        if (std::optional<StageResult> session = m_sessionCheck(ctx))
            return *std::move(session);
    }
    // Hashing happens only when virtual keys exist: without them this is the old fast path.
    const bool virtualKeys = m_keys && !m_keys->isEmpty();
    if (ctx.config->masterKey.isEmpty()) {
        ctx.principal.kind = Principal::Kind::Anonymous;
        if (!virtualKeys)
            return StageResult::next();
        const QByteArray key = presentedKey(ctx.http.headers);
        const std::shared_ptr<KeyEntry> entry = key.isEmpty() ? nullptr : m_keys->findPresented(key);
        return entry ? acceptVirtualKey(ctx, entry) : StageResult::next();
    }
    const QByteArray key = presentedKey(ctx.http.headers);
    if (key.isEmpty()) {
        return StageResult::reject(ApiError::unauthorized(
            u"Missing API key: send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'."_s));
    }
    if (isMasterKey(key, ctx.config->masterKey)) {
        ctx.principal.kind = Principal::Kind::Master;
        return StageResult::next();
    }
    if (m_keys && !m_keys->isLoaded()) {
        // Maybe a valid virtual key: the database has not been read (it is unreachable).
        return StageResult::reject(ApiError::serviceUnavailable(
            u"Virtual keys are not available yet: the key database cannot be read. Retry shortly."_s,
            "key_store_unavailable",
            5));
    }
    if (virtualKeys) {
        if (const std::shared_ptr<KeyEntry> entry = m_keys->findPresented(key))
            return acceptVirtualKey(ctx, entry);
    }
    return StageResult::reject(ApiError::unauthorized(u"Invalid API key."_s));
}

} // namespace sy
