#pragma once

#include "gateway/pipeline/StageResult.h"

#include <QByteArray>

namespace sy {

struct RequestContext;
class HttpHeaders;

/**
 * Decides who is asking. Keys come as `Authorization: Bearer <key>` or `x-api-key: <key>`;
 * the master key is compared in constant time (constant in its content). With no master key configured the gateway is
 * open, which the gateway only allows on loopback.
 */
class AuthStage
{
public:
    StageResult process(RequestContext& ctx);

    /** The key the client presented, or an empty array. */
    static QByteArray presentedKey(const HttpHeaders& headers);
    /** Compares two secrets in time that does not depend on their content (only on the length). */
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

private:
    /** Compares @p key with the master key, whose UTF-8 bytes are kept between requests. */
    bool isMasterKey(QByteArrayView key, const QString& masterKey);

    QString m_masterKey;
    QByteArray m_masterKeyBytes;
};

} // namespace sy
