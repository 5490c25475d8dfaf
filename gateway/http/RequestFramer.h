#pragma once

#include "gateway/http/HttpRequest.h"

#include <QByteArray>
#include <QByteArrayView>

namespace sy {

/**
 * The front's HTTP/1.x request parser. It finds the boundaries of requests in a client's byte
 * stream, enforces limits on them, and keeps what the gateway needs of each: method, target,
 * header fields and the decoded body (takeRequest()). The ConnectionGuard feeds it every byte
 * the client sends, so oversized, malformed or ambiguous requests are refused as soon as they
 * show, and the guard knows when a head or body is still arriving (for its timeouts).
 *
 * It replaced QHttpServer's parser, which reads a request one byte at a time and was a third of
 * the gateway thread's work per request (bench/README.md, sixth pass). Lines are found with
 * memchr and looked at where they lie in the read buffer; only field values are copied.
 *
 * Ambiguous framing that could smuggle a second request past a parser that frames differently
 * (both Content-Length and Transfer-Encoding, conflicting Content-Lengths, a transfer coding
 * other than chunked) is refused.
 */
class RequestFramer
{
public:
    struct Limits
    {
        qsizetype maxHeadBytes = 32 * 1024; ///< request line plus header fields
        qint64 maxBodyBytes = 32 * 1024 * 1024;
    };

    enum class Error
    {
        None,
        BadRequest, ///< 400
        HeadTooLarge, ///< 431
        BodyTooLarge, ///< 413
        NotImplemented, ///< 501: a transfer coding we do not support
        ExpectationFailed, ///< 417: an Expect other than 100-continue
    };

    enum class Event
    {
        NeedMore, ///< all input consumed, nothing to report
        HeadComplete, ///< a request head ended; head() describes it
        MessageComplete, ///< a whole request ended (its head was reported first)
        Failed, ///< error() says why; feeding more input does nothing
    };

    struct Head
    {
        QByteArray method;
        QByteArray target;
        int minorVersion = 1; ///< HTTP/1.0 or HTTP/1.1
        bool keepAlive = true;
        bool expectContinue = false;
        bool chunked = false;
        qint64 contentLength = 0; ///< declared length, or 0 for chunked / no body
    };

    struct Step
    {
        Event event = Event::NeedMore;
        qsizetype consumed = 0; ///< bytes of the input used up to and including the event
    };

    RequestFramer();
    explicit RequestFramer(Limits limits);

    /**
     * Scans @p data until the next event. Call again with the rest of the input
     * (data + consumed) until it returns NeedMore or Failed.
     */
    Step feed(const char* data, qsizetype size);

    /** True between requests: no byte of a next request has been seen yet. */
    bool isIdle() const { return m_state == State::Idle; }
    bool isReadingHead() const { return m_state == State::RequestLine || m_state == State::Headers; }
    bool isReadingBody() const;
    bool hasFailed() const { return m_state == State::Failed; }

    const Head& head() const { return m_head; }
    /**
     * The request whose MessageComplete was just reported, moved out: its method, path and query
     * (percent-encoded, split at '?'), header fields (names lower-cased) and decoded body.
     */
    HttpRequest takeRequest();
    Error error() const { return m_error; }
    /** Bytes of the current request's body still expected, when its length is known. */
    qint64 remainingBodyBytes() const { return m_remaining; }

    static int statusFor(Error error);

private:
    enum class State
    {
        Idle,
        RequestLine,
        Headers,
        Body, ///< Content-Length body
        ChunkSize,
        ChunkData,
        ChunkDataEnd, ///< CRLF after a chunk's data
        Trailers,
        Failed,
    };

    Step fail(Error error, qsizetype consumed);
    qsizetype takeLine(const char* data, qsizetype size, qsizetype pos, qsizetype budget, bool& complete);
    Step onHeadLine(QByteArrayView line, qsizetype pos);
    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line);
    Error finishHead();
    Step onHeadEnd(qsizetype consumed);
    Step feedChunked(const char* data, qsizetype size, qsizetype pos);

    void keepBody(const char* data, qint64 size);

    Limits m_limits;
    State m_state = State::Idle;
    Error m_error = Error::None;
    Head m_head;
    HttpHeaders m_headers; ///< the current request's fields
    QByteArray m_body; ///< the current request's body, decoded
    QByteArray m_line; ///< the current, incomplete line
    qsizetype m_headBytes = 0;
    qint64 m_remaining = 0;
    qint64 m_bodyBytes = 0;
    int m_contentLengthCount = 0;
    bool m_sawTransferEncoding = false;
    bool m_connectionClose = false;
    bool m_connectionKeepAlive = false;
};

} // namespace sy
