#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace sy::testing {

/** One HTTP response as received by RawHttpClient. Header names are lower-cased. */
struct RawHttpResponse
{
    QByteArray version;
    int status = 0; // 0 until the head has arrived
    QByteArray reason;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body; // after transfer decoding (de-chunked), still content-encoded
    bool chunked = false;
    bool complete = false; // the framing said the body ended (false: the connection closed early)
    qint64 headMs = -1; // RawHttpClient::elapsedMs() when the head arrived
    qint64 completeMs = -1;

    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    // The body with any gzip/deflate Content-Encoding undone; `ok` is false when decoding fails.
    QByteArray decodedBody(bool* ok = nullptr) const;
    // decodedBody() parsed as a JSON object (empty when it is not one).
    QJsonObject json() const;
};

} // namespace sy::testing
