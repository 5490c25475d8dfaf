#pragma once

#include "app/CommandLine.h"
#include "app/ConfigSource.h"
#include "gateway/GatewayHost.h"
#include "gateway/config/ConfigWatcher.h"
#include "gateway/servers/ServerSupervisor.h"

#include <QObject>

namespace sy {

/**
 * The life of one gateway, shared by the headless runner and the tray app: find or write the
 * config, load it, start the gateway, then reload on file changes and on request. A reload with
 * errors is rejected and the running config kept.
 */
class GatewaySession : public QObject
{
    Q_OBJECT

public:
    explicit GatewaySession(const CommandLine& commandLine, QObject* parent = nullptr);

    /**
     * Loads the config and starts the gateway; started() or startFailed() on the host follows.
     * Returns false when the config is missing or has errors (configFailed() says why); the
     * file is then watched, and the gateway starts once it is fixed.
     * With no --config and no file at the default path, writes the default config first.
     */
    bool start();
    /** Reloads the config file now (SIGHUP, the tray's Reload); starts if start-up failed. */
    void reload();
    void stop(int drainMs = -1) { m_host.stop(drainMs); }
    /** Stops the gateway and every managed server; shutDown() follows when both are done. */
    void shutdown(int drainMs = -1);
    /**
     * The tray's on/off switch. Off stops serving (stopped() on the host follows) and holds
     * config changes back; on reads the config file afresh and serves it (started() or
     * startFailed() follows, or configFailed() when the file has errors).
     */
    void setServing(bool on);
    bool isPaused() const { return m_paused; }

    GatewayHost& host() { return m_host; }
    ServerSupervisor& servers() { return m_servers; }
    QString configPath() const { return m_source.path(); }

signals:
    /** Start-up could not load a config: @p message is printable as is (one line per problem). */
    void configFailed(const QString& message);
    /** Problems that did not stop the config from loading, at start and on each reload. */
    void configWarnings(const sy::ConfigDiagnostics& warnings);
    /** No config existed, so the default one was written to configPath(). */
    void defaultConfigWritten(const QString& path);
    /** A changed config is now serving. */
    void reloaded();
    /** A changed config was refused; @p message says why, and the previous config keeps serving. */
    void reloadRejected(const QString& message);
    /** After shutdown(): the gateway stopped and no managed server runs any more. */
    void shutDown();

private:
    bool ensureConfigExists();
    static SupervisorEnvironment supervisorEnvironment();

    CommandLine m_commandLine;
    ConfigSource m_source;
    GatewayHost m_host;
    ServerSupervisor m_servers;
    ConfigWatcher m_watcher;
    bool m_started = false;
    bool m_paused = false; ///< turned off by the user: reloads wait until turned on
};

} // namespace sy
