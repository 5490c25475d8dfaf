#include "gateway/upstream/HttpResponseParser.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr QByteArrayView kHttpPrefix("HTTP/1.");
// A chunk-size line is short; the cap only bounds chunk extensions nobody uses.
constexpr qsizetype kMaxChunkLine = 4096;

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView stripCr(QByteArrayView line)
{
    return line.endsWith('\r') ? line.chopped(1) : line;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/**
 * Position just past the empty line that ends a header section, or -1. Accepts CRLF and bare LF
 * line ends. @p from must point at or before the last LF already inspected.
 */
qsizetype findHeadEnd(QByteArrayView buf, qsizetype from)
{
    for (qsizetype lf = buf.indexOf('\n', from); lf >= 0; lf = buf.indexOf('\n', lf + 1)) {
        if (lf + 1 < buf.size() && buf[lf + 1] == '\n')
            return lf + 2;
        if (lf + 2 < buf.size() && buf[lf + 1] == '\r' && buf[lf + 2] == '\n')
            return lf + 3;
    }
    return -1;
}

/** Parses a Content-Length value, which may repeat one number as a list ("5, 5"). */
qint64 parseContentLength(QByteArrayView value)
{
    qint64 result = -1;
    const bool valid = HttpHeaders::forEachListItem(value, [&result](QByteArrayView part) {
        if (part.isEmpty() || part.size() > 18)
            return false;
        qint64 n = 0;
        for (char c : part) {
            if (c < '0' || c > '9')
                return false;
            n = n * 10 + (c - '0');
        }
        if (result >= 0 && n != result)
            return false;
        result = n;
        return true;
    });
    return valid ? result : -1;
}

} // namespace

void HttpResponseParser::reset(bool headRequest)
{
    m_state = State::Head;
    m_headRequest = headRequest;
    m_status = 0;
    m_versionMinor = 1;
    m_headers = HttpHeaders();
    m_framing = Framing::None;
    m_keepAlive = false;
    m_remaining = 0;
    m_buffer.clear();
    m_trailerBytes = 0;
    m_errorKind = ErrorKind::None;
    m_errorString.clear();
}

HttpResponseParser::Event HttpResponseParser::parse(QByteArrayView& input, QByteArrayView& body)
{
    switch (m_state) {
    case State::Head:
        return parseHead(input);
    case State::FixedBody: {
        if (input.isEmpty())
            return Event::NeedMore;
        const qsizetype n = qMin<qint64>(m_remaining, input.size());
        body = input.first(n);
        input = input.sliced(n);
        m_remaining -= n;
        if (m_remaining == 0)
            m_state = State::Done;
        return Event::Body;
    }
    case State::UntilClose:
        if (input.isEmpty())
            return Event::NeedMore;
        body = input;
        input = {};
        return Event::Body;
    case State::Done:
        return Event::Complete;
    case State::Failed:
        return Event::Error;
    default:
        return parseChunked(input, body);
    }
}

HttpResponseParser::Event HttpResponseParser::finish()
{
    switch (m_state) {
    case State::UntilClose:
        m_state = State::Done;
        return Event::Complete;
    case State::Done:
        return Event::Complete;
    case State::Failed:
        return Event::Error;
    case State::Head:
        return fail(ErrorKind::Truncated,
                    m_buffer.isEmpty() ? u"connection closed before a response arrived"_s
                                       : u"connection closed inside the response head"_s);
    default:
        return fail(ErrorKind::Truncated, u"connection closed before the response body was complete"_s);
    }
}

HttpResponseParser::Event HttpResponseParser::parseHead(QByteArrayView& input)
{
    while (!input.isEmpty()) {
        QByteArrayView head;
        if (!takeHead(input, head)) {
            if (!startsLikeHttp(m_buffer))
                return fail(ErrorKind::Protocol, u"upstream response is not HTTP/1.x"_s);
            if (m_buffer.size() > kMaxHeaderBytes)
                return fail(ErrorKind::Protocol, u"upstream response header section exceeds 64 KiB"_s);
            return Event::NeedMore;
        }
        if (head.size() > kMaxHeaderBytes)
            return fail(ErrorKind::Protocol, u"upstream response header section exceeds 64 KiB"_s);
        if (!parseHeadBlock(head))
            return Event::Error;
        m_buffer.clear();
        // 1xx responses are interim: the real response follows on the same connection.
        if (m_status >= 200)
            return decideFraming() ? Event::Head : Event::Error;
        if (m_status == 101)
            return fail(ErrorKind::Protocol, u"upstream switched protocols unasked (101)"_s);
        m_headers = HttpHeaders();
    }
    return Event::NeedMore;
}

bool HttpResponseParser::takeHead(QByteArrayView& input, QByteArrayView& head)
{
    if (m_buffer.isEmpty()) {
        // Fast path: the whole head sits in this input, so parse it in place.
        const qsizetype end = findHeadEnd(input, 0);
        if (end < 0) {
            m_buffer = input.toByteArray();
            input = {};
            return false;
        }
        head = input.first(end);
        input = input.sliced(end);
        return true;
    }
    const qsizetype old = m_buffer.size();
    m_buffer.append(input);
    const qsizetype end = findHeadEnd(m_buffer, qMax<qsizetype>(0, old - 2));
    if (end < 0) {
        input = {};
        return false;
    }
    input = input.sliced(end - old);
    m_buffer.truncate(end);
    head = m_buffer;
    return true;
}

bool HttpResponseParser::startsLikeHttp(QByteArrayView bytes) const
{
    const qsizetype n = qMin(bytes.size(), kHttpPrefix.size());
    return bytes.first(n) == kHttpPrefix.first(n);
}

bool HttpResponseParser::parseHeadBlock(QByteArrayView head)
{
    qsizetype pos = 0;
    bool first = true;
    m_headers.reserve(12); // one allocation for a typical answer's fields, not a growth per field
    while (pos < head.size()) {
        const qsizetype lf = head.indexOf('\n', pos);
        const QByteArrayView line = stripCr(head.sliced(pos, lf - pos));
        pos = lf + 1;
        if (line.isEmpty())
            break;
        const bool ok = first ? parseStatusLine(line) : parseHeaderLine(line);
        if (!ok)
            return false;
        first = false;
    }
    return !first || failed(ErrorKind::Protocol, u"upstream response is not HTTP/1.x"_s);
}

bool HttpResponseParser::parseStatusLine(QByteArrayView line)
{
    // "HTTP/1.1 200 OK"; the reason phrase may be missing, the version digit must be there.
    const auto isDigit = [&line](qsizetype i) { return line[i] >= '0' && line[i] <= '9'; };
    const bool shapeOk = line.size() >= 12 && line.startsWith(kHttpPrefix) && isDigit(7) && line[8] == ' ' && isDigit(9)
        && isDigit(10) && isDigit(11) && (line.size() == 12 || line[12] == ' ');
    if (!shapeOk)
        return failed(ErrorKind::Protocol, u"malformed upstream status line"_s);
    m_versionMinor = line[7] - '0';
    m_status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    if (m_status < 100 || m_status > 599)
        return failed(ErrorKind::Protocol, u"upstream status code out of range: %1"_s.arg(m_status));
    return true;
}

bool HttpResponseParser::parseHeaderLine(QByteArrayView line)
{
    // obs-fold continuation lines are deprecated (RFC 9112 §5.2); rejecting them is allowed.
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView name = colon > 0 ? line.first(colon) : QByteArrayView();
    const QByteArrayView value = colon > 0 ? HttpHeaders::trimmedOws(line.sliced(colon + 1)) : QByteArrayView();
    if (!HttpHeaders::isValidName(name) || !HttpHeaders::isValidValue(value))
        return failed(ErrorKind::Protocol, u"malformed upstream header line"_s);
    m_headers.add(name, value);
    return true;
}

bool HttpResponseParser::decideFraming()
{
    const bool close = m_headers.hasToken("connection", "close");
    m_keepAlive = m_versionMinor >= 1 ? !close : (!close && m_headers.hasToken("connection", "keep-alive"));

    const bool hasTe = m_headers.contains("transfer-encoding");
    const bool hasCl = m_headers.contains("content-length");
    if (m_headRequest || m_status == 204 || m_status == 304) {
        m_framing = Framing::None;
    } else if (hasTe) {
        // We never send TE, so chunked is the only transfer coding a server may use (RFC 9112 §6.1).
        if (hasCl)
            return failed(ErrorKind::Protocol, u"upstream sent both Transfer-Encoding and Content-Length"_s);
        if (HttpHeaders::trimmedOws(m_headers.combinedValue("transfer-encoding"))
                .compare("chunked", Qt::CaseInsensitive)
            != 0)
            return failed(ErrorKind::Protocol, u"unsupported upstream transfer coding"_s);
        m_framing = Framing::Chunked;
    } else if (hasCl) {
        const qint64 length = parseContentLength(m_headers.combinedValue("content-length"));
        if (length < 0)
            return failed(ErrorKind::Protocol, u"invalid or conflicting upstream Content-Length"_s);
        m_framing = length > 0 ? Framing::ContentLength : Framing::None;
        m_remaining = length;
    } else {
        m_framing = Framing::UntilClose;
    }
    static constexpr State kFirstState[] = {State::Done, State::FixedBody, State::ChunkSize, State::UntilClose};
    m_state = kFirstState[static_cast<int>(m_framing)];
    return true;
}

HttpResponseParser::Event HttpResponseParser::parseChunked(QByteArrayView& input, QByteArrayView& body)
{
    while (!input.isEmpty()) {
        QByteArrayView line;
        bool tooLong = false;
        switch (m_state) {
        case State::ChunkSize:
            if (!takeLine(input, line, kMaxChunkLine, tooLong))
                return tooLong ? fail(ErrorKind::Protocol, u"upstream chunk-size line too long"_s) : Event::NeedMore;
            if (!parseChunkSizeLine(line))
                return Event::Error;
            break;
        case State::ChunkData: {
            const qsizetype n = qMin<qint64>(m_remaining, input.size());
            body = input.first(n);
            input = input.sliced(n);
            m_remaining -= n;
            if (m_remaining == 0)
                m_state = State::ChunkDataCr;
            return Event::Body;
        }
        case State::ChunkDataCr:
        case State::ChunkDataLf:
            if (!takeChunkEnd(input))
                return fail(ErrorKind::Protocol, u"upstream chunk data not followed by CRLF"_s);
            break;
        case State::Trailers:
            if (!takeLine(input, line, kMaxHeaderBytes - m_trailerBytes, tooLong))
                return tooLong ? fail(ErrorKind::Protocol, u"upstream trailer section exceeds 64 KiB"_s)
                               : Event::NeedMore;
            if (!parseTrailerLine(line))
                return Event::Error;
            break;
        case State::Done:
            return Event::Complete;
        default:
            return Event::Error;
        }
    }
    return m_state == State::Done ? Event::Complete : Event::NeedMore;
}

bool HttpResponseParser::takeChunkEnd(QByteArrayView& input)
{
    const char c = input.front();
    input = input.sliced(1);
    if (c == '\r' && m_state == State::ChunkDataCr)
        m_state = State::ChunkDataLf;
    else if (c == '\n')
        m_state = State::ChunkSize;
    else
        return false;
    return true;
}

bool HttpResponseParser::takeLine(QByteArrayView& input, QByteArrayView& line, qsizetype cap, bool& tooLong)
{
    const qsizetype lf = input.indexOf('\n');
    if (lf < 0) {
        m_buffer.append(input);
        input = {};
        tooLong = m_buffer.size() > cap;
        return false;
    }
    if (m_buffer.isEmpty()) {
        line = stripCr(input.first(lf));
    } else {
        m_buffer.append(input.first(lf));
        line = stripCr(m_buffer);
    }
    input = input.sliced(lf + 1);
    tooLong = line.size() > cap;
    return !tooLong;
}

bool HttpResponseParser::parseChunkSizeLine(QByteArrayView line)
{
    // chunk-size [ BWS ";" chunk-ext ]; the extensions themselves are ignored.
    qint64 size = 0;
    qsizetype i = 0;
    for (; i < line.size() && hexValue(line[i]) >= 0; ++i) {
        if (i >= 15)
            return failed(ErrorKind::Protocol, u"upstream chunk size too large"_s);
        size = size * 16 + hexValue(line[i]);
    }
    const QByteArrayView rest = HttpHeaders::trimmedOws(line.sliced(i));
    if (i == 0 || (!rest.isEmpty() && !rest.startsWith(';')))
        return failed(ErrorKind::Protocol, u"invalid upstream chunk size"_s);
    m_buffer.clear();
    m_remaining = size;
    m_state = size > 0 ? State::ChunkData : State::Trailers;
    return true;
}

bool HttpResponseParser::parseTrailerLine(QByteArrayView line)
{
    m_trailerBytes += line.size() + 2;
    const bool end = line.isEmpty();
    // Trailer fields are checked for shape but dropped: the handler interface has no place for them.
    if (!end && (line.indexOf(':') <= 0 || isOws(line.front())))
        return failed(ErrorKind::Protocol, u"malformed upstream trailer line"_s);
    m_buffer.clear();
    if (end)
        m_state = State::Done;
    return true;
}

bool HttpResponseParser::failed(ErrorKind kind, QString message)
{
    fail(kind, std::move(message));
    return false;
}

HttpResponseParser::Event HttpResponseParser::fail(ErrorKind kind, QString message)
{
    m_state = State::Failed;
    m_errorKind = kind;
    m_errorString = std::move(message);
    m_buffer.clear();
    return Event::Error;
}

} // namespace sy
