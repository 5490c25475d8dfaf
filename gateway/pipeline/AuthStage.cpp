#include "gateway/pipeline/AuthStage.h"

#include "gateway/pipeline/RequestContext.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace sy {

QByteArray AuthStage::presentedKey(const HttpHeaders& headers)
{
    const QByteArray authorization = headers.value("authorization").trimmed();
    if (authorization.size() > 7 && authorization.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return authorization.mid(7).trimmed();
    return headers.value("x-api-key").trimmed();
}

namespace {

// Equal-length digests compared without an early exit: the time depends on nothing secret.
bool digestsEqual(const QByteArray& a, const QByteArray& b)
{
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

QByteArray digest(QByteArrayView data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

} // namespace

bool AuthStage::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    // Hashing first makes both inputs the same length, so the comparison leaks nothing.
    return digestsEqual(digest(a), digest(b));
}

bool AuthStage::isMasterKey(QByteArrayView key, const QString& masterKey)
{
    if (masterKey != m_masterKey) {
        m_masterKey = masterKey;
        m_masterDigest = digest(masterKey.toUtf8());
    }
    return digestsEqual(digest(key), m_masterDigest);
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
