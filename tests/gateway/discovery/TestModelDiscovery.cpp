#include "gateway/config/ConfigLoader.h"
#include "gateway/discovery/ModelDiscovery.h"
#include "gateway/discovery/ModelListFetch.h"
#include "gateway/upstream/UpstreamClient.h"
#include "tests/gateway/support/FakeUpstreamClient.h"
#include "tests/support/ManualClock.h"
#include "tests/support/MockBackendThread.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace sy;
using namespace sy::testing;

namespace {

// Only a guard against hangs: every wait below ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

} // namespace

// Wildcard deployments filled from real backends' model lists, over real sockets.
class TestModelDiscovery : public QObject
{
    Q_OBJECT

private:
    static std::shared_ptr<const GatewayConfig> load(const QByteArray& yaml)
    {
        const ConfigLoadResult r = ConfigLoader().loadYaml(yaml, QStringLiteral("c.yaml"));
        if (!r.ok())
            qWarning().noquote() << r.errorText();
        return r.config;
    }

    static QByteArray wildcard(const QByteArray& name, const QByteArray& provider, quint16 port)
    {
        return "  - model_name: '" + name + "'\n    litellm_params: {model: " + provider
            + "/*, api_base: 'http://127.0.0.1:" + QByteArray::number(port) + "/v1'}\n";
    }

    static qint64 modelListRequests(const MockBackendThread& mock)
    {
        return mock.backend()->stats().value(u"requests_by_path").toObject().value(u"/v1/models").toInteger();
    }

private slots:
    void parsesOpenAiAndOllamaLists()
    {
        QCOMPARE(ModelListFetch::parseModelList(R"({"object":"list","data":[{"id":"a"},{"id":"b"},{"x":1}]})"),
                 QStringList({"a", "b"}));
        QCOMPARE(ModelListFetch::parseModelList(R"({"models":[{"name":"llama3.2:3b"}]})"),
                 QStringList({"llama3.2:3b"}));
        QCOMPARE(ModelListFetch::parseModelList(R"({"data":[]})"), QStringList());
        QVERIFY(!ModelListFetch::parseModelList("<html>not found</html>"));
        QVERIFY(!ModelListFetch::parseModelList(R"({"error":"x"})"));
    }

    void everyReportedModelBecomesAGroup()
    {
        MockBackend::Options options;
        options.models = QStringList{"qwen2.5-7b-instruct", "nomic-embed-text"};
        MockBackendThread mock(options);
        QVERIFY(mock.start());
        UpstreamClient client;
        ModelDiscovery discovery(client);
        QSignalSpy changed(&discovery, &ModelDiscovery::configChanged);
        discovery.setBaseConfig(load("model_list:\n" + wildcard("*", "lm_studio", mock.port())
                                     + wildcard("local/*", "openai", mock.port())));
        QVERIFY(discovery.hasWildcards());
        QTRY_COMPARE_WITH_TIMEOUT(discovery.effectiveConfig()->groupNames().size(), 4, kHangGuardMs);
        const GatewayConfig& c = *discovery.effectiveConfig();
        QCOMPARE(
            c.groupNames(),
            QStringList(
                {"qwen2.5-7b-instruct", "nomic-embed-text", "local/qwen2.5-7b-instruct", "local/nomic-embed-text"}));
        const Deployment* d = c.deploymentsOf("local/nomic-embed-text").constFirst();
        QVERIFY(d->discovered);
        QVERIFY(!d->wildcard);
        QCOMPARE(d->backendModel, QString("nomic-embed-text"));
        QCOMPARE(d->provider, QString("openai"));
        QVERIFY(!changed.isEmpty());
    }

    void aStaticEntryForTheSameModelIsNotDoubled()
    {
        MockBackend::Options options;
        options.models = QStringList{"a", "b"};
        MockBackendThread mock(options);
        QVERIFY(mock.start());
        UpstreamClient client;
        ModelDiscovery discovery(client);
        const QByteArray port = QByteArray::number(mock.port());
        discovery.setBaseConfig(load("model_list:\n  - model_name: a\n    litellm_params: {model: openai/a, "
                                     "api_base: 'http://127.0.0.1:"
                                     + port + "/v1', temperature: 0.2}\n" + wildcard("*", "openai", mock.port())));
        QTRY_VERIFY_WITH_TIMEOUT(!discovery.effectiveConfig()->deploymentsOf("b").isEmpty(), kHangGuardMs);
        QCOMPARE(discovery.effectiveConfig()->deploymentsOf("a").size(), 1);
        QVERIFY(!discovery.effectiveConfig()->deploymentsOf("a").constFirst()->discovered);
    }

    void aDownBackendStillAnswersWaiters()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 deadPort = probe.serverPort();
        probe.close();
        UpstreamClient client;
        ModelDiscovery discovery(client);
        discovery.setBaseConfig(load("model_list:\n" + wildcard("*", "lm_studio", deadPort)));
        bool answered = false;
        // A refused connection is an answer: the waiter is answered by it, never by its time limit
        // (ten minutes, beyond this test's hang guard).
        discovery.refreshNow(600'000, [&](std::shared_ptr<const GatewayConfig> config) {
            answered = true;
            QVERIFY(config->groupNames().isEmpty());
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, kHangGuardMs);
    }

    void refreshesAreRateLimitedButEveryCallerIsAnswered()
    {
        FakeUpstreamClient client;
        ManualClock clock;
        ModelDiscovery discovery(client, clock);
        discovery.setInterval(std::chrono::hours(1)); // no periodic poll during the test
        discovery.setBaseConfig(load("model_list:\n" + wildcard("*", "lm_studio", 1234)));
        QCOMPARE(client.count(), 1); // a new config is polled at once
        QCOMPARE(client.call(0).request.target, QByteArray("/v1/models"));
        client.call(0).reply(200, R"({"data":[{"id":"a"}]})");
        QCOMPARE(discovery.effectiveConfig()->groupNames(), QStringList{"a"});

        // Within a second of that poll, 20 refreshes share one poll, made a second after the last.
        int answered = 0;
        const auto count = [&](std::shared_ptr<const GatewayConfig>) { ++answered; };
        for (int i = 0; i < 20; ++i)
            discovery.refreshNow(600'000, count);
        QCOMPARE(client.count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(client.count(), 2, kHangGuardMs);
        QCOMPARE(answered, 0);
        client.call(1).reply(200, R"({"data":[{"id":"a"},{"id":"b"}]})");
        QCOMPARE(answered, 20);
        QCOMPARE(discovery.effectiveConfig()->groupNames(), (QStringList{"a", "b"}));

        // A second after the last poll, a refresh polls at once; one asked meanwhile joins it.
        clock.advance(1000);
        discovery.refreshNow(600'000, count);
        QCOMPARE(client.count(), 3);
        discovery.refreshNow(600'000, count);
        QCOMPARE(client.count(), 3);
        client.call(2).reply(200, R"({"data":[{"id":"a"}]})");
        QCOMPARE(answered, 22);

        // Less than a second after it, the next one waits for the second to be over.
        clock.advance(999);
        discovery.refreshNow(600'000, count);
        QCOMPARE(client.count(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(client.count(), 4, kHangGuardMs);
        client.call(3).reply(200, R"({"data":[{"id":"a"}]})");
        QCOMPARE(answered, 23);
    }

    void removedTemplatesForgetTheirModels()
    {
        MockBackendThread mock;
        QVERIFY(mock.start());
        UpstreamClient client;
        ModelDiscovery discovery(client);
        discovery.setBaseConfig(load("model_list:\n" + wildcard("*", "lm_studio", mock.port())));
        QTRY_COMPARE_WITH_TIMEOUT(discovery.effectiveConfig()->groupNames(), QStringList{"mock-model"}, kHangGuardMs);
        discovery.setBaseConfig(load("model_list: []\n"));
        QVERIFY(!discovery.hasWildcards());
        QVERIFY(discovery.effectiveConfig()->groupNames().isEmpty());
        QVERIFY(discovery.discovered().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestModelDiscovery)
#include "TestModelDiscovery.moc"
