#pragma once

#include <QByteArray>
#include <QList>

namespace sy {

/**
 * Cuts a byte stream of newline-delimited JSON (Ollama's streams) into whole lines, so each
 * object goes on as soon as its newline arrives and never half of one.
 */
class NdjsonSplitter
{
public:
    /** Appends @p data and returns the lines it completed (without their newline), in order. */
    QList<QByteArray> feed(const QByteArray& data);
    const QByteArray& remainder() const { return m_buffer; }
    QByteArray takeRemainder() { return std::exchange(m_buffer, {}); }

private:
    QByteArray m_buffer;
};

} // namespace sy
