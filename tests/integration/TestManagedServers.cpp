// Managed servers through the real `switchyard --headless`: requests that wait for a starting
// server, on-demand start and idle stop, the /servers admin API, and no orphans after kill -9.
#include "IntegrationSupport.h"
#include "tests/gateway/servers/ServerTestSupport.h"

#include <QElapsedTimer>
#include <QTest>

using namespace sy::testing;
using namespace Qt::StringLiterals;

namespace {

// Real processes on a loaded machine: only a guard against hangs, every wait ends as soon as
// its condition holds.
constexpr int kHangGuardMs = 60'000;

std::optional<RawHttpResponse> get(quint16 port, const QByteArray& path, const QByteArray& key = kMasterKey)
{
    return RawHttpClient::fetch(port, "GET", path, {}, {{"Authorization", "Bearer " + key}});
}

QString serverState(quint16 port, const QString& name)
{
    const auto r = get(port, "/servers/" + name.toUtf8());
    return r ? jsonOf(r->body).value(u"state"_s).toString() : QString();
}

} // namespace

class TestManagedServers : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"PATH"_s, fakeServersDir() + u':' + env.value(u"PATH"_s));
        env.insert(u"FAKE_MOCK_BACKEND"_s, mockBackendPath());
        env.insert(u"FAKE_LMS_STATE"_s, m_dir.filePath(u"lms"_s));
        env.insert(u"XDG_STATE_HOME"_s, m_dir.filePath(u"state"_s)); // server logs go here
        env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
        return env;
    }

private slots:
    void requestsWaitForAnOnDemandServerWhichStopsWhenIdle()
    {
        const quint16 serverPort = freePort();
        const QByteArray yaml = gatewayConfig({})
            + "servers:\n"
              "  - name: small\n"
              "    kind: llamacpp\n"
              "    port: "
            + QByteArray::number(serverPort)
            + "\n"
              "    models: [{model: /models/qwen-0.5b.gguf, model_name: qwen-small}]\n"
              "    start_on_demand: true\n"
              "    idle_ttl: 2\n"
              "    env: {FAKE_SERVER_ARGS: \"--listen-after-ms 800\"}\n"
              "";
        GatewayProcess gateway;
        gateway.setEnvironment(environment());
        const quint16 port = gateway.start(yaml);
        QVERIFY2(port, gateway.stderrText().constData());
        QCOMPARE(serverState(port, u"small"_s), u"stopped"_s);

        QElapsedTimer clock;
        clock.start();
        auto r = post(port, "/v1/chat/completions", chatBody("qwen-small"), kHangGuardMs);
        QVERIFY(r);
        QElapsedTimer sinceUsed; // its idle time starts before this
        sinceUsed.start();
        QVERIFY2(r->status == 200, r->body.constData());
        QVERIFY2(clock.elapsed() >= 800, "answered before the server was up");
        QCOMPARE(r->header("x-switchyard-attempts"), QByteArray("1")); // it waited; it did not fail over
        const QString state = serverState(port, u"small"_s);
        if (sinceUsed.elapsed() < 2000) // within its idle_ttl: it must still be up
            QCOMPARE(state, u"ready"_s);

        // Two seconds without requests: stopped, and started again by the next request.
        QTRY_COMPARE_WITH_TIMEOUT(serverState(port, u"small"_s), u"stopped"_s, kHangGuardMs);
        r = post(port, "/v1/chat/completions", chatBody("qwen-small"), kHangGuardMs);
        QVERIFY(r && r->status == 200);
        QCOMPARE(gateway.terminate(), 0);
    }

    void adminApiStartsAndStopsServers()
    {
        const QByteArray yaml = gatewayConfig({})
            + "servers:\n"
              "  - name: local\n"
              "    kind: ollama\n"
              "    port: "
            + QByteArray::number(freePort())
            + "\n"
              "    models: [llama3.2]\n"
              "";
        GatewayProcess gateway;
        gateway.setEnvironment(environment());
        const quint16 port = gateway.start(yaml);
        QVERIFY2(port, gateway.stderrText().constData());
        QTRY_COMPARE_WITH_TIMEOUT(serverState(port, u"local"_s), u"ready"_s, kHangGuardMs);

        const auto list = get(port, "/servers");
        QVERIFY(list && list->status == 200);
        const QJsonObject entry = jsonOf(list->body).value(u"data"_s).toArray().first().toObject();
        QCOMPARE(entry.value(u"kind"_s).toString(), u"ollama"_s);
        QVERIFY(entry.value(u"pid"_s).toInteger() > 0);
        QCOMPARE(entry.value(u"models"_s).toArray().first().toString(), u"llama3.2"_s);

        auto r = RawHttpClient::fetch(port, "POST", "/servers/local/stop", {}, authHeaders());
        QVERIFY(r);
        QCOMPARE(r->status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(serverState(port, u"local"_s), u"stopped"_s, kHangGuardMs);
        r = post(port, "/v1/chat/completions", chatBody("llama3.2"));
        QVERIFY(r);
        QCOMPARE(r->status, 503);
        QCOMPARE(jsonOf(r->body).value(u"error"_s).toObject().value(u"code"_s).toString(), u"server_not_running"_s);

        r = RawHttpClient::fetch(port, "POST", "/servers/local/start", {}, authHeaders());
        QVERIFY(r && r->status == 202);
        // A request while it starts waits for it instead of failing.
        r = post(port, "/v1/chat/completions", chatBody("llama3.2"), kHangGuardMs);
        QVERIFY(r);
        QVERIFY2(r->status == 200, r->body.constData());

        QCOMPARE(get(port, "/servers/nope")->status, 404);
        QCOMPARE(get(port, "/servers/local/start")->status, 405);
        QCOMPARE(RawHttpClient::fetch(port, "POST", "/servers/local/explode", {}, authHeaders())->status, 404);
        QCOMPARE(get(port, "/servers", "sk-wrong")->status, 401);
        QCOMPARE(gateway.terminate(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            jsonOf(list->body).value(u"data"_s).toArray().first().toObject().value(u"pid"_s).toInteger() > 0
                && !processAlive(entry.value(u"pid"_s).toInteger()),
            true,
            kHangGuardMs);
    }

    void noOrphansWhenSwitchyardIsKilled()
    {
        const QString pidFile = m_dir.filePath(u"command.pid"_s);
        const quint16 commandPort = freePort();
        const QByteArray yaml = gatewayConfig({})
            + "servers:\n"
              "  - name: custom\n"
              "    kind: command\n"
              "    port: "
            + QByteArray::number(commandPort)
            + "\n"
              "    executable: "
            + mockBackendPath().toUtf8()
            + "\n"
              "    args: [\"--port\", \"${PORT}\", \"--ignore-sigterm\", \"--pid-file\", \""
            + pidFile.toUtf8()
            + "\"]\n"
              "    stop_timeout: 1\n"
              "  - name: studio\n"
              "    kind: lmstudio\n"
              "    port: "
            + QByteArray::number(freePort())
            + "\n"
              "    models: [qwen]\n"
              "";
        GatewayProcess gateway;
        gateway.setEnvironment(environment());
        const quint16 port = gateway.start(yaml);
        QVERIFY2(port, gateway.stderrText().constData());
        QTRY_COMPARE_WITH_TIMEOUT(serverState(port, u"custom"_s), u"ready"_s, kHangGuardMs);
        QTRY_COMPARE_WITH_TIMEOUT(serverState(port, u"studio"_s), u"ready"_s, kHangGuardMs);
        const qint64 commandPid = readPid(pidFile);
        const qint64 studioPid = readPid(m_dir.filePath(u"lms/server.pid"_s));
        QVERIFY(processAlive(commandPid));
        QVERIFY(processAlive(studioPid));

        gateway.sendSignal(SIGKILL); // no chance to clean up: the guards must
        QVERIFY(gateway.waitForExit() != 0);
        // The command server ignores SIGTERM: its guard kills it after stop_timeout (1 s).
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(commandPid), kHangGuardMs);
        // LM Studio's server is not in our process tree: its guard ran `lms server stop`.
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(studioPid), kHangGuardMs);
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(m_dir.filePath(u"lms/server.pid"_s)), kHangGuardMs);
    }
};

QTEST_GUILESS_MAIN(TestManagedServers)
#include "TestManagedServers.moc"
