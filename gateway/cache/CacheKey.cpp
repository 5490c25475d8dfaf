#include "gateway/cache/CacheKey.h"

#include "gateway/cache/CanonicalJson.h"
#include "gateway/core/JsonWriter.h"

#include <QCryptographicHash>

namespace sy {

QByteArray
CacheKey::canonical(QByteArrayView operation, const QString& group, const JsonBody& openAiRequest, Options options)
{
    QList<QByteArrayView> skip{"model", "stream", "stream_options", "cache", "guardrails"};
    if (!options.includeUser)
        skip.append("user");
    if (!options.includeMetadata)
        skip.append("metadata");
    // The group quoted, so no name can run into the JSON that follows.
    QByteArray text = operation.toByteArray();
    text += '\n';
    JsonWriter::appendQuoted(text, group.toUtf8());
    text += '\n';
    text += CanonicalJson::of(openAiRequest, skip);
    return text;
}

QByteArray CacheKey::of(QByteArrayView operation, const QString& group, const JsonBody& openAiRequest, Options options)
{
    return QCryptographicHash::hash(canonical(operation, group, openAiRequest, options), QCryptographicHash::Sha256)
        .toHex();
}

} // namespace sy
