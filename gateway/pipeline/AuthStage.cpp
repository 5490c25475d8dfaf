#include "gateway/pipeline/AuthStage.h"

#include "gateway/pipeline/RequestContext.h"

using namespace Qt::StringLiterals;

namespace sy {

QByteArray AuthStage::presentedKey(const HttpHeaders& headers)
{
    const QByteArray authorization = headers.value("authorization").trimmed();
    if (authorization.size() > 7 && authorization.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return authorization.mid(7).trimmed();
    return headers.value("x-api-key").trimmed();
}

bool AuthStage::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    // Like hmac.compare_digest: the time depends on the length, which is not secret, but never on
    // where the inputs differ.
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

bool AuthStage::isMasterKey(QByteArrayView key, const QString& masterKey)
{
    if (masterKey != m_masterKey) {
        m_masterKey = masterKey;
        m_masterKeyBytes = masterKey.toUtf8();
    }
    return constantTimeEquals(key, m_masterKeyBytes);
}

StageResult AuthStage::process(RequestContext& ctx)
{
    if (ctx.config->masterKey.isEmpty()) {
        ctx.principal.kind = Principal::Kind::Anonymous;
        return StageResult::next();
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
    return StageResult::reject(ApiError::unauthorized(u"Invalid API key."_s));
}

} // namespace sy
