#include "IntegrationSupport.h"

#include <QTcpServer>
#include <QTest>

using namespace sy::testing;

// Every way a request can go wrong ends in OpenAI's error shape with the right status.
class TestUpstreamFailures : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_mock = nullptr;
    GatewayProcess* m_gateway = nullptr;
    quint16 m_port = 0;
    quint16 m_deadPort = 0;

    static void verifyErrorShape(const RawHttpResponse& response, int status, const QString& code)
    {
        QCOMPARE(response.status, status);
        QCOMPARE(response.header("content-type"), QByteArray("application/json"));
        const QJsonObject error = response.json()["error"].toObject();
        QVERIFY2(!error.isEmpty(), response.body.constData());
        QVERIFY(!error["message"].toString().isEmpty());
        QVERIFY(error.contains("type"));
        QVERIFY(error.contains("param"));
        QVERIFY(error.contains("code"));
        if (!code.isEmpty())
            QCOMPARE(error["code"].toString(), code);
    }

private slots:
    void initTestCase()
    {
        m_mock = new MockBackendThread;
        QVERIFY(m_mock->start());
        // A port nobody listens on: take one, then free it.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        m_deadPort = probe.serverPort();
        probe.close();
        const QByteArray models
            = mockModelEntry("ok", m_mock->port(), "timeout: 1.5") + mockModelEntry("dead", m_deadPort);
        m_gateway = new GatewayProcess;
        m_port = m_gateway->start(gatewayConfig(models));
        QVERIFY2(m_port != 0, m_gateway->stderrText().constData());
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
        delete m_gateway;
        delete m_mock;
    }

    void clientErrors_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("withKey");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("malformed json") << QByteArray("/v1/chat/completions") << QByteArray("{\"model\": \"ok\",")
                                        << true << 400 << "invalid_json";
        QTest::newRow("not an object") << QByteArray("/v1/chat/completions") << QByteArray("[1]") << true << 400
                                       << "invalid_json";
        QTest::newRow("empty body") << QByteArray("/v1/chat/completions") << QByteArray() << true << 400
                                    << "invalid_json";
        QTest::newRow("no model") << QByteArray("/v1/chat/completions") << QByteArray("{\"messages\":[]}") << true
                                  << 400 << "missing_model";
        QTest::newRow("model not a string")
            << QByteArray("/v1/embeddings") << QByteArray("{\"model\":7}") << true << 400 << "invalid_model";
        QTest::newRow("no key") << QByteArray("/v1/chat/completions") << chatBody("ok") << false << 401
                                << "invalid_api_key";
        QTest::newRow("unknown model") << QByteArray("/v1/chat/completions") << chatBody("gpt-9") << true << 404
                                       << "model_not_found";
        QTest::newRow("unknown path") << QByteArray("/v1/images/generations") << chatBody("ok") << true << 404
                                      << "not_found";
    }

    void clientErrors()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, body);
        QFETCH(bool, withKey);
        QFETCH(int, status);
        QFETCH(QString, code);
        RawHttpClient::Headers headers = withKey ? authHeaders() : RawHttpClient::Headers{};
        const auto response = RawHttpClient::fetch(m_port, "POST", path, body, headers);
        QVERIFY(response);
        verifyErrorShape(*response, status, code);
    }

    void wrongKeyAndKeyHeaders()
    {
        const auto wrong = RawHttpClient::fetch(
            m_port, "POST", "/v1/chat/completions", chatBody("ok"), {{"Authorization", "Bearer sk-wrong"}});
        verifyErrorShape(*wrong, 401, "invalid_api_key");
        QVERIFY(!wrong->body.contains("sk-wrong"));
        const auto viaXApiKey
            = RawHttpClient::fetch(m_port, "POST", "/v1/chat/completions", chatBody("ok"), {{"x-api-key", kMasterKey}});
        QCOMPARE(viaXApiKey->status, 200);
        const auto modelsWithoutKey = RawHttpClient::fetch(m_port, "GET", "/v1/models");
        verifyErrorShape(*modelsWithoutKey, 401, "invalid_api_key");
    }

    void wrongMethod()
    {
        const auto response = RawHttpClient::fetch(m_port, "GET", "/v1/chat/completions", {}, authHeaders());
        verifyErrorShape(*response, 405, "method_not_allowed");
    }

    void upstreamFailures_data()
    {
        QTest::addColumn<QByteArray>("model");
        QTest::addColumn<QByteArray>("mock");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("connection refused") << QByteArray("dead") << QByteArray() << 502 << "upstream_connect_failed";
        QTest::newRow("closes without answer")
            << QByteArray("ok") << QByteArray("{\"behavior\":\"close\"}") << 502 << "upstream_connection_closed";
        QTest::newRow("garbage") << QByteArray("ok") << QByteArray("{\"behavior\":\"garbage\"}") << 502
                                 << "upstream_bad_response";
        QTest::newRow("invalid json body")
            << QByteArray("ok") << QByteArray("{\"behavior\":\"bad_json\"}") << 502 << "upstream_bad_response";
        QTest::newRow("truncated body") << QByteArray("ok") << QByteArray("{\"behavior\":\"cut\"}") << 502
                                        << "upstream_connection_closed";
        QTest::newRow("hangs") << QByteArray("ok") << QByteArray("{\"behavior\":\"hang\"}") << 504
                               << "upstream_timeout";
        QTest::newRow("too slow") << QByteArray("ok") << QByteArray("{\"latency_ms\":600000}") << 504
                                  << "upstream_timeout";
        QTest::newRow("backend 500") << QByteArray("ok") << QByteArray("{\"status\":500}") << 500 << QString();
        QTest::newRow("backend 503") << QByteArray("ok") << QByteArray("{\"status\":503}") << 503 << QString();
        QTest::newRow("context length") << QByteArray("ok") << QByteArray("{\"context_error\":true}") << 400
                                        << "context_length_exceeded";
    }

    void upstreamFailures()
    {
        QFETCH(QByteArray, model);
        QFETCH(QByteArray, mock);
        QFETCH(int, status);
        QFETCH(QString, code);
        const QByteArray extra = mock.isEmpty() ? QByteArray() : "\"mock\":" + mock;
        // A hung or ten-minute-slow backend can only be answered by the gateway's 1.5 s timeout
        // within post()'s hang guard: no duration needs measuring.
        const auto response = post(m_port, "/v1/chat/completions", chatBody(model, extra));
        QVERIFY(response);
        verifyErrorShape(*response, status, code);
    }

    void upstream429KeepsRetryAfter()
    {
        const auto response
            = post(m_port, "/v1/chat/completions", chatBody("ok", "\"mock\":{\"status\":429,\"retry_after\":7}"));
        verifyErrorShape(*response, 429, QString());
        QCOMPARE(response->header("retry-after"), QByteArray("7"));
        QCOMPARE(response->json()["error"].toObject()["type"].toString(), QString("rate_limit_error"));
    }

    void failuresAreCountedPerDeployment()
    {
        post(m_port, "/v1/chat/completions", chatBody("dead"));
        const auto metrics = RawHttpClient::fetch(m_port, "GET", "/metrics");
        QVERIFY(metrics->body.contains("litellm_deployment_failure_responses_total{requested_model=\"dead\""));
        QVERIFY(metrics->body.contains("exception_class=\"upstream_connect_failed\""));
        QVERIFY(metrics->body.contains(
            "litellm_proxy_failed_requests_metric_total{requested_model=\"dead\",exception_status=\"502\""));
    }
};

QTEST_GUILESS_MAIN(TestUpstreamFailures)
#include "TestUpstreamFailures.moc"
