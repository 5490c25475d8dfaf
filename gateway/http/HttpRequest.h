#pragma once

#include "gateway/http/HttpHeaders.h"

#include <QByteArray>
#include <QHostAddress>

namespace sy {

/** A client request as the gateway sees it: what RequestFramer parsed, and who sent it. */
struct HttpRequest
{
    QByteArray method; ///< "GET", "POST", …
    QByteArray path; ///< percent-encoded path, without the query
    QByteArray query; ///< percent-encoded query, without '?'
    HttpHeaders headers;
    QByteArray body;
    QHostAddress peer;
    int minorVersion = 1; ///< HTTP/1.0 or HTTP/1.1
    bool keepAlive = true;
};

} // namespace sy
