#include "gateway/upstream/RequestSerializer.h"

#include "gateway/core/InPlaceWrite.h"

#include <QUrl>

#include <charconv>

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

namespace {

// The last origin's Host field, per thread: requests to a deployment repeat it, and making it
// (Latin-1 of the name, the port in digits) cost as much as the rest of the head.
const QByteArray& hostFieldOf(const UpstreamOrigin& origin)
{
    thread_local UpstreamOrigin last;
    thread_local QByteArray field;
    if (field.isEmpty() || !(origin == last)) {
        field = RequestSerializer::hostField(origin);
        last = origin;
    }
    return field;
}

} // namespace

QByteArray RequestSerializer::serialize(const UpstreamRequest& request)
{
    // Sized first and written in place, as HttpWire::head: one allocation and a memcpy per piece.
    const QByteArray& host = hostFieldOf(request.origin);
    const QByteArrayView target = request.target.isEmpty() ? QByteArrayView("/") : QByteArrayView(request.target);
    const bool withLength = !request.body.isEmpty() || methodExpectsBody(request.method);
    char length[24];
    const char* lengthEnd = std::to_chars(length, length + sizeof length, request.body.size()).ptr;
    constexpr QByteArrayView kVersionHost = " HTTP/1.1\r\nHost: ", kLengthField = "Content-Length: ",
                             kEnd = "Accept-Encoding: identity\r\n\r\n";
    qsizetype size = request.method.size() + 1 + target.size() + kVersionHost.size() + host.size() + 2 + kEnd.size()
        + request.body.size();
    for (const auto& field : request.headers.fields()) {
        if (!isReserved(field.first))
            size += field.first.size() + 2 + field.second.size() + 2;
    }
    if (withLength)
        size += kLengthField.size() + (lengthEnd - length) + 2;

    QByteArray out(size, Qt::Uninitialized);
    char* at = out.data();
    const auto put = [&at](QByteArrayView bytes) { at = InPlace::put(at, bytes); };
    put(request.method);
    put(" ");
    put(target);
    put(kVersionHost);
    put(host);
    put("\r\n");
    for (const auto& field : request.headers.fields()) {
        if (isReserved(field.first))
            continue;
        put(field.first);
        put(": ");
        put(field.second);
        put("\r\n");
    }
    if (withLength) {
        put(kLengthField);
        put(QByteArrayView(length, lengthEnd - length));
        put("\r\n");
    }
    put(kEnd);
    put(request.body);
    Q_ASSERT(at == out.constData() + out.size());
    return out;
}

} // namespace sy
