#include "app/gui/SupervisorServerControl.h"

#include <QUrl>

namespace sy {

SupervisorServerControl::SupervisorServerControl(ServerSupervisor& supervisor, QObject* parent)
    : IServerControl(parent)
    , m_supervisor(supervisor)
{
    connect(&supervisor, &ServerSupervisor::statusesChanged, this, &SupervisorServerControl::update);
    update(supervisor.statuses());
}

ServerEntry SupervisorServerControl::entryOf(const ServerStatus& s)
{
    ServerEntry e;
    e.name = s.name;
    e.kind = serverKindName(s.kind);
    e.port = quint16(QUrl(s.apiBase).port(0));
    e.lastError = s.lastError;
    e.logFile = s.logFile;
    e.pid = s.pid;
    e.since = s.since;
    e.restarts = s.restarts;
    e.models = s.models;
    e.commandLine = s.commandLine;
    switch (s.state) {
    case ServerState::Stopped:
        e.state = ServerEntry::State::Stopped;
        break;
    case ServerState::Starting:
        e.state = ServerEntry::State::Starting;
        break;
    case ServerState::Ready:
        e.state = ServerEntry::State::Ready;
        break;
    case ServerState::Stopping:
        e.state = ServerEntry::State::Stopping;
        break;
    case ServerState::Backoff:
        e.state = ServerEntry::State::Crashed; // and about to restart: lastError says when
        break;
    case ServerState::Failed:
        e.state = ServerEntry::State::Failed;
        break;
    }
    return e;
}

void SupervisorServerControl::update(const ServerStatusList& statuses)
{
    QList<ServerEntry> entries;
    for (const ServerStatus& s : statuses)
        entries.append(entryOf(s));
    m_servers = entries;
    emit serversChanged();
}

} // namespace sy
