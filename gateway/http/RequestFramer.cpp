#include "gateway/http/RequestFramer.h"

#include "gateway/http/HttpHeaders.h"

#include <cstring>

namespace sy {

namespace {

constexpr qsizetype kMaxChunkLine = 1024;
// Room for this many header fields is made at once: SDKs send 8-15.
constexpr qsizetype kUsualFields = 16;
// A declared length is reserved up front only this far: a client may declare 32 MB and send nothing.
constexpr qint64 kMaxBodyReserve = 1024 * 1024;

bool isLeadingWhitespace(char c)
{
    // Blank lines before a request line are tolerated (RFC 9112 2.2), and stray whitespace with them.
    return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v';
}

bool isDigits(QByteArrayView v)
{
    if (v.isEmpty() || v.size() > 18)
        return false;
    for (char c : v) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

bool equalsNoCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

// Percent-encodes the bytes a URL may not hold as they are (>= 0x80; the request line admits no
// controls or spaces), as QUrl's FullyEncoded form did for the handlers that compare paths.
QByteArray encodedUrlPart(QByteArrayView part)
{
    bool plain = true;
    for (char c : part)
        plain &= static_cast<unsigned char>(c) < 0x80;
    if (plain)
        return part.toByteArray();
    static constexpr char kHex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(part.size() * 3);
    for (char c : part) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80) {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0xf];
        }
    }
    return out;
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

} // namespace

RequestFramer::RequestFramer()
    : RequestFramer(Limits{})
{ }

RequestFramer::RequestFramer(Limits limits)
    : m_limits(limits)
{ }

bool RequestFramer::isReadingBody() const
{
    switch (m_state) {
    case State::Body:
    case State::ChunkSize:
    case State::ChunkData:
    case State::ChunkDataEnd:
    case State::Trailers:
        return true;
    default:
        return false;
    }
}

int RequestFramer::statusFor(Error error)
{
    switch (error) {
    case Error::None:
        return 200;
    case Error::BadRequest:
        return 400;
    case Error::HeadTooLarge:
        return 431;
    case Error::BodyTooLarge:
        return 413;
    case Error::NotImplemented:
        return 501;
    case Error::ExpectationFailed:
        return 417;
    }
    return 400;
}

RequestFramer::Step RequestFramer::fail(Error error, qsizetype consumed)
{
    m_state = State::Failed;
    m_error = error;
    m_line.clear();
    return {Event::Failed, consumed};
}

// Appends input up to and including the next LF to m_line, unless that would make the line
// take more than @p budget bytes. Returns the bytes taken, or -1 when over the budget.
qsizetype RequestFramer::takeLine(const char* data, qsizetype size, qsizetype pos, qsizetype budget, bool& complete)
{
    const void* lf = std::memchr(data + pos, '\n', size_t(size - pos));
    const qsizetype end = lf ? static_cast<const char*>(lf) - data + 1 : size;
    if (end - pos > budget)
        return -1;
    m_line.append(data + pos, end - pos);
    complete = lf != nullptr;
    if (complete) {
        m_line.chop(1);
        if (m_line.endsWith('\r'))
            m_line.chop(1);
    }
    return end - pos;
}

RequestFramer::Step RequestFramer::feed(const char* data, qsizetype size)
{
    if (m_state == State::Body && m_remaining == 0) {
        // A request without a body: its head was reported by the previous call.
        m_state = State::Idle;
        return {Event::MessageComplete, 0};
    }
    qsizetype pos = 0;
    while (pos < size) {
        switch (m_state) {
        case State::Failed:
            return {Event::Failed, 0};
        case State::Idle:
            if (isLeadingWhitespace(data[pos])) {
                ++pos;
                continue;
            }
            m_head = Head{};
            m_headBytes = 0;
            m_contentLengthCount = 0;
            m_sawTransferEncoding = false;
            m_connectionClose = false;
            m_connectionKeepAlive = false;
            m_bodyBytes = 0;
            m_remaining = 0;
            m_headers = HttpHeaders();
            m_headers.reserve(kUsualFields);
            m_body = QByteArray();
            m_state = State::RequestLine;
            continue;
        case State::RequestLine:
        case State::Headers: {
            QByteArrayView line;
            const qsizetype budget = m_limits.maxHeadBytes - m_headBytes;
            const void* lf = m_line.isEmpty() ? std::memchr(data + pos, '\n', size_t(size - pos)) : nullptr;
            if (lf) {
                // The usual case: the whole line is in this read, so look at it where it is.
                const qsizetype end = static_cast<const char*>(lf) - data + 1;
                if (end - pos > budget)
                    return fail(Error::HeadTooLarge, pos);
                line = QByteArrayView(data + pos, end - pos - 1);
                if (line.endsWith('\r'))
                    line.chop(1);
                m_headBytes += end - pos;
                pos = end;
            } else {
                bool complete = false;
                const qsizetype taken = takeLine(data, size, pos, budget, complete);
                if (taken < 0)
                    return fail(Error::HeadTooLarge, pos);
                pos += taken;
                m_headBytes += taken;
                if (!complete)
                    continue;
                line = m_line;
            }
            const Step step = onHeadLine(line, pos);
            m_line.clear();
            if (step.event != Event::NeedMore)
                return step;
            continue;
        }
        case State::Body: {
            const qint64 take = qMin<qint64>(m_remaining, size - pos);
            keepBody(data + pos, take);
            pos += take;
            m_remaining -= take;
            if (m_remaining == 0) {
                m_state = State::Idle;
                return {Event::MessageComplete, pos};
            }
            continue;
        }
        default:
            return feedChunked(data, size, pos);
        }
    }
    return {Event::NeedMore, pos};
}

RequestFramer::Step RequestFramer::onHeadLine(QByteArrayView line, qsizetype pos)
{
    if (m_state == State::RequestLine) {
        if (!parseRequestLine(line))
            return fail(Error::BadRequest, pos);
        m_state = State::Headers;
        return {Event::NeedMore, pos};
    }
    if (line.isEmpty())
        return onHeadEnd(pos);
    if (!parseHeaderLine(line))
        return fail(Error::BadRequest, pos);
    return {Event::NeedMore, pos};
}

RequestFramer::Step RequestFramer::feedChunked(const char* data, qsizetype size, qsizetype pos)
{
    while (pos < size) {
        if (m_state == State::ChunkData) {
            const qint64 take = qMin<qint64>(m_remaining, size - pos);
            keepBody(data + pos, take);
            pos += take;
            m_remaining -= take;
            if (m_remaining == 0)
                m_state = State::ChunkDataEnd;
            continue;
        }
        bool complete = false;
        const bool trailer = m_state == State::Trailers;
        const qsizetype taken = takeLine(
            data, size, pos, trailer ? m_limits.maxHeadBytes - m_headBytes : kMaxChunkLine - m_line.size(), complete);
        if (taken < 0)
            return fail(trailer ? Error::HeadTooLarge : Error::BadRequest, pos);
        pos += taken;
        if (trailer)
            m_headBytes += taken;
        if (!complete)
            continue;
        const QByteArray line = std::exchange(m_line, {});
        if (m_state == State::ChunkDataEnd) {
            if (!line.isEmpty())
                return fail(Error::BadRequest, pos);
            m_state = State::ChunkSize;
        } else if (m_state == State::Trailers) {
            if (line.isEmpty()) {
                m_state = State::Idle;
                return {Event::MessageComplete, pos};
            }
        } else { // ChunkSize
            const qsizetype semicolon = line.indexOf(';');
            const QByteArray digits = (semicolon < 0 ? line : line.left(semicolon)).trimmed();
            if (digits.isEmpty() || digits.size() > 15)
                return fail(Error::BadRequest, pos);
            qint64 chunk = 0;
            for (char c : digits) {
                const int v = hexValue(c);
                if (v < 0)
                    return fail(Error::BadRequest, pos);
                chunk = chunk * 16 + v;
            }
            m_bodyBytes += chunk;
            if (m_bodyBytes > m_limits.maxBodyBytes)
                return fail(Error::BodyTooLarge, pos);
            m_remaining = chunk;
            m_state = chunk == 0 ? State::Trailers : State::ChunkData;
        }
    }
    return {Event::NeedMore, pos};
}

bool RequestFramer::parseRequestLine(QByteArrayView line)
{
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = line.lastIndexOf(' ');
    if (sp1 <= 0 || sp2 <= sp1 + 1)
        return false;
    const QByteArrayView method = line.first(sp1);
    const QByteArrayView target = HttpHeaders::trimmedOws(line.sliced(sp1 + 1, sp2 - sp1 - 1));
    const QByteArrayView version = line.sliced(sp2 + 1);
    if (!HttpHeaders::isValidName(method) || target.isEmpty())
        return false;
    for (char c : target) {
        if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f)
            return false;
    }
    if (version == "HTTP/1.1")
        m_head.minorVersion = 1;
    else if (version == "HTTP/1.0")
        m_head.minorVersion = 0;
    else
        return false;
    // The usual methods are shared constants: a new array for four bytes cost an allocation.
    static const QByteArray kPost = QByteArrayLiteral("POST");
    static const QByteArray kGet = QByteArrayLiteral("GET");
    m_head.method = method == kPost ? kPost : method == kGet ? kGet : method.toByteArray();
    m_head.target = target.toByteArray();
    return true;
}

bool RequestFramer::parseHeaderLine(QByteArrayView line)
{
    if (line.startsWith(' ') || line.startsWith('\t'))
        return false; // obsolete line folding (RFC 9112 5.2): refuse rather than guess
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return false;
    const QByteArrayView name = line.first(colon);
    if (!HttpHeaders::isValidName(name))
        return false;
    const QByteArrayView value = HttpHeaders::trimmedOws(line.sliced(colon + 1));
    if (!HttpHeaders::isValidValue(value))
        return false; // a bare CR or a NUL: refuse rather than pass it on
    m_headers.add(name, value);
    if (equalsNoCase(name, "content-length")) {
        return HttpHeaders::forEachListItem(value, [this](QByteArrayView v) {
            // isDigits caps the length at 18 digits, so the value fits; a longer one is refused
            // rather than read as 0, which would smuggle the body in as a second request.
            bool ok = false;
            const qint64 length = isDigits(v) ? v.toLongLong(&ok) : -1;
            if (!ok || length < 0)
                return false;
            if (m_contentLengthCount > 0 && length != m_head.contentLength)
                return false;
            m_head.contentLength = length;
            ++m_contentLengthCount;
            return true;
        });
    }
    if (equalsNoCase(name, "transfer-encoding")) {
        if (m_sawTransferEncoding)
            return false;
        m_sawTransferEncoding = true;
        m_head.chunked = equalsNoCase(value, "chunked");
    } else if (equalsNoCase(name, "connection")) {
        HttpHeaders::forEachListItem(value, [this](QByteArrayView token) {
            m_connectionClose |= equalsNoCase(token, "close");
            m_connectionKeepAlive |= equalsNoCase(token, "keep-alive");
            return true;
        });
    } else if (equalsNoCase(name, "expect")) {
        if (!equalsNoCase(value, "100-continue"))
            m_error = Error::ExpectationFailed;
        m_head.expectContinue = true;
    }
    return true;
}

RequestFramer::Error RequestFramer::finishHead()
{
    if (m_error != Error::None)
        return m_error;
    if (m_sawTransferEncoding && !m_head.chunked)
        return Error::NotImplemented;
    if (m_sawTransferEncoding && (m_contentLengthCount > 0 || m_head.minorVersion == 0))
        return Error::BadRequest;
    if (m_head.contentLength > m_limits.maxBodyBytes)
        return Error::BodyTooLarge;
    m_head.keepAlive = m_head.minorVersion == 1 ? !m_connectionClose : m_connectionKeepAlive && !m_connectionClose;
    return Error::None;
}

RequestFramer::Step RequestFramer::onHeadEnd(qsizetype consumed)
{
    const Error error = finishHead();
    if (error != Error::None)
        return fail(error, consumed);
    if (m_head.chunked) {
        m_state = State::ChunkSize;
    } else if (m_head.contentLength > 0) {
        m_state = State::Body;
        m_remaining = m_head.contentLength;
        m_body.reserve(qsizetype(qMin(m_head.contentLength, kMaxBodyReserve)));
    } else {
        // A head without a body is a whole message; report the head now, completion next call.
        m_state = State::Body;
        m_remaining = 0;
    }
    return {Event::HeadComplete, consumed};
}

void RequestFramer::keepBody(const char* data, qint64 size)
{
    if (size > 0)
        m_body.append(data, qsizetype(size));
}

HttpRequest RequestFramer::takeRequest()
{
    HttpRequest request;
    request.method = m_head.method;
    QByteArrayView target = m_head.target;
    // Absolute form ("http://host:4000/v1/models"), which proxies send: the path starts after the authority.
    if (const qsizetype scheme = target.startsWith('/') ? -1 : target.indexOf("://"); scheme > 0) {
        const qsizetype slash = target.indexOf('/', scheme + 3);
        target = slash < 0 ? QByteArrayView("/") : target.sliced(slash);
    }
    if (const qsizetype hash = target.indexOf('#'); hash >= 0)
        target.truncate(hash);
    const qsizetype question = target.indexOf('?');
    request.path = encodedUrlPart(question < 0 ? target : target.first(question));
    if (question >= 0)
        request.query = encodedUrlPart(target.sliced(question + 1));
    request.headers = std::exchange(m_headers, {});
    request.body = std::exchange(m_body, {});
    request.minorVersion = m_head.minorVersion;
    request.keepAlive = m_head.keepAlive;
    return request;
}

} // namespace sy
