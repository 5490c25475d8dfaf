#pragma once

#include "tests/support/ChunkedDecoder.h"
#include "tests/support/MockHttpRequest.h"

#include <QByteArray>

namespace sy::testing {

/**
 * Incremental HTTP/1.1 request parser for the mock backend: Content-Length and chunked bodies,
 * any number of pipelined requests in one buffer. Deliberately strict about framing (a request the
 * parser cannot frame gets a 400 and the connection closes) and lenient about everything else.
 */
class MockRequestParser
{
public:
    enum class Result
    {
        NeedMore,
        Complete,
        Error
    };

    // Consumes bytes from the front of `buffer`. On Complete, `out` holds the next request.
    Result next(QByteArray& buffer, MockHttpRequest& out);
    // True once per request whose head asked for "Expect: 100-continue" while its body is pending.
    bool takeContinueRequest();
    QByteArray errorString() const { return m_error; }

private:
    enum class State
    {
        Head,
        FixedBody,
        ChunkedBody,
        Failed
    };

    Result parseHead(QByteArray& buffer);
    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLines(QByteArrayView block);
    bool setupBody();
    Result fail(const char* message);

    State m_state = State::Head;
    MockHttpRequest m_current;
    qint64 m_remaining = 0;
    ChunkedDecoder m_chunked;
    bool m_continuePending = false;
    QByteArray m_error;
};

} // namespace sy::testing
