#pragma once

#include "gateway/pipeline/AuthThrottle.h"
#include "gateway/pipeline/StageResult.h"

#include <QByteArray>

#include <functional>
#include <memory>
#include <optional>

namespace sy {

struct RequestContext;
struct KeyEntry;
class HttpHeaders;
class KeyCache;
class IClock;
struct HttpRequest;

/**
 * Decides who is asking. Keys come as `Authorization: Bearer <key>` or `x-api-key: <key>`;
 * the master key is compared in constant time (constant in its content). Any other key is
 * looked up among the virtual keys by its SHA-256, which is computed only when virtual keys
 * exist. With no master key configured the gateway is open, which the gateway only allows on
 * loopback; a virtual key presented there still counts toward its own limits and spend.
 *
 * Failed attempts are throttled per address (AuthThrottle, gateway.auth_failures_per_minute):
 * a throttled address gets 429 before its key is compared.
 */
class AuthStage
{
public:
    AuthStage();

    /** Virtual keys to accept besides the master key (none when null). */
    void setKeys(const KeyCache* keys, const IClock* clock);
    /**
     * The hook for a signed-in web UI session (issue #17): nothing when the request carries no
     * session; otherwise its verdict, with ctx.principal set (a Session with the master key's
     * rights, or the virtual key that signed in) or the refusal (expired, no CSRF token).
     */
    using SessionCheck = std::function<std::optional<StageResult>(RequestContext& ctx)>;
    void setSessionCheck(SessionCheck check) { m_sessionCheck = std::move(check); }

    StageResult process(RequestContext& ctx);
    AuthThrottle& throttle() { return m_throttle; }

    /** The key the client presented, or an empty array. */
    static QByteArray presentedKey(const HttpHeaders& headers);

private:
    /** Compares @p key with the master key, whose UTF-8 bytes are kept between requests. */
    bool isMasterKey(QByteArrayView key, const QString& masterKey);
    StageResult acceptVirtualKey(RequestContext& ctx, const std::shared_ptr<KeyEntry>& entry) const;
    StageResult authenticate(RequestContext& ctx);

    QString m_masterKey;
    QByteArray m_masterKeyBytes;
    const KeyCache* m_keys = nullptr;
    const IClock* m_clock = nullptr;
    SessionCheck m_sessionCheck;
    AuthThrottle m_throttle;
};

} // namespace sy
