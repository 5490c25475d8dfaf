#include "gateway/servers/ManagedServer.h"

#include "gateway/servers/ExecutableFinder.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <csignal>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcServers, "switchyard.servers", QtInfoMsg)

namespace sy {

namespace {

constexpr int kCommandTimeoutMs = 60'000; // lms server start, lms ps
constexpr int kHealthTimeoutMs = 2'000;
constexpr int kKillMarginMs = 3'000; // on top of stop_timeout, before the supervisor kills the group itself

QString logPathFor(const ServerSpec& spec, const SupervisorEnvironment& env)
{
    return spec.logFile.isEmpty() ? QDir(env.logDir).filePath(spec.name + u".log"_s) : spec.logFile;
}

// `lms ps --json`: an array of loaded models; each has the identifier it is served under.
QStringList loadedIdentifiers(const QByteArray& output)
{
    QStringList ids;
    const QJsonArray list = QJsonDocument::fromJson(output).array();
    for (const QJsonValue& v : list) {
        const QString id = v.toObject().value(u"identifier"_s).toString();
        if (!id.isEmpty())
            ids.append(id);
    }
    return ids;
}

QString lastLine(const QByteArray& output)
{
    const QList<QByteArray> lines = output.trimmed().split('\n');
    return lines.isEmpty() ? QString() : QString::fromUtf8(lines.last()).trimmed();
}

} // namespace

ManagedServer::ManagedServer(ServerSpec spec,
                             const SupervisorEnvironment& env,
                             QNetworkAccessManager& net,
                             QObject* parent)
    : QObject(parent)
    , m_spec(std::move(spec))
    , m_env(env)
    , m_net(net)
    , m_log(logPathFor(m_spec, env))
    , m_since(QDateTime::currentDateTimeUtc())
{
    m_pollTimer.setSingleShot(true);
    m_backoffTimer.setSingleShot(true);
    m_killTimer.setSingleShot(true);
    m_stableTimer.setSingleShot(true);
    connect(&m_backoffTimer, &QTimer::timeout, this, &ManagedServer::launch);
    connect(&m_pollTimer, &QTimer::timeout, this, &ManagedServer::pollHealth);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        m_log.note(u"still running %1 ms after the stop; killing it"_s.arg(m_killTimer.interval()));
        killNow();
        finishStop();
    });
    connect(&m_stableTimer, &QTimer::timeout, this, [this] { m_crashes = 0; });
}

ManagedServer::~ManagedServer()
{
    // Normally stopped before this (ServerSupervisor::stopAll). If not, stop it here, briefly
    // blocking: a server must not outlive us, and the guard needs its SIGTERM to clean up.
    if (m_guard && m_guard->state() != QProcess::NotRunning) {
        m_guard->disconnect(this);
        m_guard->terminate();
        if (!m_guard->waitForFinished(int(m_spec.stopTimeout.count()) + kKillMarginMs))
            killNow();
    }
}

ServerStatus ManagedServer::status() const
{
    ServerStatus s;
    s.name = m_spec.name;
    s.kind = m_spec.kind;
    s.state = m_state;
    s.apiBase = m_spec.apiBase().toString();
    for (const ServerModel& m : m_spec.models)
        s.models.append(m.group);
    s.startOnDemand = m_spec.startOnDemand;
    s.pid = m_serverGroup > 0 ? m_serverGroup : (m_guard ? m_guard->processId() : 0);
    s.restarts = m_crashes;
    s.lastError = m_lastError;
    s.since = m_since;
    s.logFile = m_log.path();
    s.commandLine = m_plan.serve.isEmpty() ? m_plan.startCommand : m_plan.serve;
    return s;
}

void ManagedServer::setState(ServerState state, const QString& error)
{
    if (!error.isEmpty())
        m_lastError = error;
    else if (state == ServerState::Ready || state == ServerState::Starting)
        m_lastError.clear();
    if (state == m_state && error.isEmpty())
        return;
    m_state = state;
    m_since = QDateTime::currentDateTimeUtc();
    qCInfo(lcServers).noquote() << "server" << m_spec.name << "is" << serverStateName(state)
                                << (error.isEmpty() ? QString() : u"– "_s + error);
    m_log.note(u"state: "_s + serverStateName(state) + (error.isEmpty() ? QString() : u" – "_s + error));
    emit statusChanged();
}

void ManagedServer::setSpec(const ServerSpec& spec)
{
    const bool relaunch = !(spec == m_spec) && (m_state == ServerState::Starting || m_state == ServerState::Ready);
    m_spec = spec;
    if (relaunch) {
        m_log.note(u"the config changed; restarting"_s);
        restart();
    } else {
        emit statusChanged();
    }
}

void ManagedServer::start()
{
    switch (m_state) {
    case ServerState::Starting:
    case ServerState::Ready:
        return;
    case ServerState::Stopping:
        m_restartAfterStop = true;
        return;
    case ServerState::Backoff:
    case ServerState::Stopped:
    case ServerState::Failed:
        break;
    }
    m_crashes = 0; // asked for: a fresh set of restarts
    m_backoffTimer.stop();
    launch();
}

void ManagedServer::restart()
{
    if (m_state == ServerState::Starting || m_state == ServerState::Ready || m_state == ServerState::Stopping) {
        m_restartAfterStop = true;
        stop();
    } else {
        start();
    }
}

void ManagedServer::launch()
{
    ++m_generation;
    m_monitorFailures = 0;
    QString error;
    const QString exe = ExecutableFinder(m_env.searchPath).find(m_spec, &error);
    if (exe.isEmpty()) {
        failStart(error);
        return;
    }
    if (m_env.guardPath.isEmpty() || !QFileInfo(m_env.guardPath).isExecutable()) {
        failStart(u"switchyard-guard is missing (%1); reinstall Switchyard"_s.arg(m_env.guardPath));
        return;
    }
    m_plan = LaunchPlan::forSpec(m_spec, exe);
    setState(ServerState::Starting);
    m_startedAt.start();
    m_log.note(u"starting: "_s + (m_plan.serve.isEmpty() ? m_plan.startCommand : m_plan.serve).join(u' '));
    launchGuard(m_plan.serve);
    if (m_plan.startCommand.isEmpty()) {
        pollHealth();
        return;
    }
    const quint64 generation = m_generation;
    runCommand(m_plan.startCommand, kCommandTimeoutMs, [this, generation](int code, const QByteArray& output) {
        if (generation != m_generation)
            return;
        if (code != 0) {
            crashed(u"`%1` failed (exit code %2): %3"_s.arg(m_plan.startCommand.mid(0, 3).join(u' '))
                        .arg(code)
                        .arg(lastLine(output)));
            return;
        }
        pollHealth();
    });
}

void ManagedServer::launchGuard(const QStringList& serve)
{
    auto* guard = new QProcess(this);
    m_guard = guard;
    m_serverGroup = 0;
    m_guardHeaderSeen = false;
    QStringList args{u"--grace-ms"_s, QString::number(m_spec.stopTimeout.count())};
    for (const QStringList& cleanup : std::as_const(m_plan.cleanup))
        args << u"--cleanup"_s << cleanup.join(u'\t');
    if (!serve.isEmpty())
        args << u"--"_s << serve;
    guard->setProcessChannelMode(QProcess::MergedChannels);
    guard->setProcessEnvironment(processEnvironment());
    if (!m_spec.workingDirectory.isEmpty())
        guard->setWorkingDirectory(m_spec.workingDirectory);
    connect(guard, &QProcess::readyReadStandardOutput, this, &ManagedServer::onGuardOutput);
    connect(guard, &QProcess::finished, this, [this, guard](int code, QProcess::ExitStatus status) {
        guard->deleteLater();
        if (guard == m_guard)
            onGuardFinished(code, status);
    });
    connect(guard, &QProcess::errorOccurred, this, [this, guard](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart && guard == m_guard) {
            guard->deleteLater();
            m_guard = nullptr;
            crashed(u"cannot run switchyard-guard: "_s + guard->errorString());
        }
    });
    // The guard's stdin stays open on our side: its end-of-file is how the guard learns we are gone.
    guard->start(m_env.guardPath, args, QIODevice::ReadWrite);
}

void ManagedServer::onGuardOutput()
{
    if (!m_guard)
        return;
    QByteArray bytes = m_guard->readAllStandardOutput();
    if (!m_guardHeaderSeen) {
        const qsizetype newline = bytes.indexOf('\n');
        const QByteArray header = newline < 0 ? bytes : bytes.left(newline);
        if (header.startsWith("@switchyard-guard pgid=")) {
            m_guardHeaderSeen = true;
            m_serverGroup = header.mid(int(qstrlen("@switchyard-guard pgid="))).toLongLong();
            bytes = newline < 0 ? QByteArray() : bytes.mid(newline + 1);
            emit statusChanged(); // the pid is known now
        }
    }
    m_log.append(bytes);
}

void ManagedServer::onGuardFinished(int exitCode, QProcess::ExitStatus status)
{
    m_guard = nullptr;
    m_serverGroup = 0;
    if (m_state == ServerState::Stopping) {
        finishStop();
        return;
    }
    if (m_state != ServerState::Starting && m_state != ServerState::Ready)
        return;
    const QString how = status == QProcess::CrashExit ? u"the guard crashed"_s
        : exitCode > 128                              ? u"killed by signal %1"_s.arg(exitCode - 128)
                                                      : u"exited with code %1"_s.arg(exitCode);
    if (exitCode == 0 && status == QProcess::NormalExit && m_spec.restart != RestartPolicy::Always) {
        ++m_generation;
        m_pollTimer.stop();
        setState(ServerState::Stopped, u"the server exited on its own"_s);
        return;
    }
    crashed(u"the server "_s + how);
}

void ManagedServer::pollHealth()
{
    if (m_state != ServerState::Starting)
        return;
    if (m_startedAt.elapsed() > m_spec.readyTimeout.count()) {
        crashed(u"not ready after %1 s (ready_timeout); see its log"_s.arg(m_spec.readyTimeout.count() / 1000.0));
        return;
    }
    QNetworkRequest request(m_spec.healthUrl());
    request.setTransferTimeout(kHealthTimeoutMs);
    QNetworkReply* reply = m_net.get(request);
    const quint64 generation = m_generation;
    connect(reply, &QNetworkReply::finished, this, [this, reply, generation] {
        reply->deleteLater();
        if (generation != m_generation || m_state != ServerState::Starting)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
            onHealthy();
            return;
        }
        // Not up yet (refused), or up and loading (llama.cpp and vLLM answer 503): ask again.
        m_pollTimer.start(m_env.healthPollMs);
    });
}

void ManagedServer::onHealthy()
{
    if (m_plan.loads.isEmpty()) {
        becomeReady();
        return;
    }
    m_log.note(u"server answers; checking loaded models"_s);
    const quint64 generation = m_generation;
    runCommand(m_plan.listLoaded, kCommandTimeoutMs, [this, generation](int code, const QByteArray& output) {
        if (generation != m_generation)
            return;
        // A failed `lms ps` only means we load everything; `lms load` of a loaded model is harmless.
        loadModels(code == 0 ? loadedIdentifiers(output) : QStringList());
    });
}

void ManagedServer::loadModels(QStringList alreadyLoaded)
{
    QList<QPair<QString, QStringList>> pending;
    for (const auto& load : std::as_const(m_plan.loads)) {
        if (!alreadyLoaded.contains(load.first))
            pending.append(load);
    }
    loadNext(pending);
}

void ManagedServer::loadNext(QList<QPair<QString, QStringList>> pending)
{
    if (pending.isEmpty()) {
        becomeReady();
        return;
    }
    const auto [id, argv] = pending.takeFirst();
    m_log.note(u"loading "_s + id);
    const qint64 left = std::max<qint64>(1000, m_spec.readyTimeout.count() - m_startedAt.elapsed());
    const quint64 generation = m_generation;
    runCommand(argv, int(left), [this, generation, id, pending](int code, const QByteArray& output) {
        if (generation != m_generation)
            return;
        if (code != 0) {
            crashed(u"loading %1 failed (exit code %2): %3"_s.arg(id).arg(code).arg(lastLine(output)));
            return;
        }
        loadNext(pending);
    });
}

void ManagedServer::becomeReady()
{
    setState(ServerState::Ready);
    m_stableTimer.start(m_env.stableMs);
    if (m_plan.serve.isEmpty()) {
        // Not our child: nothing tells us it died, so keep asking.
        const quint64 generation = m_generation;
        QTimer::singleShot(m_env.monitorMs, this, [this, generation] {
            if (generation == m_generation)
                monitor();
        });
    }
}

void ManagedServer::monitor()
{
    if (m_state != ServerState::Ready)
        return;
    QNetworkRequest request(m_spec.healthUrl());
    request.setTransferTimeout(kHealthTimeoutMs);
    QNetworkReply* reply = m_net.get(request);
    const quint64 generation = m_generation;
    connect(reply, &QNetworkReply::finished, this, [this, reply, generation] {
        reply->deleteLater();
        if (generation != m_generation || m_state != ServerState::Ready)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool ok = reply->error() == QNetworkReply::NoError && status >= 200 && status < 300;
        m_monitorFailures = ok ? 0 : m_monitorFailures + 1;
        if (m_monitorFailures >= 2) {
            crashed(u"stopped answering %1"_s.arg(m_spec.healthUrl().toString()));
            return;
        }
        QTimer::singleShot(m_env.monitorMs, this, [this, generation] {
            if (generation == m_generation)
                monitor();
        });
    });
}

void ManagedServer::failStart(const QString& why)
{
    ++m_generation;
    setState(ServerState::Failed, why);
}

void ManagedServer::crashed(const QString& why)
{
    ++m_generation; // callbacks of this launch are void from here on
    m_pollTimer.stop();
    m_stableTimer.stop();
    if (m_guard) {
        // Whatever is left of it goes: its guard stops the group (and runs `lms server stop`).
        QProcess* guard = m_guard;
        m_guard = nullptr;
        guard->disconnect(this);
        connect(guard, &QProcess::finished, guard, &QObject::deleteLater);
        guard->terminate();
        const qint64 group = m_serverGroup;
        QTimer::singleShot(int(m_spec.stopTimeout.count()) + kKillMarginMs, guard, [guard, group] {
            if (group > 0)
                ::kill(pid_t(-group), SIGKILL);
            guard->kill();
        });
    }
    m_serverGroup = 0;
    ++m_crashes;
    if (m_spec.restart == RestartPolicy::Never) {
        setState(ServerState::Failed, why);
        return;
    }
    if (m_crashes > m_spec.maxRestarts) {
        setState(ServerState::Failed, u"gave up after %1 restarts: %2"_s.arg(m_spec.maxRestarts).arg(why));
        return;
    }
    const int delay = std::min(m_env.backoffMaxMs, m_env.backoffBaseMs << std::min(m_crashes - 1, 16));
    setState(ServerState::Backoff,
             u"%1; restarting in %2 s (attempt %3 of %4)"_s.arg(why)
                 .arg(delay / 1000.0)
                 .arg(m_crashes)
                 .arg(m_spec.maxRestarts));
    m_backoffTimer.start(delay);
}

void ManagedServer::stop(std::function<void()> done)
{
    if (done)
        m_stopWaiters.push_back(std::move(done));
    switch (m_state) {
    case ServerState::Stopping:
        return;
    case ServerState::Stopped:
    case ServerState::Failed:
    case ServerState::Backoff:
        m_backoffTimer.stop();
        if (m_state == ServerState::Backoff)
            setState(ServerState::Stopped);
        finishStop();
        return;
    case ServerState::Starting:
    case ServerState::Ready:
        break;
    }
    ++m_generation;
    m_pollTimer.stop();
    m_stableTimer.stop();
    setState(ServerState::Stopping);
    if (!m_guard) {
        finishStop();
        return;
    }
    // The guard stops it: cleanup commands, SIGTERM to the group, SIGKILL after stop_timeout.
    // Our own timer is the backstop should the guard itself hang.
    m_guard->terminate();
    const int cleanupBudget = int(m_plan.cleanup.size() * m_spec.stopTimeout.count());
    m_killTimer.start(int(m_spec.stopTimeout.count()) + cleanupBudget + kKillMarginMs);
}

void ManagedServer::killNow()
{
    if (m_serverGroup > 0)
        ::kill(pid_t(-m_serverGroup), SIGKILL);
    if (m_guard)
        m_guard->kill();
}

void ManagedServer::finishStop()
{
    m_killTimer.stop();
    if (m_state == ServerState::Stopping)
        setState(ServerState::Stopped);
    for (auto& waiter : std::exchange(m_stopWaiters, {}))
        waiter();
    if (std::exchange(m_restartAfterStop, false))
        start();
}

void ManagedServer::runCommand(const QStringList& argv, int timeoutMs, std::function<void(int, const QByteArray&)> done)
{
    auto* process = new QProcess(this);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setProcessEnvironment(processEnvironment());
    auto* timer = new QTimer(process);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, process, [this, process, argv] {
        m_log.note(u"`%1` timed out; killing it"_s.arg(argv.join(u' ')));
        process->kill();
    });
    auto finish = [this, process, done](int code) {
        const QByteArray output = process->readAll();
        m_log.append(output);
        process->deleteLater();
        done(code, output);
    };
    connect(process, &QProcess::finished, this, [finish](int code, QProcess::ExitStatus status) {
        finish(status == QProcess::NormalExit ? code : -1);
    });
    connect(process, &QProcess::errorOccurred, this, [this, finish, process](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            m_log.note(u"cannot run: "_s + process->errorString());
            finish(-1);
        }
    });
    m_log.note(u"$ "_s + argv.join(u' '));
    timer->start(timeoutMs);
    process->start(argv.first(), argv.mid(1));
}

QProcessEnvironment ManagedServer::processEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!m_env.searchPath.isEmpty())
        env.insert(u"PATH"_s, m_env.searchPath);
    for (auto it = m_plan.env.cbegin(); it != m_plan.env.cend(); ++it)
        env.insert(it.key(), it.value());
    return env;
}

} // namespace sy
