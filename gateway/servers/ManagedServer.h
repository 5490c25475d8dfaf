#pragma once

#include "gateway/core/Clock.h"
#include "gateway/core/ServerStatus.h"
#include "gateway/servers/LaunchPlan.h"
#include "gateway/servers/ServerLog.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QTimer>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace sy {

/** What every managed server of one supervisor shares. */
struct SupervisorEnvironment
{
    QString guardPath; ///< switchyard-guard; empty or missing: servers run without it (orphans possible)
    QString logDir; ///< where <name>.log goes unless the entry sets log_file
    QString searchPath; ///< PATH for finding executables
    int healthPollMs = 250; ///< while starting
    int monitorMs = 5000; ///< while ready, for servers that are not our child (LM Studio)
    int backoffBaseMs = 1000; ///< doubled per consecutive crash, up to backoffMaxMs
    int backoffMaxMs = 30'000;
    int stableMs = 30'000; ///< ready this long, a server's crash count starts over
    const IClock* clock = &SystemClock::instance(); ///< for idle_ttl; tests pass a manual one
};

/**
 * One managed server and its life: Stopped → Starting → Ready → Stopping → Stopped, with Backoff
 * (restart after a delay) and Failed (gave up) after crashes.
 *
 * A server that is a child process runs under switchyard-guard, which gives it a process group and
 * stops it if Switchyard goes away. Starting ends when its health URL answers 2xx and its models
 * are loaded (LM Studio: `lms ps`, then `lms load` for what is missing), or fails after
 * ready_timeout. A stop is graceful first (the guard sends SIGTERM, or runs `lms server stop`)
 * and forced after stop_timeout.
 */
class ManagedServer : public QObject
{
    Q_OBJECT

public:
    ManagedServer(ServerSpec spec, const SupervisorEnvironment& env, QNetworkAccessManager& net, QObject* parent);
    ~ManagedServer() override;

    const ServerSpec& spec() const { return m_spec; }
    ServerStatus status() const;
    ServerState state() const { return m_state; }
    /** The end of its log (see ServerLog::tail()). */
    const QByteArray& logTail() const { return m_log.tail(); }

    /** Takes a new spec; a running server whose launch changed restarts with it. */
    void setSpec(const ServerSpec& spec);
    void start();
    /** @p done runs once it is stopped (at once if it is). */
    void stop(std::function<void()> done = {});
    void restart();

signals:
    void statusChanged();

private:
    void setState(ServerState state, const QString& error = {});
    void launch();
    void launchGuard(const QStringList& serve);
    void onGuardOutput();
    void onGuardFinished(int exitCode, QProcess::ExitStatus status);
    void pollHealth();
    void onHealthy();
    void loadModels(QStringList alreadyLoaded);
    void loadNext(QList<QPair<QString, QStringList>> pending);
    void becomeReady();
    void monitor();
    void crashed(const QString& why);
    void failStart(const QString& why);
    void killNow();
    void finishStop();
    /** Runs a short command (lms …); @p done gets its exit code (-1: did not run) and output. */
    void runCommand(const QStringList& argv, int timeoutMs, std::function<void(int, const QByteArray&)> done);
    QProcessEnvironment processEnvironment() const;

    ServerSpec m_spec;
    const SupervisorEnvironment& m_env;
    QNetworkAccessManager& m_net;
    ServerLog m_log;
    LaunchPlan m_plan;
    ServerState m_state = ServerState::Stopped;
    QString m_lastError;
    QDateTime m_since;
    int m_crashes = 0;
    quint64 m_generation = 0; ///< bumped per launch and stop: callbacks of an older one are ignored
    QPointer<QProcess> m_guard;
    qint64 m_serverGroup = 0; ///< the server's process group, from the guard's first line
    bool m_guardHeaderSeen = false;
    QElapsedTimer m_startedAt;
    int m_monitorFailures = 0;
    bool m_restartAfterStop = false;
    QTimer m_pollTimer;
    QTimer m_backoffTimer;
    QTimer m_killTimer;
    QTimer m_stableTimer;
    std::vector<std::function<void()>> m_stopWaiters;
};

} // namespace sy
