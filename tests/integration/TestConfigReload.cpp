#include "IntegrationSupport.h"

#include <QDeadlineTimer>
#include <QTcpServer>
#include <QTest>

#include <csignal>

using namespace sy::testing;

// Hot reload of the config file through the real binary: by file watch and by SIGHUP.
class TestConfigReload : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_mock = nullptr;

    QByteArray config(const QByteArray& models, const QByteArray& gatewayExtra = {}) const
    {
        return gatewayConfig(models, gatewayExtra);
    }

private slots:
    void initTestCase()
    {
        m_mock = new MockBackendThread;
        QVERIFY(m_mock->start());
    }

    void cleanupTestCase() { delete m_mock; }

    void savingTheFileReloadsIt()
    {
        GatewayProcess gw;
        const quint16 port = gw.start(config(mockModelEntry("first", m_mock->port())));
        QVERIFY(port);
        QCOMPARE(post(port, "/v1/chat/completions", chatBody("second"))->status, 404);
        gw.writeConfig(config(mockModelEntry("first", m_mock->port()) + mockModelEntry("second", m_mock->port())));
        // No signal: the file watch picks the change up.
        QTRY_COMPARE_WITH_TIMEOUT(
            post(port, "/v1/chat/completions", chatBody("second"))->status, 200, RawHttpClient::kWaitMs);
        QCOMPARE(gw.terminate(), 0);
    }

    void brokenChangeIsRejectedAndTheOldConfigServes()
    {
        GatewayProcess gw;
        const quint16 port = gw.start(config(mockModelEntry("first", m_mock->port())));
        QVERIFY(port);
        gw.writeConfig("model_list:\n  - model_name: first\n    litellm_params:\n      model: hosted_vllm/x\n");
        QTRY_VERIFY_WITH_TIMEOUT(gw.stderrText().contains("reload rejected"), RawHttpClient::kWaitMs);
        QVERIFY(gw.stderrText().contains("api_base: required for provider hosted_vllm"));
        QCOMPARE(post(port, "/v1/chat/completions", chatBody("first"))->status, 200);
        // Fixing the file applies it.
        gw.writeConfig(config(mockModelEntry("fixed", m_mock->port())));
        QTRY_COMPARE_WITH_TIMEOUT(
            post(port, "/v1/chat/completions", chatBody("fixed"))->status, 200, RawHttpClient::kWaitMs);
        QCOMPARE(gw.terminate(), 0);
    }

    void movingThePortKeepsOpenConnections()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 newPort = probe.serverPort();
        probe.close();
        GatewayProcess gw;
        const quint16 port = gw.start(config(mockModelEntry("m", m_mock->port())));
        QVERIFY(port);
        RawHttpClient open;
        QVERIFY(open.connectToHost(QHostAddress::LocalHost, port));
        QCOMPARE(open.request("POST", "/v1/chat/completions", chatBody("m"), authHeaders())->status, 200);
        QByteArray moved = config(mockModelEntry("m", m_mock->port()));
        moved.replace("port: 0", "port: " + QByteArray::number(newPort));
        gw.writeConfig(moved);
        QTRY_VERIFY_WITH_TIMEOUT(RawHttpClient::fetch(newPort, "GET", "/health/liveliness").has_value(),
                                 RawHttpClient::kWaitMs);
        // The old port takes no new connections, but the open one is still served.
        QVERIFY(!RawHttpClient::fetch(port, "GET", "/health/liveliness", {}, {}, 500).has_value());
        QCOMPARE(open.request("POST", "/v1/chat/completions", chatBody("m"), authHeaders())->status, 200);
        QCOMPARE(gw.terminate(), 0);
    }

    void noRequestFailsWhileReloading50Times()
    {
        // 2,000 requests on 8 connections while the config is rewritten 50 times, alternating
        // between two valid versions (one adds a group, the other changes timeouts).
        GatewayProcess gw;
        const QByteArray a = config(mockModelEntry("chat", m_mock->port()));
        const QByteArray b
            = config(mockModelEntry("chat", m_mock->port(), "timeout: 20") + mockModelEntry("other", m_mock->port()));
        const quint16 port = gw.start(a);
        QVERIFY(port);
        constexpr int kClients = 8, kRequests = 2000, kReloads = 50;
        std::vector<std::unique_ptr<RawHttpClient>> clients;
        for (int i = 0; i < kClients; ++i) {
            clients.push_back(std::make_unique<RawHttpClient>());
            QVERIFY(clients.back()->connectToHost(QHostAddress::LocalHost, port));
        }
        const QByteArray body = chatBody("chat", "\"stream\":true,\"mock\":{\"tokens\":2}");
        int done = 0, failed = 0, reloads = 0;
        QByteArray firstFailure;
        // The next rewrite waits until the last one was seen reloaded (requests keep flowing
        // meanwhile), so every rewrite is a reload of its own whatever the machine's pace.
        const auto reloadedSoFar = [&gw] { return int(gw.stderrText().count("reloaded")); };
        QDeadlineTimer hangGuard(180'000);
        while (done < kRequests || reloadedSoFar() < kReloads) {
            QVERIFY2(!hangGuard.hasExpired(), gw.stderrText().right(2000).constData());
            for (auto& client : clients) {
                client->send(client->buildRequest("POST", "/v1/chat/completions", body, authHeaders()));
                const QList<SseEvent> events = client->readAllEvents();
                // Takes the finished stream off the queue; generous, since CI runs this under ASan on 2 busy cores.
                const auto finished = client->readResponse();
                const bool ok = !events.isEmpty() && events.last().data == "[DONE]" && finished && finished->complete
                    && finished->status == 200;
                if (!ok && firstFailure.isEmpty()) {
                    firstFailure = "request " + QByteArray::number(done) + ": " + QByteArray::number(events.size())
                        + " events, last \"" + (events.isEmpty() ? QByteArray() : events.last().data.left(200))
                        + "\", status " + QByteArray::number(finished ? finished->status : -1) + ", complete "
                        + QByteArray::number(finished && finished->complete) + ", body "
                        + (finished ? finished->body.left(300) : QByteArray());
                }
                failed += ok ? 0 : 1;
                ++done;
            }
            if (reloads < kReloads && done >= (reloads + 1) * (kRequests / (kReloads + 1))
                && reloadedSoFar() >= reloads) {
                gw.writeConfig(++reloads % 2 ? b : a);
                if (reloads % 5 == 0)
                    gw.sendSignal(SIGHUP); // both paths: file watch and signal
            }
        }
        QVERIFY2(failed == 0, (QByteArray::number(failed) + " failed; the first: " + firstFailure).constData());
        QCOMPARE(reloads, kReloads);
        QVERIFY(gw.isRunning());
        QCOMPARE(gw.terminate(), 0);
        QVERIFY2(reloadedSoFar() >= kReloads, gw.stderrText().right(2000).constData());
    }
};

QTEST_GUILESS_MAIN(TestConfigReload)
#include "TestConfigReload.moc"
