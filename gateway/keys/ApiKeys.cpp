#include "gateway/keys/ApiKeys.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

using namespace Qt::StringLiterals;

namespace sy::ApiKeys {

QString generate()
{
    std::array<quint32, kRandomBytes / 4> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char*>(words.data()), kRandomBytes);
    return u"sk-"_s
        + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray digest(QByteArrayView key)
{
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256);
}

QString token(QByteArrayView key)
{
    return tokenOfDigest(digest(key));
}

QString tokenOfDigest(const QByteArray& digest)
{
    return QString::fromLatin1(digest.toHex());
}

bool looksLikeToken(const QString& text)
{
    if (text.size() != 64)
        return false;
    for (QChar c : text) {
        if (!c.isDigit() && !(c >= u'a' && c <= u'f') && !(c >= u'A' && c <= u'F'))
            return false;
    }
    return true;
}

QByteArray digestOfToken(const QString& token)
{
    return looksLikeToken(token) ? QByteArray::fromHex(token.toLatin1()) : QByteArray();
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

QString abbreviation(const QString& key)
{
    return u"sk-..."_s + key.right(4);
}

} // namespace sy::ApiKeys
