#pragma once

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QThread>

#include <csignal>
#include <sys/types.h>

namespace sy::testing {

/** A port nobody listens on right now. */
inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

inline qint64 readPid(const QString& pidFile)
{
    QFile f(pidFile);
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toLongLong() : 0;
}

/** Alive and not a zombie (Linux /proc; elsewhere kill -0 alone). */
inline bool processAlive(qint64 pid)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close < 0 || text.mid(close + 2, 1) != "Z";
}

inline QString mockBackendPath()
{
    return qEnvironmentVariable("SWITCHYARD_TEST_SUPPORT_DIR") + QStringLiteral("/mock-backend");
}

inline QString fakeServersDir()
{
    return QStringLiteral(SWITCHYARD_SOURCE_DIR "/tests/support/fake-servers");
}

} // namespace sy::testing
