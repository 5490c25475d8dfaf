#pragma once

#include <QFile>
#include <QString>

namespace sy {

/**
 * A managed server's stdout and stderr, appended to <name>.log and rotated at a size limit
 * (<name>.log.1, .2, …), so a chatty server cannot fill the disk. Writes are small appends to
 * a file opened once; the supervisor lives on the main thread, never the gateway's.
 */
class ServerLog
{
public:
    explicit ServerLog(QString path, qint64 maxBytes = 5 * 1024 * 1024, int keep = 3);

    const QString& path() const { return m_path; }
    void append(const QByteArray& bytes);
    /** The last bytes written (at most kTailBytes), kept in memory for the dashboard's log pane. */
    const QByteArray& tail() const { return m_tail; }

    static constexpr qsizetype kTailBytes = 64 * 1024;
    /** A line of Switchyard's own, marked so it stands out among the server's. */
    void note(const QString& line);

private:
    void rotate();
    bool ensureOpen();

    QString m_path;
    qint64 m_maxBytes;
    int m_keep;
    QFile m_file;
    QByteArray m_tail;
};

} // namespace sy
