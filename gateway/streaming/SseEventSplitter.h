#pragma once

#include <QByteArray>
#include <QList>

namespace sy {

/** One server-sent event: its raw bytes (blank line included) and its parsed fields. */
struct SseEvent
{
    QByteArray raw;
    QByteArray event; ///< the `event:` field, empty for the default "message"
    QByteArray data; ///< `data:` lines joined with '\n'

    static SseEvent parse(const QByteArray& raw);
};

/**
 * Cuts a byte stream into whole server-sent events, so the relay forwards each event as soon
 * as its last byte arrives and never half an event. Events end with a blank line (LF LF or
 * CRLF CRLF, as the spec allows).
 */
class SseEventSplitter
{
public:
    /** Appends @p data and returns the events it completed, in order. */
    QList<QByteArray> feed(const QByteArray& data);
    /** Bytes of an event still incomplete. */
    const QByteArray& remainder() const { return m_buffer; }
    /** Takes the incomplete rest, e.g. at the end of a stream whose last event lacks its blank line. */
    QByteArray takeRemainder();

private:
    QByteArray m_buffer;
    qsizetype m_searchFrom = 0; ///< bytes before this cannot start a boundary any more
};

} // namespace sy
