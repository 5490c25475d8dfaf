#include "IntegrationSupport.h"

#include <QProcess>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace sy::testing;

// `switchyard --headless` as a process: how it starts, refuses, reloads and stops.
class TestHeadlessProcess : public QObject
{
    Q_OBJECT

private slots:
    void version()
    {
        QProcess p;
        p.start(GatewayProcess::binary(), {"--version"});
        QVERIFY(p.waitForFinished(GatewayProcess::kWaitMs));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().startsWith("switchyard " SWITCHYARD_VERSION));
    }

    void refusesLanWithoutMasterKey()
    {
        GatewayProcess gw;
        QCOMPARE(gw.start("model_list: []\ngateway:\n  host: 0.0.0.0\n  port: 0\n", {}, 3000), 0);
        QCOMPARE(gw.waitForExit(), 1);
        QVERIFY2(gw.stderrText().contains("without a master key"), gw.stderrText().constData());
    }

    void allowsLanWithMasterKey()
    {
        GatewayProcess gw;
        const quint16 port = gw.start(gatewayConfig({}).replace("127.0.0.1", "0.0.0.0"));
        QVERIFY2(port != 0, gw.stderrText().constData());
        QCOMPARE(RawHttpClient::fetch(port, "GET", "/health/liveliness")->status, 200);
        QCOMPARE(gw.terminate(), 0);
    }

    void invalidConfigExitsWithLocatedError()
    {
        GatewayProcess gw;
        QCOMPARE(
            gw.start(
                "model_list:\n  - model_name: x\n    litellm_params:\n      model: openai/x\n      api_base: nope\n",
                {},
                3000),
            0);
        QCOMPARE(gw.waitForExit(), 2);
        const QByteArray err = gw.stderrText();
        QVERIFY2(err.contains(gw.configPath().toUtf8() + ":5:"), err.constData());
        QVERIFY(err.contains("model_list[0].litellm_params.api_base"));
    }

    void missingConfigFileExits2()
    {
        QProcess p;
        p.start(GatewayProcess::binary(), {"--headless", "--config", "/nonexistent/switchyard.yaml"});
        QVERIFY(p.waitForFinished(GatewayProcess::kWaitMs));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("/nonexistent/switchyard.yaml"));
    }

    void badArgumentsExit2()
    {
        QProcess p;
        p.start(GatewayProcess::binary(), {"--headless", "--port", "seventy"});
        QVERIFY(p.waitForFinished(GatewayProcess::kWaitMs));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--port"));
    }

    void portInUseExits1()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost));
        GatewayProcess gw;
        QCOMPARE(gw.start(gatewayConfig({}), {"--port", QString::number(taken.serverPort())}, 3000), 0);
        QCOMPARE(gw.waitForExit(), 1);
        QVERIFY(gw.stderrText().contains("cannot listen"));
    }

    void commandLineOverridesHostAndPort()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 wanted = probe.serverPort();
        probe.close();
        GatewayProcess gw;
        QCOMPARE(gw.start(gatewayConfig({}).replace("127.0.0.1", "10.255.255.1"),
                          {"--host", "127.0.0.1", "--port", QString::number(wanted)}),
                 wanted);
        QCOMPARE(gw.terminate(), 0);
    }

    void sigtermDrainsRequestsInFlight()
    {
        MockBackendThread mock;
        QVERIFY(mock.start());
        GatewayProcess gw;
        const quint16 port = gw.start(gatewayConfig(mockModelEntry("m", mock.port()), "drain_timeout: 60"));
        QVERIFY(port);
        // A stream the backend sends on only when the test releases it: it is surely in flight
        // when the signal comes, and only the drain can let it finish.
        RawHttpClient slow;
        QVERIFY(slow.connectToHost(QHostAddress::LocalHost, port));
        slow.send(slow.buildRequest(
            "POST", "/v1/chat/completions", chatBody("m", "\"stream\":true,\"mock\":{\"step\":true}"), authHeaders()));
        QVERIFY(slow.readEvent());
        gw.sendSignal(SIGTERM);
        // New connections are refused while the stream goes on.
        QTRY_VERIFY_WITH_TIMEOUT(!RawHttpClient::fetch(port, "GET", "/health/liveliness", {}, {}, 300).has_value(),
                                 GatewayProcess::kWaitMs);
        QVERIFY(gw.isRunning());
        mock.backend()->releaseEvents(100);
        const QList<SseEvent> rest = slow.readAllEvents();
        QVERIFY(!rest.isEmpty());
        QCOMPARE(rest.last().data, QByteArray("[DONE]"));
        QCOMPARE(gw.waitForExit(), 0);
    }

    void sighupReloadsTheConfig()
    {
        MockBackendThread mock;
        QVERIFY(mock.start());
        GatewayProcess gw;
        const quint16 port = gw.start(gatewayConfig(mockModelEntry("first", mock.port())));
        QVERIFY(port);
        gw.writeConfig(gatewayConfig(mockModelEntry("first", mock.port()) + mockModelEntry("second", mock.port())));
        gw.sendSignal(SIGHUP);
        QTRY_COMPARE_WITH_TIMEOUT(
            post(port, "/v1/chat/completions", chatBody("second"))->status, 200, GatewayProcess::kWaitMs);
        // A broken file is rejected and the last good config keeps serving.
        gw.writeConfig("model_list: [oops");
        gw.sendSignal(SIGHUP);
        QTRY_VERIFY_WITH_TIMEOUT(gw.stderrText().contains("reload rejected"), GatewayProcess::kWaitMs);
        QCOMPARE(post(port, "/v1/chat/completions", chatBody("second"))->status, 200);
        QCOMPARE(gw.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHeadlessProcess)
#include "TestHeadlessProcess.moc"
