#include "app/GatewaySession.h"
#include "tests/support/MockBackendThread.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sy;

namespace {

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

} // namespace

// Start-up and reload as the tray app and the headless runner share them.
class TestGatewaySession : public QObject
{
    Q_OBJECT

private:
    testing::MockBackendThread* m_mock = nullptr;
    QTemporaryDir m_data; ///< the sessions' key and usage database, never the home directory's

    QByteArray validConfig(const QByteArray& group) const
    {
        return "model_list:\n  - model_name: " + group
            + "\n    litellm_params: {model: openai/mock-model, api_base: 'http://127.0.0.1:"
            + QByteArray::number(m_mock->port()) + "/v1'}\ngateway: {host: 127.0.0.1, port: 0}\n";
    }

    static void write(const QString& path, const QByteArray& text)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text);
    }

    static void stop(GatewaySession& session)
    {
        QSignalSpy stopped(&session.host(), &GatewayHost::stopped);
        session.stop(500);
        QVERIFY(stopped.wait(kHangGuardMs));
    }

private slots:
    void initTestCase()
    {
        qputenv("SWITCHYARD_DATA_DIR", m_data.path().toUtf8());
        m_mock = new testing::MockBackendThread;
        QVERIFY(m_mock->start());
    }

    void cleanupTestCase() { delete m_mock; }

    void writesTheDefaultConfigWhenThereIsNone()
    {
        QTemporaryDir home;
        qputenv("XDG_CONFIG_HOME", home.path().toUtf8());
        CommandLine commandLine;
        commandLine.port = 0; // the default config says 4000, which may be taken here
        GatewaySession session(commandLine);
        QCOMPARE(session.configPath(), home.filePath("switchyard/config.yaml"));
        QSignalSpy written(&session, &GatewaySession::defaultConfigWritten);
        QSignalSpy started(&session.host(), &GatewayHost::started);
        QVERIFY(session.start());
        QCOMPARE(written.size(), 1);
        QVERIFY(QFile::exists(session.configPath()));
        QVERIFY(started.wait(kHangGuardMs));
        stop(session);
    }

    void aMissingNamedConfigFailsAndIsNotCreated()
    {
        QTemporaryDir dir;
        CommandLine commandLine;
        commandLine.configFile = dir.filePath("nope.yaml");
        GatewaySession session(commandLine);
        QSignalSpy failed(&session, &GatewaySession::configFailed);
        QVERIFY(!session.start());
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.first().first().toString().contains("no config file at"));
        QVERIFY(!QFile::exists(commandLine.configFile));
    }

    void aBrokenConfigStartsOnceFixed()
    {
        QTemporaryDir dir;
        CommandLine commandLine;
        commandLine.configFile = dir.filePath("config.yaml");
        write(commandLine.configFile, "model_list:\n  - model_name: x\n    litellm_params: {model: hosted_vllm/x}\n");
        GatewaySession session(commandLine);
        QSignalSpy failed(&session, &GatewaySession::configFailed);
        QSignalSpy started(&session.host(), &GatewayHost::started);
        QVERIFY(!session.start());
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.first().first().toString().contains("api_base"));
        // The tray stays up; the user fixes the file, and the gateway starts by itself.
        write(commandLine.configFile, validConfig("fixed"));
        QVERIFY(started.wait(kHangGuardMs));
        stop(session);
    }

    void reloadAppliesAndRejects()
    {
        QTemporaryDir dir;
        CommandLine commandLine;
        commandLine.configFile = dir.filePath("config.yaml");
        write(commandLine.configFile, validConfig("one"));
        GatewaySession session(commandLine);
        QSignalSpy started(&session.host(), &GatewayHost::started);
        QSignalSpy reloaded(&session, &GatewaySession::reloaded);
        QSignalSpy rejected(&session, &GatewaySession::reloadRejected);
        QVERIFY(session.start());
        QVERIFY(started.wait(kHangGuardMs));
        session.reload(); // the tray's Reload Config, with nothing changed: applied again
        QVERIFY(reloaded.wait(kHangGuardMs));
        write(commandLine.configFile, "model_list: [oops\n");
        session.reload();
        QTRY_COMPARE_WITH_TIMEOUT(rejected.size(), 1, kHangGuardMs);
        QVERIFY(!rejected.first().first().toString().isEmpty());
        stop(session);
    }

    // The tray's on/off switch: off stops serving and holds edits back; on serves the file as it is now.
    void turnsOffAndOnAgain()
    {
        QTemporaryDir dir;
        CommandLine commandLine;
        commandLine.configFile = dir.filePath("config.yaml");
        write(commandLine.configFile, validConfig("before"));
        GatewaySession session(commandLine);
        QSignalSpy started(&session.host(), &GatewayHost::started);
        QSignalSpy stopped(&session.host(), &GatewayHost::stopped);
        QSignalSpy reloaded(&session, &GatewaySession::reloaded);
        QVERIFY(session.start());
        QVERIFY(started.wait(kHangGuardMs));

        session.setServing(false);
        QVERIFY(session.isPaused());
        QVERIFY(stopped.wait(kHangGuardMs));
        write(commandLine.configFile, validConfig("after"));
        QTest::qWait(800); // the watcher's debounce: nothing may start while off
        QCOMPARE(started.size(), 1);
        QCOMPARE(reloaded.size(), 0);

        QSignalSpy snapshots(&session.host(), &GatewayHost::snapshotTaken);
        session.setServing(true);
        QVERIFY(!session.isPaused());
        QVERIFY(started.wait(kHangGuardMs));
        QVERIFY(snapshots.wait(kHangGuardMs));
        const auto snapshot = snapshots.last().first().value<GatewaySnapshotPtr>();
        QCOMPARE(snapshot->groups, QStringList{"after"});
        stop(session);
    }
};

QTEST_GUILESS_MAIN(TestGatewaySession)
#include "TestGatewaySession.moc"
