#include "gateway/http/HttpWire.h"

#include "gateway/core/ApiError.h"
#include "gateway/core/InPlaceWrite.h"

#include <charconv>
#include <cstring>

namespace sy::HttpWire {

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 499:
        return "Client Closed Request";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return status < 400 ? "OK" : "Error";
    }
}

QByteArray head(int status, const HttpHeaders& headers, qint64 contentLength, qsizetype reserveBody)
{
    using InPlace::put;
    // Sized first and written in place (about 25 pieces).
    char code[24];
    const auto codeEnd = std::to_chars(code, code + sizeof code, status).ptr;
    char length[24];
    const auto lengthEnd = std::to_chars(length, length + sizeof length, contentLength).ptr;
    const QByteArrayView reason = reasonPhrase(status);
    constexpr QByteArrayView kVersion = "HTTP/1.1 ", kLengthField = "content-length: ";
    const qsizetype size = kVersion.size() + (codeEnd - code) + 1 + reason.size() + 2 + headers.wireSize()
        + (contentLength >= 0 ? kLengthField.size() + (lengthEnd - length) + 2 : 0) + 2;
    QByteArray out;
    out.reserve(size + reserveBody);
    out.resize(size);
    char* at = put(out.data(), kVersion);
    at = put(at, QByteArrayView(code, codeEnd - code));
    *at++ = ' ';
    at = put(at, reason);
    at = put(at, "\r\n");
    at = headers.writeTo(at);
    if (contentLength >= 0) {
        at = put(at, kLengthField);
        at = put(at, QByteArrayView(length, lengthEnd - length));
        at = put(at, "\r\n");
    }
    put(at, "\r\n");
    return out;
}

QByteArray response(int status, HttpHeaders headers, const QByteArray& body, bool close)
{
    headers.set("content-length", QByteArray::number(body.size()));
    if (close)
        headers.set("connection", "close");
    return head(status, headers) + body;
}

QByteArray errorResponse(const ApiError& error, bool close)
{
    HttpHeaders headers;
    headers.add("content-type", "application/json");
    if (error.retryAfterSeconds)
        headers.add("retry-after", QByteArray::number(*error.retryAfterSeconds));
    return response(error.status, headers, error.toJson(), close);
}

QByteArray chunk(QByteArrayView data)
{
    if (data.isEmpty())
        return {};
    // Written in place: one allocation per relayed event, where appending cost one per piece.
    char hex[16];
    int digits = 0;
    for (quint64 n = quint64(data.size()); n != 0 || digits == 0; n >>= 4)
        hex[digits++] = "0123456789abcdef"[n & 0xf];
    QByteArray out(digits + 2 + data.size() + 2, Qt::Uninitialized);
    char* at = out.data();
    while (digits > 0)
        *at++ = hex[--digits];
    *at++ = '\r';
    *at++ = '\n';
    std::memcpy(at, data.data(), size_t(data.size()));
    at += data.size();
    *at++ = '\r';
    *at = '\n';
    return out;
}

} // namespace sy::HttpWire
