#pragma once

#include "gateway/http/HttpHeaders.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace sy {

/**
 * Incremental HTTP/1.x response parser. The caller feeds whatever the socket produced and pulls
 * events one at a time; body data comes back as views into the caller's input, so a
 * Content-Length body passes through without a copy. Interim 1xx responses are skipped.
 *
 *     QByteArrayView in(bytes), body;
 *     for (;;) switch (parser.parse(in, body)) { case Event::Body: use(body); break; ... }
 */
class HttpResponseParser
{
public:
    enum class Event
    {
        NeedMore, ///< all of the input was consumed; feed more
        Head, ///< the final response head is complete: status(), headers() are valid
        Body, ///< @c body holds the next piece of content (transfer coding removed)
        Complete, ///< the response ended; the input holds whatever followed it
        Error, ///< see errorKind() and errorString(); the parser stays in this state
    };
    enum class ErrorKind
    {
        None,
        Protocol, ///< not HTTP/1.x, bad framing, oversized header section
        Truncated, ///< the connection closed before the response was complete
    };
    enum class Framing
    {
        None, ///< no body: HEAD, 204, 304, or Content-Length: 0
        ContentLength,
        Chunked,
        UntilClose,
    };

    static constexpr qsizetype kMaxHeaderBytes = 64 * 1024;

    /** Prepares for the next response; @p headRequest: the request was HEAD, so no body follows. */
    void reset(bool headRequest = false);

    /** Consumes a prefix of @p input and reports what it found. */
    Event parse(QByteArrayView& input, QByteArrayView& body);
    /** The peer closed the connection: Complete when that legitimately ends the body, else Error. */
    Event finish();

    int status() const { return m_status; }
    int versionMinor() const { return m_versionMinor; }
    const HttpHeaders& headers() const { return m_headers; }
    /** Mutable access, so the owner can hand the headers on without a copy. */
    HttpHeaders& headers() { return m_headers; }
    Framing framing() const { return m_framing; }
    /** True once the head is complete when the connection may carry another request afterwards. */
    bool keepAlive() const { return m_keepAlive && m_framing != Framing::UntilClose; }
    bool isComplete() const { return m_state == State::Done; }
    bool hasError() const { return m_state == State::Failed; }
    ErrorKind errorKind() const { return m_errorKind; }
    QString errorString() const { return m_errorString; }

private:
    enum class State
    {
        Head,
        FixedBody,
        ChunkSize,
        ChunkData,
        ChunkDataCr,
        ChunkDataLf,
        Trailers,
        UntilClose,
        Done,
        Failed,
    };

    Event parseHead(QByteArrayView& input);
    bool takeHead(QByteArrayView& input, QByteArrayView& head);
    bool takeChunkEnd(QByteArrayView& input);
    Event parseChunked(QByteArrayView& input, QByteArrayView& body);
    bool takeLine(QByteArrayView& input, QByteArrayView& line, qsizetype cap, bool& tooLong);
    bool parseChunkSizeLine(QByteArrayView line);
    bool parseTrailerLine(QByteArrayView line);
    bool parseHeadBlock(QByteArrayView head);
    bool parseStatusLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line);
    bool decideFraming();
    bool startsLikeHttp(QByteArrayView bytes) const;
    Event fail(ErrorKind kind, QString message);
    bool failed(ErrorKind kind, QString message);

    State m_state = State::Head;
    bool m_headRequest = false;
    int m_status = 0;
    int m_versionMinor = 1;
    HttpHeaders m_headers;
    Framing m_framing = Framing::None;
    bool m_keepAlive = false;
    qint64 m_remaining = 0; ///< bytes left in the fixed body or in the current chunk
    QByteArray m_buffer; ///< a head or line split across inputs
    qsizetype m_trailerBytes = 0;
    ErrorKind m_errorKind = ErrorKind::None;
    QString m_errorString;
};

} // namespace sy
