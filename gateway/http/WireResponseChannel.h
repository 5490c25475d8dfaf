#pragma once

#include "gateway/http/ResponseChannel.h"

namespace sy {

/**
 * Writes a response as HTTP/1.1 (or 1.0) bytes through the connection's guard, which keeps
 * pipelined responses in order: a complete response with Content-Length, or a stream with
 * chunked coding (close-delimited for an HTTP/1.0 client).
 */
class WireResponseChannel final : public ResponseChannel
{
public:
    WireResponseChannel(ConnectionGuard* guard, quint64 slot, int minorVersion, bool keepAlive);

protected:
    void writeComplete(int status, const HttpHeaders& headers, const QByteArray& body) override;
    void writeStreamHead(int status, const HttpHeaders& headers) override;
    void writeStreamData(const QByteArray& data) override;
    void writeStreamEnd(const QByteArray& last) override;
};

} // namespace sy
