#pragma once

#include "gateway/core/ServerStatus.h"
#include "gateway/servers/ManagedServer.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

#include <functional>
#include <map>

namespace sy {

/**
 * Runs the `servers:` of the config: starts the autostart ones, starts on-demand ones when the
 * gateway wants them, stops idle ones after idle_ttl, restarts crashed ones (ManagedServer), and
 * stops them all before Switchyard quits. Lives on the main thread and talks to the gateway only
 * through queued signals (statusesChanged → Gateway::setServerStatuses; serverWanted and
 * serversUsed back), so process handling never runs on the gateway thread.
 */
class ServerSupervisor : public QObject
{
    Q_OBJECT

public:
    explicit ServerSupervisor(SupervisorEnvironment env, QObject* parent = nullptr);
    ~ServerSupervisor() override;

    /** Adds, changes and removes servers to match @p servers; new autostart ones start. */
    void applyConfig(const QList<ServerSpec>& servers);
    ServerStatusList statuses() const;
    /** The end of server @p name's log, from memory (no disk read); empty for an unknown name. */
    QByteArray logTail(const QString& name) const;

    void command(const QString& name, sy::ServerCommand command);
    void start(const QString& name) { command(name, ServerCommand::Start); }
    void stop(const QString& name) { command(name, ServerCommand::Stop); }
    void restart(const QString& name) { command(name, ServerCommand::Restart); }

    /** A request wants a model of @p name: starts it if it is an on-demand server at rest. */
    void serverWanted(const QString& name);
    /** Requests used these servers just now: their idle time starts over. */
    void serversUsed(const QStringList& names);
    /** Stops every server; @p done runs when all are stopped. */
    void stopAll(std::function<void()> done);
    /** Stops the servers unused for their idle_ttl. Runs every second. */
    void checkIdle();

    const SupervisorEnvironment& environment() const { return m_env; }

signals:
    void statusesChanged(const sy::ServerStatusList& statuses);

private:
    void add(const ServerSpec& spec);
    void publishSoon();

    SupervisorEnvironment m_env;
    QNetworkAccessManager m_net;
    std::map<QString, ManagedServer*> m_servers; ///< by name, sorted for a stable menu
    QStringList m_order; ///< config order
    QHash<QString, qint64> m_lastUsedMs; ///< monotonic ms of the last use (or of becoming ready)
    QTimer m_idleTimer;
    QTimer m_publish;
};

} // namespace sy
