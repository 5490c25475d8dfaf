#include "gateway/http/HttpWire.h"

#include "gateway/core/ApiError.h"

#include <cstring>

namespace sy::HttpWire {

QByteArray reasonPhrase(int status)
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
    QByteArray out;
    out.reserve(160 + headers.size() * 48 + reserveBody);
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\n";
    headers.serializeTo(out);
    if (contentLength >= 0) {
        out += "content-length: ";
        out += QByteArray::number(contentLength);
        out += "\r\n";
    }
    out += "\r\n";
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
