#pragma once

#include "gateway/pipeline/StageResult.h"

#include <QByteArray>

#include <memory>

namespace sy {

struct RequestContext;
struct KeyEntry;
class HttpHeaders;
class KeyCache;
class IClock;

/**
 * Decides who is asking. Keys come as `Authorization: Bearer <key>` or `x-api-key: <key>`;
 * the master key is compared in constant time (constant in its content). Any other key is
 * looked up among the virtual keys by its SHA-256, which is computed only when virtual keys
 * exist. With no master key configured the gateway is open, which the gateway only allows on
 * loopback; a virtual key presented there still counts toward its own limits and spend.
 */
class AuthStage
{
public:
    /** Virtual keys to accept besides the master key (none when null). */
    void setKeys(const KeyCache* keys, const IClock* clock);

    StageResult process(RequestContext& ctx);

    /** The key the client presented, or an empty array. */
    static QByteArray presentedKey(const HttpHeaders& headers);
    /** Compares two secrets in time that does not depend on their content (only on the length). */
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

private:
    /** Compares @p key with the master key, whose UTF-8 bytes are kept between requests. */
    bool isMasterKey(QByteArrayView key, const QString& masterKey);
    StageResult acceptVirtualKey(RequestContext& ctx, const std::shared_ptr<KeyEntry>& entry) const;

    QString m_masterKey;
    QByteArray m_masterKeyBytes;
    const KeyCache* m_keys = nullptr;
    const IClock* m_clock = nullptr;
};

} // namespace sy
