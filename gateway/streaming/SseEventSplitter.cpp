#include "gateway/streaming/SseEventSplitter.h"

namespace sy {

namespace {

// Returns the offset just past the blank line ending the first event at or after @p from, or -1.
qsizetype findEventEnd(const QByteArray& buffer, qsizetype from)
{
    for (qsizetype i = buffer.indexOf('\n', from); i >= 0; i = buffer.indexOf('\n', i + 1)) {
        qsizetype next = i + 1;
        if (next < buffer.size() && buffer[next] == '\r')
            ++next;
        if (next < buffer.size() && buffer[next] == '\n')
            return next + 1;
    }
    return -1;
}

} // namespace

SseEvent SseEvent::parse(const QByteArray& raw)
{
    SseEvent out;
    out.raw = raw;
    bool firstData = true;
    for (QByteArray line : raw.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty() || line.startsWith(':'))
            continue;
        const qsizetype colon = line.indexOf(':');
        const QByteArray field = colon < 0 ? line : line.left(colon);
        QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
        if (value.startsWith(' '))
            value.remove(0, 1);
        if (field == "data") {
            if (!firstData)
                out.data += '\n';
            out.data += value;
            firstData = false;
        } else if (field == "event") {
            out.event = value;
        }
    }
    return out;
}

QList<QByteArray> SseEventSplitter::feed(const QByteArray& data)
{
    QList<QByteArray> events;
    m_buffer += data;
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = findEventEnd(m_buffer, qMax(start, m_searchFrom));
        if (end < 0)
            break;
        events.append(m_buffer.sliced(start, end - start));
        start = end;
        m_searchFrom = end;
    }
    if (start > 0)
        m_buffer.remove(0, start);
    // Everything left was searched; a boundary may straddle the next read, so keep two bytes.
    m_searchFrom = qMax<qsizetype>(0, m_buffer.size() - 2);
    return events;
}

QByteArray SseEventSplitter::takeRemainder()
{
    m_searchFrom = 0;
    return std::exchange(m_buffer, {});
}

} // namespace sy
