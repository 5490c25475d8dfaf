#include "IntegrationSupport.h"

#include <QTest>

using namespace sy::testing;

// What real LiteLLM files ask of routing (issue 11), through the real binary and mock backends:
// the catch-all and other pass-through patterns send the name asked for, Azure deployments get
// Azure's paths, query and key header, and cost-based-routing picks the cheaper backend.
class TestLiteLlmProviders : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_a = nullptr; ///< "priced", dear
    MockBackendThread* m_b = nullptr; ///< "priced", cheap
    MockBackendThread* m_any = nullptr; ///< behind the pass-through patterns
    MockBackendThread* m_azure = nullptr;
    GatewayProcess* m_gateway = nullptr;
    quint16 m_port = 0;

    QJsonObject lastRequestAt(MockBackendThread* mock) const
    {
        return mock->backend()->stats()["last_request"].toObject();
    }

    QByteArray modelList() const
    {
        auto base = [](MockBackendThread* mock) { return "http://127.0.0.1:" + QByteArray::number(mock->port()); };
        const QByteArray a = base(m_a);
        const QByteArray b = base(m_b);
        return "  - model_name: \"*\"\n"
               "    litellm_params: {model: \"*\", api_base: "
            + base(m_any)
            + "/v1, api_key: sk-any}\n"
              "  - model_name: \"via/*\"\n"
              "    litellm_params: {model: \"*\", api_base: "
            + base(m_any)
            + "/v1}\n"
              "  - model_name: azure-chat\n"
              "    litellm_params: {model: azure/my-gpt4o, api_base: "
            + base(m_azure)
            + ", api_key: azure-key, api_version: \"2024-06-01\"}\n"
              "  - model_name: priced\n"
              "    litellm_params: {model: openai/dear, api_base: "
            + a
            + "/v1, input_cost_per_token: 0.00001, output_cost_per_token: 0.00003}\n"
              "  - model_name: priced\n"
              "    litellm_params: {model: openai/cheap, api_base: "
            + b + "/v1, input_cost_per_token: 0.0000001, output_cost_per_token: 0.0000004}\n";
    }

private slots:
    void initTestCase()
    {
        for (MockBackendThread** mock : {&m_a, &m_b, &m_any, &m_azure}) {
            MockBackend::Options options;
            options.models = {}; // nothing to list: the patterns pass names through
            *mock = new MockBackendThread(options);
            QVERIFY((*mock)->start());
        }
        m_gateway = new GatewayProcess;
        // A model list poll per pattern at start, then none while the test runs: last_request
        // stays the one this test sent.
        m_port = m_gateway->start(gatewayConfig(modelList(), "health_check: {interval: 3600}")
                                  + "router_settings:\n  routing_strategy: cost-based-routing\n");
        QVERIFY2(m_port != 0, m_gateway->stderrText().constData());
        QTRY_VERIFY_WITH_TIMEOUT(m_any->backend()->stats()["requests_by_path"].toObject()["/v1/models"].toInt() >= 2,
                                 10'000);
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
        delete m_gateway;
        delete m_a;
        delete m_b;
        delete m_any;
        delete m_azure;
    }

    void theCatchAllSendsTheNameAskedFor()
    {
        const auto response = post(m_port, "/v1/chat/completions", chatBody("never-configured-model"));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->json()["model"].toString(), QString("never-configured-model"));
        const QJsonObject forwarded = lastRequestAt(m_any);
        QVERIFY(forwarded["body"].toString().contains("\"model\":\"never-configured-model\""));
        QCOMPARE(forwarded["headers"].toObject()["authorization"].toString(), QString("Bearer sk-any"));
    }

    void aPrefixPatternSendsWhatFollowsThePrefix()
    {
        const auto response = post(m_port, "/v1/embeddings", "{\"model\":\"via/embed-small\",\"input\":\"hi\"}");
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        const QJsonObject forwarded = lastRequestAt(m_any);
        QCOMPARE(forwarded["path"].toString(), QString("/v1/embeddings"));
        QVERIFY2(forwarded["body"].toString().contains("\"model\":\"embed-small\""),
                 qPrintable(forwarded["body"].toString()));
        QVERIFY(!forwarded["headers"].toObject().contains("authorization")); // no key was given for it
    }

    void azureGetsItsDeploymentPathsAndKeyHeader_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("upstream");
        QTest::newRow("chat") << QByteArray("/v1/chat/completions") << chatBody("azure-chat")
                              << "/openai/deployments/my-gpt4o/chat/completions?api-version=2024-06-01";
        QTest::newRow("embeddings") << QByteArray("/v1/embeddings")
                                    << QByteArray("{\"model\":\"azure-chat\",\"input\":[\"a\"]}")
                                    << "/openai/deployments/my-gpt4o/embeddings?api-version=2024-06-01";
        QTest::newRow("completions") << QByteArray("/v1/completions")
                                     << QByteArray("{\"model\":\"azure-chat\",\"prompt\":\"once\"}")
                                     << "/openai/deployments/my-gpt4o/completions?api-version=2024-06-01";
    }

    void azureGetsItsDeploymentPathsAndKeyHeader()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, body);
        QFETCH(QString, upstream);
        const auto response = post(m_port, path, body);
        QVERIFY(response);
        QCOMPARE(response->status, 200); // the mock answers 404 without api-version, 401 without a key
        const QJsonObject forwarded = lastRequestAt(m_azure);
        QCOMPARE(forwarded["target"].toString(), upstream);
        QCOMPARE(forwarded["headers"].toObject()["api-key"].toString(), QString("azure-key"));
        QVERIFY(!forwarded["headers"].toObject().contains("authorization"));
    }

    void costBasedRoutingSendsEverythingToTheCheaper()
    {
        for (int i = 0; i < 10; ++i) {
            const auto response = post(m_port, "/v1/chat/completions", chatBody("priced"));
            QVERIFY(response);
            QCOMPARE(response->status, 200);
            // The answer names the group the client asked for; the cheaper backend got the call.
            QCOMPARE(response->json()["model"].toString(), QString("priced"));
            QVERIFY(lastRequestAt(m_b)["body"].toString().contains("\"model\":\"cheap\""));
        }
        // By path: health checks and model listing may visit the backends meanwhile.
        auto chats = [](MockBackendThread* mock) {
            return mock->backend()->stats()["requests_by_path"].toObject()["/v1/chat/completions"].toInt();
        };
        QCOMPARE(chats(m_b), 10);
        QCOMPARE(chats(m_a), 0);
    }
};

QTEST_GUILESS_MAIN(TestLiteLlmProviders)
#include "TestLiteLlmProviders.moc"
