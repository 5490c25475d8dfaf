#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace sy::testing {

/**
 * Incremental decoder for HTTP/1.1 chunked transfer coding (RFC 9112 section 7.1).
 * Chunk extensions and trailer fields are accepted and dropped. Used by the mock's request parser
 * and by RawHttpClient, so both ends of the test harness share one implementation.
 */
class ChunkedDecoder
{
public:
    enum class Result
    {
        NeedMore,
        Done,
        Error
    };

    // Decodes as much of `in` as it can, appending payload bytes to `out`. `consumed` receives the
    // number of input bytes used; on Done the bytes after the final CRLF belong to the next message.
    Result feed(QByteArrayView in, qsizetype* consumed, QByteArray* out);
    void reset();
    bool isDone() const { return m_state == State::Done; }

private:
    enum class State
    {
        Size,
        Data,
        DataEnd,
        Trailer,
        Done
    };

    bool handleLine(QByteArrayView line);

    State m_state = State::Size;
    qint64 m_remaining = 0;
};

} // namespace sy::testing
