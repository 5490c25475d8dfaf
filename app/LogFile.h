#pragma once

#include <QString>

#include <memory>

namespace sy {

/**
 * Copies Qt's log messages to <dir>/switchyard.log, for the menu-bar app, whose stderr goes
 * nowhere when started from Finder or at login. Messages are queued and written by a thread of
 * its own, so no thread that logs (the gateway's included) ever waits on the disk. The file is
 * rotated at 8 MiB, keeping one previous file (switchyard.log.1).
 *
 * One instance at a time; it installs its message handler while it lives.
 */
class LogFile
{
public:
    explicit LogFile(const QString& dir);
    ~LogFile();
    LogFile(const LogFile&) = delete;
    LogFile& operator=(const LogFile&) = delete;

    QString path() const;
    /** Empty when the file is being written; otherwise why not. */
    QString error() const;

    /** Writes out everything queued so far; for tests and shutdown. */
    void flush();

    struct Writer; ///< the queue and its thread; public only so the message handler can reach it

private:
    std::unique_ptr<Writer> m_writer;
};

} // namespace sy
