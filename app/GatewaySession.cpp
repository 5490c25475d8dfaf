#include "app/GatewaySession.h"

#include "app/AppPaths.h"
#include "gateway/config/DefaultConfig.h"

#include <QCoreApplication>
#include <QDir>

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSession, "switchyard.app", QtInfoMsg)

namespace sy {

GatewaySession::GatewaySession(const CommandLine& commandLine, QObject* parent)
    : QObject(parent)
    , m_commandLine(commandLine)
    , m_source(commandLine)
    , m_servers(supervisorEnvironment())
    , m_watcher([this] { return m_source.load(); })
{
    // Managed servers run on this thread; the gateway hears of them only through queued signals.
    connect(&m_servers, &ServerSupervisor::statusesChanged, &m_host, &GatewayHost::setServerStatuses);
    connect(&m_host, &GatewayHost::serverWanted, &m_servers, &ServerSupervisor::serverWanted);
    connect(&m_host, &GatewayHost::serverCommandRequested, &m_servers, &ServerSupervisor::command);
    connect(&m_host, &GatewayHost::serversUsed, &m_servers, &ServerSupervisor::serversUsed);
    connect(&m_host, &GatewayHost::configReloadRequested, this, &GatewaySession::reload);
    connect(&m_watcher,
            &ConfigWatcher::reloaded,
            this,
            [this](std::shared_ptr<const GatewayConfig> config, const ConfigDiagnostics& warnings) {
                if (!warnings.isEmpty())
                    emit configWarnings(warnings);
                qCInfo(lcSession).noquote() << "reloaded" << m_source.path();
                m_servers.applyConfig(config->servers);
                if (m_paused)
                    return; // turned off: setServing(true) reads the file again
                if (m_started) {
                    m_host.applyConfig(std::move(config));
                    return;
                }
                m_started = true;
                m_host.start(std::move(config));
            });
    connect(&m_watcher, &ConfigWatcher::rejected, this, [this](const ConfigLoadResult& result) {
        emit reloadRejected(result.errorText());
    });
    connect(&m_host, &GatewayHost::configApplied, this, &GatewaySession::reloaded);
    connect(&m_host, &GatewayHost::reloadFailed, this, &GatewaySession::reloadRejected);
}

bool GatewaySession::ensureConfigExists()
{
    if (m_source.exists())
        return true;
    if (!m_commandLine.configFile.isEmpty()) {
        // A file named on the command line is never invented: a typo must not serve a default.
        emit configFailed(tr("no config file at %1").arg(m_source.path()));
        return false;
    }
    QString error;
    switch (DefaultConfig::writeIfMissing(m_source.path(), &error)) {
    case DefaultConfig::WriteOutcome::Existed:
        return true;
    case DefaultConfig::WriteOutcome::Written:
        qCInfo(lcSession).noquote() << "no config found; wrote the default one to" << m_source.path();
        emit defaultConfigWritten(m_source.path());
        return true;
    case DefaultConfig::WriteOutcome::Failed:
        break;
    }
    emit configFailed(tr("no config file, and the default one could not be written: %1").arg(error));
    return false;
}

bool GatewaySession::start()
{
    if (!ensureConfigExists()) {
        m_watcher.watchFile(m_source.path());
        return false;
    }
    const ConfigLoadResult result = m_source.load();
    if (!result.ok()) {
        emit configFailed(result.errorText());
        m_watcher.watchFile(m_source.path());
        return false;
    }
    if (!result.warnings().isEmpty())
        emit configWarnings(result.warnings());
    m_started = true;
    m_servers.applyConfig(result.config->servers);
    m_host.start(result.config);
    m_watcher.watch(result.config);
    return true;
}

void GatewaySession::shutdown(int drainMs)
{
    auto pending = std::make_shared<int>(2);
    auto oneDone = [this, pending] {
        if (--*pending == 0)
            emit shutDown();
    };
    connect(&m_host, &GatewayHost::stopped, this, oneDone, Qt::SingleShotConnection);
    m_host.stop(drainMs);
    m_servers.stopAll(oneDone);
}

SupervisorEnvironment GatewaySession::supervisorEnvironment()
{
    SupervisorEnvironment env;
    env.guardPath = QDir(QCoreApplication::applicationDirPath()).filePath(u"switchyard-guard"_s);
    env.logDir = QDir(AppPaths::logDir()).filePath(u"servers"_s);
    env.searchPath = qEnvironmentVariable("PATH");
    return env;
}

void GatewaySession::reload()
{
    m_watcher.reloadNow();
}

void GatewaySession::setServing(bool on)
{
    if (!on) {
        m_paused = true;
        qCInfo(lcSession) << "turned off by the user";
        m_host.stop();
        return;
    }
    m_paused = false;
    if (!m_started) {
        start();
        return;
    }
    const ConfigLoadResult result = m_source.load();
    if (!result.ok()) {
        emit configFailed(result.errorText());
        return;
    }
    if (!result.warnings().isEmpty())
        emit configWarnings(result.warnings());
    qCInfo(lcSession) << "turned on by the user";
    m_host.start(result.config);
    m_watcher.watch(result.config);
}

} // namespace sy
