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
    // Runs on every relayed event: walks the lines in place, so a one-line event costs one
    // copy (its data), not one per line and field.
    SseEvent out;
    out.raw = raw;
    bool firstData = true;
    const QByteArrayView all(raw);
    for (qsizetype from = 0; from < all.size();) {
        qsizetype end = all.indexOf('\n', from);
        if (end < 0)
            end = all.size();
        QByteArrayView line = all.sliced(from, end - from);
        from = end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty() || line.startsWith(':'))
            continue;
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView field = colon < 0 ? line : line.first(colon);
        QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
        if (field == "data") {
            if (firstData)
                out.data = value.toByteArray();
            else
                out.data += '\n' + value.toByteArray();
            firstData = false;
        } else if (field == "event") {
            out.event = value.toByteArray();
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
        // A read that is one whole event (the usual case) is passed on as it is, not copied.
        events.append(start == 0 && end == m_buffer.size() ? m_buffer : m_buffer.sliced(start, end - start));
        start = end;
        m_searchFrom = end;
    }
    // Cleared rather than emptied when all was used: the next read is then shared, not copied.
    if (start == m_buffer.size())
        m_buffer.clear();
    else if (start > 0)
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
