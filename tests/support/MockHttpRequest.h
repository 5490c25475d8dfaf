#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace sy::testing {

/** One parsed HTTP/1.1 request as the mock backend sees it. Header names are lower-cased. */
struct MockHttpRequest
{
    QByteArray method;
    QByteArray target; // as sent, with the query string
    QByteArray path; // target without the query string
    QByteArray version;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool keepAlive = true;
    QByteArray parseError; // set when the bytes could not be framed as a request: answer 400 and close

    // First value of a header (name must be lower-case), or an empty array.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
};

} // namespace sy::testing
