#pragma once

#include "gateway/http/HttpHeaders.h"

#include <QByteArray>

namespace sy {

struct ApiError;

/** Byte-level HTTP/1.1 response formatting, for the paths that write to a socket directly. */
namespace HttpWire {

QByteArrayView reasonPhrase(int status);

/**
 * Status line and header block, ending with the blank line. A @p contentLength of 0 or more
 * adds that Content-Length field; @p reserveBody leaves room for the body to follow.
 */
QByteArray head(int status, const HttpHeaders& headers, qint64 contentLength = -1, qsizetype reserveBody = 0);

/** A complete response with Content-Length. @p close adds "Connection: close". */
QByteArray response(int status, HttpHeaders headers, const QByteArray& body, bool close);

/** A complete JSON error response in OpenAI's shape. */
QByteArray errorResponse(const ApiError& error, bool close);

/** One chunk of the chunked transfer coding; empty input gives an empty array (not the last chunk). */
QByteArray chunk(QByteArrayView data);

inline constexpr QByteArrayView kLastChunk = "0\r\n\r\n";
inline constexpr QByteArrayView kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

} // namespace HttpWire

} // namespace sy
