#include "tests/support/RawResponseParser.h"

#include <algorithm>

namespace sy::testing {

bool RawResponseParser::feed(const QByteArray& data, qint64 nowMs)
{
    m_buffer.append(data);
    while (m_state != State::Error && !m_buffer.isEmpty()) {
        if (m_state == State::Head) {
            if (!parseHead(nowMs))
                break;
            continue;
        }
        RawHttpResponse& response = m_responses.last();
        if (m_state == State::UntilClose) {
            response.body.append(m_buffer);
            m_buffer.clear();
        } else if (m_state == State::FixedBody) {
            const qint64 n = std::min<qint64>(m_remaining, m_buffer.size());
            response.body.append(m_buffer.constData(), n);
            m_buffer.remove(0, n);
            m_remaining -= n;
            if (m_remaining == 0)
                complete(nowMs);
        } else {
            qsizetype consumed = 0;
            const auto result = m_chunked.feed(m_buffer, &consumed, &response.body);
            m_buffer.remove(0, consumed);
            if (result == ChunkedDecoder::Result::Error)
                m_state = State::Error;
            else if (result == ChunkedDecoder::Result::Done)
                complete(nowMs);
            else
                break;
        }
    }
    return m_state != State::Error;
}

void RawResponseParser::connectionClosed(qint64 nowMs)
{
    if (m_state == State::UntilClose)
        complete(nowMs);
}

bool RawResponseParser::parseHead(qint64 nowMs)
{
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        // Fail fast on bytes that cannot start a status line, instead of waiting for a CRLFCRLF.
        if (!QByteArrayView("HTTP/").startsWith(
                QByteArrayView(m_buffer).first(std::min<qsizetype>(5, m_buffer.size()))))
            m_state = State::Error;
        return false;
    }
    const QByteArrayView head = QByteArrayView(m_buffer).first(end);
    RawHttpResponse response;
    qsizetype pos = head.indexOf("\r\n");
    if (!parseStatusLine(pos < 0 ? head : head.first(pos), &response)) {
        m_state = State::Error;
        return false;
    }
    while (pos >= 0) {
        const qsizetype start = pos + 2;
        pos = head.indexOf("\r\n", start);
        const QByteArrayView line = head.sliced(start, (pos < 0 ? head.size() : pos) - start);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            response.headers.append(
                {line.first(colon).toByteArray().toLower(), line.sliced(colon + 1).trimmed().toByteArray()});
    }
    m_buffer.remove(0, end + 4);
    if (response.status >= 100 && response.status < 200 && response.status != 101)
        return true; // interim response (100 Continue): the real one follows
    response.headMs = nowMs;
    m_responses.append(response);
    startBody(m_responses.last(), nowMs);
    return true;
}

bool RawResponseParser::parseStatusLine(QByteArrayView line, RawHttpResponse* response)
{
    if (!line.startsWith("HTTP/1."))
        return false;
    const qsizetype sp1 = line.indexOf(' ');
    if (sp1 < 0)
        return false;
    const qsizetype sp2 = line.indexOf(' ', sp1 + 1);
    bool ok = false;
    response->version = line.first(sp1).toByteArray();
    response->status = line.sliced(sp1 + 1, (sp2 < 0 ? line.size() : sp2) - sp1 - 1).toInt(&ok);
    response->reason = sp2 < 0 ? QByteArray() : line.sliced(sp2 + 1).toByteArray();
    return ok && response->status >= 100 && response->status <= 999;
}

void RawResponseParser::startBody(RawHttpResponse& response, qint64 nowMs)
{
    const QByteArray length = response.header("content-length");
    if (response.status == 204 || response.status == 304) {
        complete(nowMs);
    } else if (response.header("transfer-encoding").toLower().contains("chunked")) {
        response.chunked = true;
        m_chunked.reset();
        m_state = State::ChunkedBody;
    } else if (!length.isEmpty()) {
        m_remaining = length.toLongLong();
        m_state = State::FixedBody;
        if (m_remaining <= 0)
            complete(nowMs);
    } else {
        m_state = State::UntilClose;
    }
}

void RawResponseParser::complete(qint64 nowMs)
{
    m_responses.last().complete = true;
    m_responses.last().completeMs = nowMs;
    m_state = State::Head;
}

} // namespace sy::testing
