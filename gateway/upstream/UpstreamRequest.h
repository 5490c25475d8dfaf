#pragma once

#include "gateway/core/UpstreamOrigin.h"
#include "gateway/http/HttpHeaders.h"

#include <QByteArray>
#include <QString>

#include <chrono>

namespace sy {

/** Timeouts of one upstream call. Zero means "no limit". */
struct UpstreamTimeouts
{
    std::chrono::milliseconds connect{10'000};
    /** From the request being written until the response head has arrived. */
    std::chrono::milliseconds firstByte{600'000};
    /** Longest silence between two reads of the response body (streams). */
    std::chrono::milliseconds idle{0};
    /** Whole call, from start() to the end of the body. */
    std::chrono::milliseconds total{0};
};

/**
 * One HTTP/1.1 request to a backend. The client adds Host, Content-Length, Connection and
 * Accept-Encoding itself; @c headers must not contain them.
 */
struct UpstreamRequest
{
    UpstreamOrigin origin;
    QByteArray method = "POST";
    QByteArray target; ///< origin-form: path plus optional "?query", e.g. "/v1/chat/completions"
    HttpHeaders headers;
    QByteArray body;
    UpstreamTimeouts timeouts;
};

} // namespace sy
