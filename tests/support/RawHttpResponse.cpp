#include "tests/support/RawHttpResponse.h"

#include "tests/support/GzipDecoder.h"

#include <QJsonDocument>

namespace sy::testing {

QByteArray RawHttpResponse::header(QByteArrayView name) const
{
    for (const auto& [key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

bool RawHttpResponse::hasHeader(QByteArrayView name) const
{
    for (const auto& field : headers) {
        if (field.first == name)
            return true;
    }
    return false;
}

QByteArray RawHttpResponse::decodedBody(bool* ok) const
{
    const QByteArray encoding = header("content-encoding").toLower();
    if (encoding == "gzip" || encoding == "deflate")
        return GzipDecoder::gunzip(body, ok);
    if (ok)
        *ok = encoding.isEmpty() || encoding == "identity";
    return body;
}

QJsonObject RawHttpResponse::json() const
{
    return QJsonDocument::fromJson(decodedBody()).object();
}

} // namespace sy::testing
