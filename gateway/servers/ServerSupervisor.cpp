#include "gateway/servers/ServerSupervisor.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcServers)

namespace sy {

ServerSupervisor::ServerSupervisor(SupervisorEnvironment env, QObject* parent)
    : QObject(parent)
    , m_env(std::move(env))
{
    qRegisterMetaType<sy::ServerStatusList>();
    m_idleTimer.setInterval(1000);
    connect(&m_idleTimer, &QTimer::timeout, this, &ServerSupervisor::checkIdle);
    // Several servers changing at once (a reload, a quit) make one report, not one each.
    m_publish.setSingleShot(true);
    m_publish.setInterval(0);
    connect(&m_publish, &QTimer::timeout, this, [this] { emit statusesChanged(statuses()); });
}

ServerSupervisor::~ServerSupervisor()
{
    for (auto& [name, server] : m_servers)
        delete server; // stops what still runs (see ~ManagedServer)
}

void ServerSupervisor::applyConfig(const QList<ServerSpec>& servers)
{
    QStringList names;
    for (const ServerSpec& spec : servers) {
        names.append(spec.name);
        if (auto it = m_servers.find(spec.name); it != m_servers.end())
            it->second->setSpec(spec);
        else
            add(spec);
    }
    for (auto it = m_servers.begin(); it != m_servers.end();) {
        if (names.contains(it->first)) {
            ++it;
            continue;
        }
        ManagedServer* gone = it->second;
        qCInfo(lcServers).noquote() << "server" << it->first << "left the config; stopping it";
        gone->disconnect(this);
        gone->stop([gone] { gone->deleteLater(); });
        m_lastUsedMs.remove(it->first);
        it = m_servers.erase(it);
    }
    m_order = names;
    if (!m_idleTimer.isActive() && !m_servers.empty())
        m_idleTimer.start();
    publishSoon();
}

void ServerSupervisor::add(const ServerSpec& spec)
{
    auto* server = new ManagedServer(spec, m_env, m_net, this);
    m_servers.emplace(spec.name, server);
    connect(server, &ManagedServer::statusChanged, this, [this, server] {
        if (server->state() == ServerState::Ready)
            m_lastUsedMs[server->spec().name] = m_env.clock->monotonicMs(); // idle from the moment it is ready
        publishSoon();
    });
    if (spec.autostart)
        server->start();
}

QByteArray ServerSupervisor::logTail(const QString& name) const
{
    const auto it = m_servers.find(name);
    return it == m_servers.end() ? QByteArray() : it->second->logTail();
}

ServerStatusList ServerSupervisor::statuses() const
{
    ServerStatusList list;
    for (const QString& name : m_order) {
        if (auto it = m_servers.find(name); it != m_servers.end())
            list.append(it->second->status());
    }
    return list;
}

void ServerSupervisor::command(const QString& name, ServerCommand command)
{
    const auto it = m_servers.find(name);
    if (it == m_servers.end()) {
        qCWarning(lcServers).noquote() << "no managed server is named" << name;
        return;
    }
    switch (command) {
    case ServerCommand::Start:
        it->second->start();
        break;
    case ServerCommand::Stop:
        it->second->stop();
        break;
    case ServerCommand::Restart:
        it->second->restart();
        break;
    }
}

void ServerSupervisor::serverWanted(const QString& name)
{
    const auto it = m_servers.find(name);
    if (it == m_servers.end() || !it->second->spec().startOnDemand)
        return;
    if (it->second->state() == ServerState::Stopped) {
        qCInfo(lcServers).noquote() << "server" << name << "is wanted by a request; starting it";
        it->second->start();
    }
}

void ServerSupervisor::serversUsed(const QStringList& names)
{
    const qint64 now = m_env.clock->monotonicMs();
    for (const QString& name : names)
        m_lastUsedMs[name] = now;
}

void ServerSupervisor::checkIdle()
{
    for (auto& [name, server] : m_servers) {
        const auto ttl = server->spec().idleTtl;
        if (ttl.count() <= 0 || server->state() != ServerState::Ready)
            continue;
        const auto used = m_lastUsedMs.constFind(name);
        if (used != m_lastUsedMs.cend() && m_env.clock->monotonicMs() - *used >= ttl.count()) {
            qCInfo(lcServers).noquote() << "server" << name << "idle for" << ttl.count() / 1000.0 << "s; stopping it";
            server->stop();
        }
    }
}

void ServerSupervisor::stopAll(std::function<void()> done)
{
    auto left = std::make_shared<int>(int(m_servers.size()));
    if (*left == 0) {
        done();
        return;
    }
    for (auto& [name, server] : m_servers) {
        server->stop([left, done] {
            if (--*left == 0)
                done();
        });
    }
}

void ServerSupervisor::publishSoon()
{
    m_publish.start();
}

} // namespace sy
