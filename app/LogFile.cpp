#include "app/LogFile.h"

#include <QDir>
#include <QFile>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr qint64 kRotateBytes = 8 * 1024 * 1024;
constexpr qsizetype kMaxQueuedBytes = 4 * 1024 * 1024; // beyond this, messages are dropped and counted

// Set while a LogFile lives. Destroy the LogFile only once the other threads are done logging
// (in the app: after the gateway thread has been joined).
std::atomic<LogFile::Writer*> g_writer = nullptr;
QtMessageHandler g_previous = nullptr;

} // namespace

struct LogFile::Writer
{
    QString path;
    QString error;
    QFile file;
    std::mutex mutex;
    std::condition_variable wake;
    std::condition_variable flushed;
    QByteArray queued;
    quint64 dropped = 0;
    quint64 enqueued = 0;
    quint64 written = 0;
    bool stopping = false;
    std::thread thread;

    void enqueue(const QByteArray& line)
    {
        {
            std::lock_guard lock(mutex);
            if (queued.size() + line.size() > kMaxQueuedBytes) {
                ++dropped;
                return;
            }
            queued += line;
            ++enqueued;
        }
        wake.notify_one();
    }

    void run()
    {
        std::unique_lock lock(mutex);
        for (;;) {
            wake.wait(lock, [this] { return stopping || !queued.isEmpty(); });
            const QByteArray batch = std::exchange(queued, {});
            const quint64 batchEnd = enqueued;
            const quint64 lost = std::exchange(dropped, 0);
            const bool last = stopping;
            lock.unlock();
            write(batch, lost);
            lock.lock();
            written = batchEnd;
            flushed.notify_all();
            if (last && queued.isEmpty())
                return;
        }
    }

    void write(const QByteArray& batch, quint64 lost)
    {
        if (lost)
            file.write("… " + QByteArray::number(lost) + " log messages dropped: the log could not keep up\n");
        file.write(batch);
        file.flush();
        if (file.size() < kRotateBytes)
            return;
        file.close();
        QFile::remove(path + u".1"_s);
        QFile::rename(path, path + u".1"_s);
        file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text);
    }

    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message)
    {
        if (g_previous)
            g_previous(type, context, message); // stderr as before
        if (Writer* writer = g_writer.load())
            writer->enqueue((qFormatLogMessage(type, context, message) + u'\n').toUtf8());
    }
};

LogFile::LogFile(const QString& dir)
    : m_writer(std::make_unique<Writer>())
{
    Writer& w = *m_writer;
    w.path = QDir(dir).filePath(u"switchyard.log"_s);
    w.file.setFileName(w.path);
    if (!QDir().mkpath(dir)) {
        w.error = u"cannot create %1"_s.arg(dir);
        return;
    }
    if (!w.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        w.error = u"cannot open %1: %2"_s.arg(w.path, w.file.errorString());
        return;
    }
    w.thread = std::thread([&w] { w.run(); });
    g_writer = &w;
    g_previous = qInstallMessageHandler(&Writer::handle);
}

LogFile::~LogFile()
{
    if (!m_writer->thread.joinable())
        return;
    qInstallMessageHandler(g_previous);
    g_writer = nullptr;
    {
        std::lock_guard lock(m_writer->mutex);
        m_writer->stopping = true;
    }
    m_writer->wake.notify_one();
    m_writer->thread.join();
}

QString LogFile::path() const
{
    return m_writer->path;
}

QString LogFile::error() const
{
    return m_writer->error;
}

void LogFile::flush()
{
    Writer& w = *m_writer;
    if (!w.thread.joinable())
        return;
    std::unique_lock lock(w.mutex);
    const quint64 target = w.enqueued;
    w.flushed.wait(lock, [&] { return w.written >= target; });
}

} // namespace sy
