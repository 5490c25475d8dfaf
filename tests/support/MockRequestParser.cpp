#include "tests/support/MockRequestParser.h"

#include <algorithm>

namespace sy::testing {

namespace {
constexpr qsizetype MaxHeadSize = 64 * 1024;
constexpr qint64 MaxBodySize = 64 * 1024 * 1024;
} // namespace

MockRequestParser::Result MockRequestParser::next(QByteArray& buffer, MockHttpRequest& out)
{
    if (m_state == State::Failed)
        return Result::Error;
    if (m_state == State::Head) {
        const Result head = parseHead(buffer);
        if (head != Result::Complete)
            return head;
    }
    if (m_state == State::FixedBody) {
        const qint64 n = std::min<qint64>(m_remaining, buffer.size());
        m_current.body.append(buffer.constData(), n);
        buffer.remove(0, n);
        m_remaining -= n;
        if (m_remaining > 0)
            return Result::NeedMore;
    } else if (m_state == State::ChunkedBody) {
        qsizetype consumed = 0;
        const auto result = m_chunked.feed(buffer, &consumed, &m_current.body);
        buffer.remove(0, consumed);
        if (result == ChunkedDecoder::Result::Error || m_current.body.size() > MaxBodySize)
            return fail("malformed chunked body");
        if (result == ChunkedDecoder::Result::NeedMore)
            return Result::NeedMore;
    }
    out = std::move(m_current);
    m_current = {};
    m_state = State::Head;
    m_continuePending = false;
    return Result::Complete;
}

bool MockRequestParser::takeContinueRequest()
{
    const bool pending = m_continuePending;
    m_continuePending = false;
    return pending;
}

MockRequestParser::Result MockRequestParser::parseHead(QByteArray& buffer)
{
    // Tolerate the stray CRLFs some clients send between pipelined requests (RFC 9112 section 2.2).
    qsizetype start = 0;
    while (start + 1 < buffer.size() && buffer.at(start) == '\r' && buffer.at(start + 1) == '\n')
        start += 2;
    const qsizetype end = buffer.indexOf("\r\n\r\n", start);
    if (end < 0) {
        if (buffer.size() > MaxHeadSize)
            return fail("request head too large");
        return Result::NeedMore;
    }
    const QByteArrayView head = QByteArrayView(buffer).sliced(start, end - start);
    const qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArrayView requestLine = lineEnd < 0 ? head : head.first(lineEnd);
    if (!parseRequestLine(requestLine))
        return fail("malformed request line");
    if (lineEnd >= 0 && !parseHeaderLines(head.sliced(lineEnd + 2)))
        return fail("malformed header field");
    buffer.remove(0, end + 4);
    if (!setupBody())
        return Result::Error;
    return Result::Complete;
}

bool MockRequestParser::parseRequestLine(QByteArrayView line)
{
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 <= sp1 + 1)
        return false;
    m_current.method = line.first(sp1).toByteArray();
    m_current.target = line.sliced(sp1 + 1, sp2 - sp1 - 1).toByteArray();
    m_current.version = line.sliced(sp2 + 1).toByteArray();
    if (m_current.version != "HTTP/1.1" && m_current.version != "HTTP/1.0")
        return false;
    if (!m_current.target.startsWith('/'))
        return false;
    const qsizetype query = m_current.target.indexOf('?');
    m_current.path = query < 0 ? m_current.target : m_current.target.first(query);
    return true;
}

bool MockRequestParser::parseHeaderLines(QByteArrayView block)
{
    qsizetype pos = 0;
    while (pos < block.size()) {
        qsizetype eol = block.indexOf("\r\n", pos);
        if (eol < 0)
            eol = block.size();
        const QByteArrayView line = block.sliced(pos, eol - pos);
        pos = eol + 2;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.first(colon).contains(' ') || line.first(colon).contains('\t'))
            return false;
        m_current.headers.append(
            {line.first(colon).toByteArray().toLower(), line.sliced(colon + 1).trimmed().toByteArray()});
    }
    return true;
}

bool MockRequestParser::setupBody()
{
    const QByteArray connection = m_current.header("connection").toLower();
    m_current.keepAlive
        = m_current.version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive");
    m_continuePending = m_current.header("expect").toLower() == "100-continue";
    if (m_current.header("transfer-encoding").toLower().contains("chunked")) {
        m_chunked.reset();
        m_state = State::ChunkedBody;
        return true;
    }
    const QByteArray length = m_current.header("content-length");
    bool ok = true;
    m_remaining = length.isEmpty() ? 0 : length.toLongLong(&ok);
    if (!ok || m_remaining < 0 || m_remaining > MaxBodySize) {
        fail("invalid Content-Length");
        return false;
    }
    m_state = State::FixedBody;
    m_current.body.reserve(m_remaining);
    return true;
}

MockRequestParser::Result MockRequestParser::fail(const char* message)
{
    m_state = State::Failed;
    m_error = message;
    return Result::Error;
}

} // namespace sy::testing
