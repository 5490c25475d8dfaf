#pragma once

#include "tests/support/ChunkedDecoder.h"
#include "tests/support/RawHttpResponse.h"

#include <QList>

namespace sy::testing {

/**
 * Incremental HTTP/1.1 response parser for RawHttpClient: Content-Length, chunked and
 * read-until-close bodies, several responses per connection, interim 1xx responses skipped.
 */
class RawResponseParser
{
public:
    // Feeds received bytes; returns false once the stream is not HTTP.
    bool feed(const QByteArray& data, qint64 nowMs);
    // The peer closed: completes a read-until-close body; any other partial body stays incomplete.
    void connectionClosed(qint64 nowMs);
    bool hasError() const { return m_state == State::Error; }

    // Every response seen so far, in order; the last one may still be arriving.
    QList<RawHttpResponse>& responses() { return m_responses; }
    const QList<RawHttpResponse>& responses() const { return m_responses; }

private:
    enum class State
    {
        Head,
        FixedBody,
        ChunkedBody,
        UntilClose,
        Error
    };

    bool parseHead(qint64 nowMs);
    bool parseStatusLine(QByteArrayView line, RawHttpResponse* response);
    void startBody(RawHttpResponse& response, qint64 nowMs);
    void complete(qint64 nowMs);

    State m_state = State::Head;
    QByteArray m_buffer;
    qint64 m_remaining = 0;
    ChunkedDecoder m_chunked;
    QList<RawHttpResponse> m_responses;
};

} // namespace sy::testing
