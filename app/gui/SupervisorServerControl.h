#pragma once

#include "gateway/servers/ServerSupervisor.h"
#include "ui/servers/IServerControl.h"

namespace sy {

/** The tray's and the dashboard's IServerControl, backed by the real ServerSupervisor. */
class SupervisorServerControl : public IServerControl
{
    Q_OBJECT

public:
    explicit SupervisorServerControl(ServerSupervisor& supervisor, QObject* parent = nullptr);

    QList<ServerEntry> servers() const override { return m_servers; }
    QString logTail(const QString& name) const override { return QString::fromUtf8(m_supervisor.logTail(name)); }
    void start(const QString& name) override { m_supervisor.start(name); }
    void stop(const QString& name) override { m_supervisor.stop(name); }
    void restart(const QString& name) override { m_supervisor.restart(name); }

    static ServerEntry entryOf(const ServerStatus& status);

private:
    void update(const ServerStatusList& statuses);

    ServerSupervisor& m_supervisor;
    QList<ServerEntry> m_servers;
};

} // namespace sy
