#include "gateway/streaming/NdjsonSplitter.h"

namespace sy {

QList<QByteArray> NdjsonSplitter::feed(const QByteArray& data)
{
    QList<QByteArray> lines;
    const qsizetype searchFrom = m_buffer.size();
    m_buffer += data;
    qsizetype start = 0;
    for (qsizetype nl = m_buffer.indexOf('\n', searchFrom); nl >= 0; nl = m_buffer.indexOf('\n', nl + 1)) {
        QByteArray line = m_buffer.sliced(start, nl - start);
        if (line.endsWith('\r'))
            line.chop(1);
        if (!line.trimmed().isEmpty())
            lines.append(std::move(line));
        start = nl + 1;
    }
    if (start > 0)
        m_buffer.remove(0, start);
    return lines;
}

} // namespace sy
