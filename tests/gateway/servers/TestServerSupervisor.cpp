// ServerSupervisor and ManagedServer against real processes: the mock backend playing a model
// server (slow to get ready, crashing, ignoring SIGTERM), and fake `lms`, `ollama` and
// `llama-server` executables, all run under the real switchyard-guard.
#include "ServerTestSupport.h"
#include "gateway/servers/ServerSupervisor.h"
#include "tests/support/ManualClock.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sy;
using namespace sy::testing;
using namespace Qt::StringLiterals;

namespace {

// Real processes under a loaded machine (ASan, parallel tests) can be slow to start: this only
// guards against hangs, and every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 60'000;

} // namespace

class TestServerSupervisor : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    ManualClock m_clock; ///< idle_ttl's clock
    std::unique_ptr<ServerSupervisor> m_supervisor;
    QList<ServerState> m_seen; ///< every state the watched server went through, in order
    QString m_watched;

    SupervisorEnvironment environment() const
    {
        SupervisorEnvironment env;
        env.guardPath = QStringLiteral(SWITCHYARD_GUARD);
        env.logDir = m_dir.filePath(u"logs"_s);
        env.searchPath = fakeServersDir() + u':' + qEnvironmentVariable("PATH");
        env.healthPollMs = 50;
        env.monitorMs = 200;
        env.backoffBaseMs = 100;
        env.backoffMaxMs = 400;
        env.clock = &m_clock;
        return env;
    }

    void startSupervisor(const QList<ServerSpec>& specs, const QString& watched)
    {
        m_seen.clear();
        m_watched = watched;
        m_supervisor = std::make_unique<ServerSupervisor>(environment());
        connect(m_supervisor.get(), &ServerSupervisor::statusesChanged, this, [this](const ServerStatusList& list) {
            for (const ServerStatus& s : list) {
                if (s.name == m_watched && (m_seen.isEmpty() || m_seen.last() != s.state))
                    m_seen.append(s.state);
            }
        });
        m_supervisor->applyConfig(specs);
    }

    ServerStatus status(const QString& name) const
    {
        for (const ServerStatus& s : m_supervisor->statuses()) {
            if (s.name == name)
                return s;
        }
        return {};
    }

    // A `command` server running the mock backend on a free port.
    ServerSpec mockServer(const QString& name, const QStringList& extraArgs = {})
    {
        ServerSpec s;
        s.name = name;
        s.kind = ServerKind::Command;
        s.port = freePort();
        s.executable = mockBackendPath();
        s.args = QStringList{u"--port"_s, QString::number(s.port), u"--pid-file"_s, pidFile(name)} + extraArgs;
        s.models = {{u"m"_s, u"m"_s, u"m"_s, {}}};
        s.stopTimeout = std::chrono::milliseconds(2000);
        s.readyTimeout = std::chrono::milliseconds(10'000);
        return s;
    }

    QString pidFile(const QString& name) const { return m_dir.filePath(name + u".pid"_s); }

    QString logOf(const QString& name) const
    {
        QFile log(status(name).logFile);
        return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll()) : QString();
    }

private slots:
    void init() { QDir(m_dir.path()).removeRecursively(), QDir().mkpath(m_dir.path()); }
    void cleanup() { m_supervisor.reset(); }

    void startWaitsUntilTheServerAnswers()
    {
        QElapsedTimer clock;
        clock.start();
        startSupervisor({mockServer(u"slow"_s, {u"--listen-after-ms"_s, u"700"_s})}, u"slow"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"slow"_s).state, ServerState::Ready, kHangGuardMs);
        QVERIFY2(clock.elapsed() >= 700, "ready before the server listened");
        QCOMPARE(m_seen.first(), ServerState::Starting);
        const qint64 pid = readPid(pidFile(u"slow"_s));
        QVERIFY(processAlive(pid));
        QCOMPARE(status(u"slow"_s).pid, pid); // the server's process group is led by the server
        QVERIFY(QFile::exists(status(u"slow"_s).logFile));
    }

    void aCrashRestartsWithBackoff()
    {
        startSupervisor({mockServer(u"crashy"_s)}, u"crashy"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"crashy"_s).state, ServerState::Ready, kHangGuardMs);
        const qint64 first = readPid(pidFile(u"crashy"_s));
        QVERIFY(::kill(pid_t(first), SIGSEGV) == 0);
        QTRY_VERIFY_WITH_TIMEOUT(m_seen.contains(ServerState::Backoff), kHangGuardMs);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"crashy"_s).state, ServerState::Ready, kHangGuardMs);
        const qint64 second = readPid(pidFile(u"crashy"_s));
        QVERIFY(second != first);
        QVERIFY(processAlive(second));
        QCOMPARE(status(u"crashy"_s).restarts, 1);
        QVERIFY2(status(u"crashy"_s).lastError.isEmpty(), "a ready server shows no error");
    }

    void aCrashLoopGivesUp()
    {
        ServerSpec s = mockServer(u"doomed"_s, {u"--crash-after-ms"_s, u"50"_s});
        s.maxRestarts = 2;
        startSupervisor({s}, u"doomed"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"doomed"_s).state, ServerState::Failed, kHangGuardMs);
        QVERIFY2(status(u"doomed"_s).lastError.contains(u"gave up after 2 restarts"_s),
                 qPrintable(status(u"doomed"_s).lastError));
        QVERIFY2(status(u"doomed"_s).lastError.contains(u"signal 6"_s), qPrintable(status(u"doomed"_s).lastError));
        QCOMPARE(m_seen.count(ServerState::Starting), 3); // the first start and two restarts
        QTest::qWait(600); // no further attempt after giving up
        QCOMPARE(m_seen.count(ServerState::Starting), 3);
        // A manual start tries again, with a fresh count.
        m_supervisor->start(u"doomed"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_seen.count(ServerState::Starting) == 4, kHangGuardMs);
    }

    void restartNeverMeansFailedAtOnce()
    {
        ServerSpec s = mockServer(u"once"_s, {u"--crash-after-ms"_s, u"50"_s});
        s.restart = RestartPolicy::Never;
        startSupervisor({s}, u"once"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"once"_s).state, ServerState::Failed, kHangGuardMs);
        QCOMPARE(m_seen.count(ServerState::Starting), 1);
    }

    void gracefulStop()
    {
        ServerSpec s = mockServer(u"polite"_s);
        // Far beyond the hang guard: only a server that obeys SIGTERM can stop within it.
        s.stopTimeout = std::chrono::minutes(10);
        startSupervisor({s}, u"polite"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"polite"_s).state, ServerState::Ready, kHangGuardMs);
        const qint64 pid = readPid(pidFile(u"polite"_s));
        m_supervisor->stop(u"polite"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"polite"_s).state, ServerState::Stopped, kHangGuardMs);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), kHangGuardMs);
        QVERIFY(m_seen.contains(ServerState::Stopping));
        QVERIFY2(!logOf(u"polite"_s).contains(u"killing it"_s), qPrintable(logOf(u"polite"_s)));
    }

    void forcedStopOfAServerIgnoringSigterm()
    {
        ServerSpec s = mockServer(u"stubborn"_s, {u"--ignore-sigterm"_s});
        s.stopTimeout = std::chrono::milliseconds(600);
        startSupervisor({s}, u"stubborn"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"stubborn"_s).state, ServerState::Ready, kHangGuardMs);
        const qint64 pid = readPid(pidFile(u"stubborn"_s));
        QElapsedTimer clock;
        clock.start();
        m_supervisor->stop(u"stubborn"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"stubborn"_s).state, ServerState::Stopped, kHangGuardMs);
        QVERIFY(clock.elapsed() >= 600); // it was given its stop_timeout…
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), kHangGuardMs);
        // …and outlived it: the guard had to kill it.
        QVERIFY2(logOf(u"stubborn"_s).contains(u"still running after 600 ms; killing it"_s),
                 qPrintable(logOf(u"stubborn"_s)));
    }

    void lmStudioIsDrivenThroughLms()
    {
        const QString state = m_dir.filePath(u"lms"_s);
        QDir().mkpath(state);
        QFile loaded(state + u"/loaded"_s);
        QVERIFY(loaded.open(QIODevice::WriteOnly));
        loaded.write("phi\n"); // loaded already: `lms ps` shows it, and it is not loaded again
        loaded.close();
        ServerSpec s;
        s.name = u"studio"_s;
        s.kind = ServerKind::LmStudio;
        s.port = freePort();
        s.models
            = {{u"qwen2.5-7b"_s, u"qwen"_s, u"q1"_s, std::chrono::seconds(300)}, {u"phi"_s, u"phi"_s, u"phi"_s, {}}};
        s.env = {{u"FAKE_LMS_STATE"_s, state},
                 {u"FAKE_MOCK_BACKEND"_s, mockBackendPath()},
                 {u"FAKE_LMS_READY_AFTER_MS"_s, u"300"_s}};
        s.stopTimeout = std::chrono::milliseconds(3000);
        startSupervisor({s}, u"studio"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"studio"_s).state, ServerState::Ready, kHangGuardMs);
        const auto calls = [&] {
            QFile f(state + u"/calls.log"_s);
            return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts)
                                               : QStringList();
        };
        const QStringList started = calls();
        QCOMPARE(started.value(0), u"server start --port %1"_s.arg(s.port));
        QCOMPARE(started.value(1), u"ps --json"_s);
        QCOMPARE(started.value(2), u"load qwen2.5-7b --identifier q1 -y --ttl 300"_s);
        QCOMPARE(started.size(), 3);
        const qint64 serverPid = readPid(state + u"/server.pid"_s);
        QVERIFY(processAlive(serverPid));

        // LM Studio's server is not our child: only the health check can tell it died.
        QVERIFY(::kill(pid_t(serverPid), SIGKILL) == 0);
        QTRY_VERIFY_WITH_TIMEOUT(m_seen.contains(ServerState::Backoff), kHangGuardMs);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"studio"_s).state, ServerState::Ready, kHangGuardMs);

        m_supervisor->stop(u"studio"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"studio"_s).state, ServerState::Stopped, kHangGuardMs);
        const QStringList all = calls();
        QVERIFY2(all.contains(u"unload q1"_s), qPrintable(all.join(u" | "_s)));
        QCOMPARE(all.last(), u"server stop"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(readPid(state + u"/server.pid"_s)), kHangGuardMs);
    }

    void aModelThatCannotLoadIsReported()
    {
        const QString state = m_dir.filePath(u"lms"_s);
        ServerSpec s;
        s.name = u"studio"_s;
        s.kind = ServerKind::LmStudio;
        s.port = freePort();
        s.restart = RestartPolicy::Never;
        s.models = {{u"missing"_s, u"missing"_s, u"missing"_s, {}}};
        s.env = {{u"FAKE_LMS_STATE"_s, state}, {u"FAKE_MOCK_BACKEND"_s, mockBackendPath()}};
        startSupervisor({s}, u"studio"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"studio"_s).state, ServerState::Failed, kHangGuardMs);
        QVERIFY2(status(u"studio"_s).lastError.contains(u"loading missing failed"_s),
                 qPrintable(status(u"studio"_s).lastError));
        QVERIFY2(status(u"studio"_s).lastError.contains(u"Cannot find a model"_s),
                 qPrintable(status(u"studio"_s).lastError));
        // Its guard ran the cleanup: the half-started LM Studio server is stopped too.
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(readPid(state + u"/server.pid"_s)), kHangGuardMs);
    }

    void ollamaAndLlamaCppLaunchTheirOwnWay()
    {
        ServerSpec ollama;
        ollama.name = u"ollama"_s;
        ollama.kind = ServerKind::Ollama;
        ollama.port = freePort();
        ollama.env = {{u"FAKE_MOCK_BACKEND"_s, mockBackendPath()}};
        ServerSpec llama;
        llama.name = u"llama"_s;
        llama.kind = ServerKind::LlamaCpp;
        llama.port = freePort();
        llama.models = {{u"/models/qwen.gguf"_s, u"qwen"_s, u"qwen"_s, {}}};
        llama.env = {{u"FAKE_MOCK_BACKEND"_s, mockBackendPath()}, {u"FAKE_SERVER_ARGS"_s, u"--listen-after-ms 300"_s}};
        startSupervisor({ollama, llama}, u"llama"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"ollama"_s).state, ServerState::Ready, kHangGuardMs);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"llama"_s).state, ServerState::Ready, kHangGuardMs);
        QFile log(status(u"llama"_s).logFile);
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray text = log.readAll();
        QVERIFY2(text.contains("-m /models/qwen.gguf --host 127.0.0.1 --port " + QByteArray::number(llama.port)),
                 text.constData());
        QVERIFY(text.contains("LISTENING")); // the server's own output goes to its log
    }

    void aMissingExecutableFailsWithAClearError()
    {
        ServerSpec s;
        s.name = u"nothing"_s;
        s.kind = ServerKind::Vllm;
        s.port = freePort();
        s.models = {{u"m"_s, u"m"_s, u"m"_s, {}}};
        startSupervisor({s}, u"nothing"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"nothing"_s).state, ServerState::Failed, kHangGuardMs);
        QVERIFY2(status(u"nothing"_s).lastError.contains(u"cannot find `vllm`"_s),
                 qPrintable(status(u"nothing"_s).lastError));
    }

    void onDemandStartsWhenWantedAndStopsWhenIdle()
    {
        ServerSpec s = mockServer(u"lazy"_s);
        s.startOnDemand = true;
        s.autostart = false;
        s.idleTtl = std::chrono::milliseconds(1500);
        startSupervisor({s}, u"lazy"_s);
        QTest::qWait(300);
        QCOMPARE(status(u"lazy"_s).state, ServerState::Stopped);
        m_supervisor->serverWanted(u"lazy"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"lazy"_s).state, ServerState::Ready, kHangGuardMs);
        // Used now and then: it stays up past its idle TTL…
        for (int i = 0; i < 4; ++i) {
            m_clock.advance(500);
            m_supervisor->serversUsed({u"lazy"_s});
            m_clock.advance(1499);
            m_supervisor->checkIdle();
            QCOMPARE(status(u"lazy"_s).state, ServerState::Ready);
        }
        // …and left alone for its TTL, it stops.
        m_clock.advance(1);
        m_supervisor->checkIdle();
        QTRY_COMPARE_WITH_TIMEOUT(status(u"lazy"_s).state, ServerState::Stopped, kHangGuardMs);
        QVERIFY(!processAlive(readPid(pidFile(u"lazy"_s))));
    }

    void reloadStopsRemovedServersAndStopAllStopsTheRest()
    {
        startSupervisor({mockServer(u"a"_s), mockServer(u"b"_s)}, u"a"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"a"_s).state, ServerState::Ready, kHangGuardMs);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"b"_s).state, ServerState::Ready, kHangGuardMs);
        const qint64 a = readPid(pidFile(u"a"_s));
        const qint64 b = readPid(pidFile(u"b"_s));
        m_supervisor->applyConfig({mockServer(u"b"_s)}); // a is gone; b's port changed: it restarts
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(a), kHangGuardMs);
        QCOMPARE(m_supervisor->statuses().size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(b), kHangGuardMs);
        QTRY_COMPARE_WITH_TIMEOUT(status(u"b"_s).state, ServerState::Ready, kHangGuardMs);
        bool done = false;
        m_supervisor->stopAll([&] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, kHangGuardMs);
        QVERIFY(!processAlive(readPid(pidFile(u"b"_s))));
    }
};

QTEST_GUILESS_MAIN(TestServerSupervisor)
#include "TestServerSupervisor.moc"
