#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace sy {

/** One local model server Switchyard starts and stops (LM Studio, Ollama, llama-server, …). */
struct ServerEntry
{
    enum class State
    {
        Stopped,
        Starting, ///< launched, not answering its health check yet
        Ready, ///< answering: routing sends it requests
        Stopping,
        Crashed, ///< exited on its own after it was ready; lastError says how
        Failed, ///< could not start, or gave up restarting; lastError says why
    };

    QString name; ///< as the config names it; the key for start(), stop() and restart()
    QString kind; ///< lmstudio, ollama, llamacpp, vllm, … (for people; may be empty)
    quint16 port = 0; ///< where it listens; 0 when unknown
    State state = State::Stopped;
    QString lastError; ///< empty when there is none
    QString logFile; ///< absolute path of its stdout/stderr log; empty when it has none
    qint64 pid = 0; ///< its process (group) id; 0 when none runs
    QDateTime since{}; ///< UTC; when it entered its state (ready: its uptime)
    int restarts = 0; ///< crashes in a row so far
    QStringList models{}; ///< the model groups it serves
    QStringList commandLine{}; ///< how it was started (argv); empty before its first start
};

/**
 * The UI's control over managed local servers (issue #7), which app/main.cpp implements on top
 * of the real supervisor. The UI lives on the main thread and only ever calls these from there.
 *
 * Contract:
 * - servers() returns at once with the last known list (a cheap copy, never blocking on a
 *   process or another thread);
 * - start(), stop() and restart() return at once; an unknown name is ignored. Progress and the
 *   outcome arrive through serversChanged(), after which servers() tells the new state;
 * - serversChanged() is emitted on the main thread whenever a state, last error or the list
 *   itself changes.
 *
 * Without one, the tray menu and the dashboard show no servers section.
 */
class IServerControl : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual QList<sy::ServerEntry> servers() const = 0;
    /** The end of @p name's log, from memory (a few KiB; never a disk read on the caller's thread). */
    virtual QString logTail(const QString& name) const
    {
        Q_UNUSED(name);
        return {};
    }
    virtual void start(const QString& name) = 0;
    virtual void stop(const QString& name) = 0;
    virtual void restart(const QString& name) = 0;

signals:
    void serversChanged();
};

} // namespace sy
