#include "gateway/upstream/UpstreamError.h"

namespace sy {

const char* UpstreamError::code() const
{
    switch (kind) {
    case Kind::ConnectFailed:
        return "connect_failed";
    case Kind::ConnectTimeout:
        return "connect_timeout";
    case Kind::TlsFailed:
        return "tls_failed";
    case Kind::FirstByteTimeout:
        return "first_byte_timeout";
    case Kind::IdleTimeout:
        return "idle_timeout";
    case Kind::TotalTimeout:
        return "total_timeout";
    case Kind::ProtocolError:
        return "protocol_error";
    case Kind::ConnectionClosed:
        return "connection_closed";
    case Kind::ResponseTooLarge:
        return "response_too_large";
    }
    return "unknown";
}

} // namespace sy
