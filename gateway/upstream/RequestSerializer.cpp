#include "gateway/upstream/RequestSerializer.h"

#include <QUrl>

namespace sy {

namespace {

// Framing and connection management are the client's business; a caller's copy would conflict.
bool isReserved(const QByteArray& lowerName)
{
    static constexpr QByteArrayView kReserved[] = {
        "host", "content-length", "connection", "accept-encoding", "transfer-encoding", "keep-alive", "te", "upgrade"};
    for (QByteArrayView name : kReserved) {
        if (lowerName == name)
            return true;
    }
    return false;
}

bool isAscii(const QString& s)
{
    for (QChar c : s) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

bool methodExpectsBody(const QByteArray& method)
{
    return method == "POST" || method == "PUT" || method == "PATCH";
}

} // namespace

QByteArray RequestSerializer::hostField(const UpstreamOrigin& origin)
{
    QByteArray host;
    if (origin.host.contains(u':'))
        host = '[' + origin.host.toLatin1() + ']';
    else if (isAscii(origin.host))
        host = origin.host.toLatin1();
    else
        host = QUrl::toAce(origin.host);
    if (origin.port != (origin.tls ? 443 : 80)) {
        host += ':';
        host += QByteArray::number(origin.port);
    }
    return host;
}

QByteArray RequestSerializer::serialize(const UpstreamRequest& request)
{
    const QByteArray host = hostField(request.origin);
    qsizetype headerBytes = 0;
    for (const auto& field : request.headers.fields())
        headerBytes += field.first.size() + field.second.size() + 4;

    QByteArray out;
    out.reserve(request.method.size() + request.target.size() + host.size() + headerBytes + request.body.size() + 96);
    out += request.method;
    out += ' ';
    out += request.target.isEmpty() ? QByteArray("/") : request.target;
    out += " HTTP/1.1\r\nHost: ";
    out += host;
    out += "\r\n";
    for (const auto& field : request.headers.fields()) {
        if (isReserved(field.first))
            continue;
        out += field.first;
        out += ": ";
        out += field.second;
        out += "\r\n";
    }
    if (!request.body.isEmpty() || methodExpectsBody(request.method)) {
        out += "Content-Length: ";
        out += QByteArray::number(request.body.size());
        out += "\r\n";
    }
    out += "Accept-Encoding: identity\r\n\r\n";
    out += request.body;
    return out;
}

} // namespace sy
