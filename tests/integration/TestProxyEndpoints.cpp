#include "IntegrationSupport.h"

#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using namespace sy::testing;

// The proxied endpoints, the gateway's own endpoints, round-robin and upstream connection reuse,
// all through the real binary and a mock backend over real sockets.
class TestProxyEndpoints : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_a = nullptr;
    MockBackendThread* m_b = nullptr;
    GatewayProcess* m_gateway = nullptr;
    quint16 m_port = 0;

    QJsonObject statsA() const { return m_a->backend()->stats(); }

private slots:
    void initTestCase()
    {
        MockBackend::Options a;
        a.id = QStringLiteral("A");
        m_a = new MockBackendThread(a);
        MockBackend::Options b;
        b.id = QStringLiteral("B");
        m_b = new MockBackendThread(b);
        QVERIFY(m_a->start());
        QVERIFY(m_b->start());
        const QByteArray models = mockModelEntry("solo", m_a->port()) + mockModelEntry("pair", m_a->port())
            + mockModelEntry("pair", m_b->port());
        m_gateway = new GatewayProcess;
        m_port = m_gateway->start(gatewayConfig(models)
                                  + "router_settings:\n  routing_strategy: round-robin\n"
                                    "  model_group_alias: {gpt-4o: pair, dangling: nowhere}\n");
        QVERIFY2(m_port != 0, m_gateway->stderrText().constData());
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
        delete m_gateway;
        delete m_a;
        delete m_b;
    }

    void init()
    {
        m_a->backend()->resetStats();
        m_b->backend()->resetStats();
    }

    void chatCompletionRewritesOnlyTheModel()
    {
        // Odd spacing and an unknown field must reach the backend exactly as sent.
        const QByteArray body = "{ \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],  \"model\" : \"solo\", "
                                "\"x_custom\":[1,2.50,{\"k\":null}] }";
        const auto response = post(m_port, "/v1/chat/completions", body);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->header("content-type"), QByteArray("application/json"));
        const QJsonObject json = response->json();
        QCOMPARE(json["object"].toString(), QString("chat.completion"));
        // The answer names the model the client asked for, never the backend's id (or file path).
        QCOMPARE(json["model"].toString(), QString("solo"));
        QCOMPARE(json["usage"].toObject()["total_tokens"].toInt(), 6);
        const QByteArray forwarded = statsA()["last_request"].toObject()["body"].toString().toUtf8();
        QByteArray expected = body;
        expected.replace("\"solo\"", "\"backend-solo\"");
        QCOMPARE(forwarded, expected);
        const QJsonObject headers = statsA()["last_request"].toObject()["headers"].toObject();
        QCOMPARE(headers["authorization"].toString(), QString("Bearer sk-backend"));
        QCOMPARE(statsA()["last_request"].toObject()["path"].toString(), QString("/v1/chat/completions"));
    }

    void endpoints_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("object");
        QTest::addColumn<QString>("upstreamPath");
        const QByteArray completion = "{\"model\":\"solo\",\"prompt\":\"once upon\"}";
        const QByteArray embedding = "{\"model\":\"solo\",\"input\":[\"a\",\"b c\"]}";
        QTest::newRow("chat") << QByteArray("/v1/chat/completions") << chatBody("solo") << "chat.completion"
                              << "/v1/chat/completions";
        QTest::newRow("chat without /v1") << QByteArray("/chat/completions") << chatBody("solo") << "chat.completion"
                                          << "/v1/chat/completions";
        QTest::newRow("completions") << QByteArray("/v1/completions") << completion << "text_completion"
                                     << "/v1/completions";
        QTest::newRow("completions without /v1") << QByteArray("/completions") << completion << "text_completion"
                                                 << "/v1/completions";
        QTest::newRow("embeddings") << QByteArray("/v1/embeddings") << embedding << "list"
                                    << "/v1/embeddings";
        QTest::newRow("embeddings without /v1") << QByteArray("/embeddings") << embedding << "list"
                                                << "/v1/embeddings";
    }

    void endpoints()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, body);
        QFETCH(QString, object);
        QFETCH(QString, upstreamPath);
        const auto response = post(m_port, path, body);
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->json()["object"].toString(), object);
        QCOMPARE(statsA()["last_request"].toObject()["path"].toString(), upstreamPath);
    }

    void modelsListsGroups()
    {
        for (const char* path : {"/v1/models", "/models"}) {
            const auto response = RawHttpClient::fetch(m_port, "GET", path, {}, authHeaders());
            QVERIFY(response);
            QCOMPARE(response->status, 200);
            const QJsonObject json = response->json();
            QCOMPARE(json["object"].toString(), QString("list"));
            QStringList ids;
            for (const QJsonValue& m : json["data"].toArray()) {
                QCOMPARE(m.toObject()["object"].toString(), QString("model"));
                ids << m.toObject()["id"].toString();
            }
            // Aliases are models too; one pointing at no group is not listed.
            QCOMPARE(ids, (QStringList{"solo", "pair", "gpt-4o"}));
        }
        const auto aliased = post(m_port, "/v1/chat/completions", chatBody("gpt-4o"));
        QCOMPARE(aliased->status, 200);
        QCOMPARE(aliased->header("x-litellm-model-group"), QByteArray("gpt-4o"));
    }

    void healthEndpointsNeedNoKey()
    {
        const auto live = RawHttpClient::fetch(m_port, "GET", "/health/liveliness");
        QVERIFY(live);
        QCOMPARE(live->status, 200);
        QCOMPARE(live->body, QByteArray("\"I'm alive!\""));
        const auto ready = RawHttpClient::fetch(m_port, "GET", "/health/readiness");
        QVERIFY(ready);
        QCOMPARE(ready->status, 200);
        QCOMPARE(ready->json()["status"].toString(), QString("healthy"));
        QCOMPARE(ready->json()["deployments"].toInt(), 3);
    }

    void metricsCountPerGroupAndDeployment()
    {
        QVERIFY(post(m_port, "/v1/chat/completions", chatBody("solo")));
        const auto metrics = RawHttpClient::fetch(m_port, "GET", "/metrics");
        QVERIFY(metrics);
        QCOMPARE(metrics->status, 200);
        QVERIFY(metrics->header("content-type").startsWith("text/plain"));
        const QByteArray text = metrics->body;
        QVERIFY(text.contains("# TYPE litellm_proxy_total_requests_metric_total counter"));
        QVERIFY(
            text.contains("litellm_proxy_total_requests_metric_total{requested_model=\"solo\",status_code=\"200\"}"));
        QVERIFY(text.contains("# TYPE litellm_request_total_latency_metric histogram"));
        QVERIFY(text.contains("litellm_request_total_latency_metric_bucket{requested_model=\"solo\",model=\"backend-"
                              "solo\",le=\"+Inf\"}"));
        QVERIFY(text.contains("litellm_llm_api_latency_metric_count{requested_model=\"solo\""));
        QVERIFY(text.contains("litellm_deployment_success_responses_total{requested_model=\"solo\""));
        QVERIFY(text.contains("switchyard_in_flight_requests{requested_model=\"solo\"} 0"));
        QVERIFY(text.contains("litellm_total_tokens_metric_total{requested_model=\"solo\",model=\"backend-solo\"}"));
    }

    void roundRobinAlternatesBackends()
    {
        QStringList served;
        for (int i = 0; i < 6; ++i) {
            const auto response = post(m_port, "/v1/chat/completions", chatBody("pair"));
            QVERIFY(response);
            QCOMPARE(response->status, 200);
            served << response->json()["system_fingerprint"].toString();
            // Which deployment served it, and in how many attempts, is in the headers.
            QVERIFY(!response->header("x-switchyard-backend").isEmpty());
            QCOMPARE(response->header("x-switchyard-attempts"), QByteArray("1"));
            QCOMPARE(response->header("x-litellm-attempted-retries"), QByteArray("0"));
            QVERIFY(response->header("x-litellm-overhead-duration-ms").toInt() >= 0);
        }
        // Strict alternation, whichever backend's turn it was first.
        QCOMPARE(served.count("A"), 3);
        for (qsizetype i = 1; i < served.size(); ++i)
            QVERIFY2(served[i] != served[i - 1], qPrintable(served.join(u' ')));
    }

    void keepAliveReusesUpstreamConnections()
    {
        for (int i = 0; i < 20; ++i)
            QCOMPARE(post(m_port, "/v1/chat/completions", chatBody("solo"))->status, 200);
        QCOMPARE(statsA()["requests"].toInt(), 20);
        QVERIFY2(statsA()["connections_opened"].toInt() <= 1,
                 qPrintable(QString::number(statsA()["connections_opened"].toInt())));
    }

    void noSixConnectionCapPerBackend()
    {
        // 24 slow requests sent at once, on 24 client connections, must all be at the backend together.
        constexpr int kClients = 24;
        const QByteArray body = chatBody("solo", "\"mock\":{\"latency_ms\":800}");
        std::vector<std::unique_ptr<RawHttpClient>> clients;
        for (int i = 0; i < kClients; ++i) {
            clients.push_back(std::make_unique<RawHttpClient>());
            QVERIFY(clients.back()->connectToHost(QHostAddress::LocalHost, m_port));
            clients.back()->send(clients.back()->buildRequest("POST", "/v1/chat/completions", body, authHeaders()));
        }
        for (auto& client : clients) {
            const auto response = client->readResponse();
            QVERIFY(response);
            QCOMPARE(response->status, 200);
        }
        QCOMPARE(statsA()["max_in_flight"].toInt(), kClients);
    }

    void compressedUpstreamBodiesArriveDecoded()
    {
        const auto response = post(m_port, "/v1/chat/completions", chatBody("solo", "\"mock\":{\"gzip\":true}"));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QVERIFY(!response->hasHeader("content-encoding"));
        QCOMPARE(response->json()["object"].toString(), QString("chat.completion"));
        const auto chunked = post(m_port, "/v1/chat/completions", chatBody("solo", "\"mock\":{\"chunked\":true}"));
        QVERIFY(chunked);
        QCOMPARE(chunked->json()["object"].toString(), QString("chat.completion"));
    }
};

QTEST_GUILESS_MAIN(TestProxyEndpoints)
#include "TestProxyEndpoints.moc"
