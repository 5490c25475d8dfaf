#pragma once

#include <QList>
#include <QObject>
#include <QString>

namespace sy {

/** One local model server Switchyard starts and stops (LM Studio, Ollama, llama-server, …). */
struct ManagedServer
{
    enum class State
    {
        Stopped,
        Starting,
        Running,
        Stopping,
        Failed, ///< exited or never became ready; lastError says why
    };

    QString id; ///< stable, as the config names it
    QString name; ///< for people, e.g. "Ollama"
    QString kind; ///< lmstudio, ollama, llamacpp, vllm, …
    quint16 port = 0;
    State state = State::Stopped;
    QString lastError;
};

/**
 * The UI's control over managed local servers (issue #7). The calls return at once; state
 * changes arrive through serversChanged(), after which servers() tells the new state.
 *
 * Without one (today), the tray menu has no servers section.
 */
class IServerControl : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual QList<sy::ManagedServer> servers() const = 0;
    virtual void start(const QString& id) = 0;
    virtual void stop(const QString& id) = 0;
    virtual void restart(const QString& id) = 0;

signals:
    void serversChanged();
};

} // namespace sy
