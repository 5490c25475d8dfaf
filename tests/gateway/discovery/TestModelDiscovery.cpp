#include "gateway/config/ConfigLoader.h"
#include "gateway/discovery/ModelDiscovery.h"
#include "gateway/discovery/ModelListFetch.h"
#include "gateway/upstream/UpstreamClient.h"
#include "tests/support/MockBackendThread.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace sy;
using namespace sy::testing;

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
        QTRY_COMPARE(discovery.effectiveConfig()->groupNames().size(), 4);
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
        QTRY_VERIFY(!discovery.effectiveConfig()->deploymentsOf("b").isEmpty());
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
        QElapsedTimer timer;
        timer.start();
        discovery.refreshNow(5000, [&](std::shared_ptr<const GatewayConfig> config) {
            answered = true;
            QVERIFY(config->groupNames().isEmpty());
        });
        QTRY_VERIFY(answered);
        // Connection refused is an answer: nobody waits for the full 5 s.
        QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
    }

    void refreshesAreRateLimitedButEveryCallerIsAnswered()
    {
        MockBackendThread mock;
        QVERIFY(mock.start());
        UpstreamClient client;
        ModelDiscovery discovery(client);
        discovery.setBaseConfig(load("model_list:\n" + wildcard("*", "lm_studio", mock.port())));
        QTRY_COMPARE(modelListRequests(mock), 1);
        int answered = 0;
        for (int i = 0; i < 20; ++i)
            discovery.refreshNow(3000, [&](std::shared_ptr<const GatewayConfig>) { ++answered; });
        QTRY_COMPARE(answered, 20);
        // One poll a second at most: the 20 refreshes asked within it share one more poll.
        QCOMPARE(modelListRequests(mock), 2);
    }

    void removedTemplatesForgetTheirModels()
    {
        MockBackendThread mock;
        QVERIFY(mock.start());
        UpstreamClient client;
        ModelDiscovery discovery(client);
        discovery.setBaseConfig(load("model_list:\n" + wildcard("*", "lm_studio", mock.port())));
        QTRY_COMPARE(discovery.effectiveConfig()->groupNames(), QStringList{"mock-model"});
        discovery.setBaseConfig(load("model_list: []\n"));
        QVERIFY(!discovery.hasWildcards());
        QVERIFY(discovery.effectiveConfig()->groupNames().isEmpty());
        QVERIFY(discovery.discovered().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestModelDiscovery)
#include "TestModelDiscovery.moc"
