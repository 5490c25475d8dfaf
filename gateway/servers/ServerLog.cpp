#include "gateway/servers/ServerLog.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace sy {

ServerLog::ServerLog(QString path, qint64 maxBytes, int keep)
    : m_path(std::move(path))
    , m_maxBytes(maxBytes)
    , m_keep(keep)
{ }

bool ServerLog::ensureOpen()
{
    if (m_file.isOpen())
        return true;
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    m_file.setFileName(m_path);
    return m_file.open(QIODevice::Append | QIODevice::WriteOnly);
}

void ServerLog::append(const QByteArray& bytes)
{
    if (bytes.isEmpty())
        return;
    m_tail += bytes;
    if (m_tail.size() > kTailBytes) {
        // Cut at a line break, so the pane does not start mid-line.
        const qsizetype cut = m_tail.indexOf('\n', m_tail.size() - kTailBytes);
        m_tail.remove(0, cut < 0 ? m_tail.size() - kTailBytes : cut + 1);
    }
    if (!ensureOpen())
        return;
    if (m_file.size() + bytes.size() > m_maxBytes)
        rotate();
    if (ensureOpen()) {
        m_file.write(bytes);
        m_file.flush();
    }
}

void ServerLog::note(const QString& line)
{
    append((u"[switchyard %1] "_s.arg(QDateTime::currentDateTime().toString(Qt::ISODate)) + line + u'\n').toUtf8());
}

void ServerLog::rotate()
{
    m_file.close();
    QFile::remove(m_path + u'.' + QString::number(m_keep));
    for (int i = m_keep - 1; i >= 1; --i)
        QFile::rename(m_path + u'.' + QString::number(i), m_path + u'.' + QString::number(i + 1));
    QFile::rename(m_path, m_path + u".1"_s);
}

} // namespace sy
