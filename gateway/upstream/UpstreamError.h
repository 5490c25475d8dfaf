#pragma once

#include <QString>

namespace sy {

/** Why an upstream call failed. The pipeline maps these onto HTTP statuses (502 or 504). */
struct UpstreamError
{
    enum class Kind
    {
        ConnectFailed, ///< refused, unreachable, DNS failure
        ConnectTimeout,
        TlsFailed,
        FirstByteTimeout, ///< no response head within UpstreamTimeouts::firstByte
        IdleTimeout, ///< body went silent longer than UpstreamTimeouts::idle
        TotalTimeout,
        ProtocolError, ///< the peer sent something that is not HTTP/1.x, or bad framing/encoding
        ConnectionClosed, ///< the peer closed before the response was complete
        ResponseTooLarge,
    };

    Kind kind = Kind::ConnectFailed;
    QString message; ///< human-readable detail, e.g. "Connection refused (127.0.0.1:1234)"
    /** The backend is not to blame: the call was read-paused for the client (back-pressure) past
        its deadline. Passive health should not count it against the deployment. */
    bool causedByClient = false;

    bool isTimeout() const
    {
        return kind == Kind::ConnectTimeout || kind == Kind::FirstByteTimeout || kind == Kind::IdleTimeout
            || kind == Kind::TotalTimeout;
    }
    /** A stable lower-case identifier for logs and metric labels, e.g. "connect_failed". */
    const char* code() const;
};

} // namespace sy
