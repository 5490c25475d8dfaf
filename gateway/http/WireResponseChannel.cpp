#include "gateway/http/WireResponseChannel.h"

#include "gateway/http/ConnectionGuard.h"
#include "gateway/http/HeaderNames.h"
#include "gateway/http/HttpWire.h"

namespace sy {

WireResponseChannel::WireResponseChannel(ConnectionGuard* guard, quint64 slot, int minorVersion, bool keepAlive)
    : ResponseChannel(guard, slot, minorVersion, keepAlive)
{ }

void WireResponseChannel::writeComplete(int status, const HttpHeaders& headers, const QByteArray& body)
{
    QByteArray bytes = HttpWire::head(status, headers, body.size(), body.size());
    bytes += body;
    guard()->write(slot(), bytes);
}

void WireResponseChannel::writeStreamHead(int status, const HttpHeaders& headers)
{
    HttpHeaders all = headers;
    if (minorVersion() == 1)
        all.addShared(Headers::kTransferEncoding, Headers::kChunked);
    guard()->write(slot(), HttpWire::head(status, all));
}

void WireResponseChannel::writeStreamData(const QByteArray& data)
{
    guard()->write(slot(), minorVersion() == 1 ? HttpWire::chunk(data) : data);
}

void WireResponseChannel::writeStreamEnd(const QByteArray& last)
{
    if (minorVersion() == 0) {
        guard()->write(slot(), last);
        return;
    }
    QByteArray bytes = HttpWire::chunk(last);
    bytes += HttpWire::kLastChunk;
    guard()->write(slot(), bytes);
}

} // namespace sy
