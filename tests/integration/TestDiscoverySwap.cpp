#include "IntegrationSupport.h"

#include <QTest>

using namespace sy::testing;

// Issue #15, the latent use-after-free: a request that fell back to a group nobody serves asks
// model discovery once more; the refresh brings a new config, and the request swapped to it while
// the deployment of its first attempt still pointed into the old one, which the swap freed. The
// record of the request then read freed memory (AddressSanitizer stops the gateway on main).
class TestDiscoverySwap : public QObject
{
    Q_OBJECT

private slots:
    void aRefreshDuringAFallbackKeepsTheFirstAttemptsDeployment()
    {
        MockBackendThread failing;
        QVERIFY(failing.start());
        MockBackendThread discovered; // its models appear only once the request is under way
        QVERIFY(discovered.start());
        QVERIFY(!discovered.backend()->setListening(false)); // returns whether it listens
        const QByteArray wildcard = "  - model_name: \"*\"\n    litellm_params:\n      model: openai/*\n"
                                    "      api_base: http://127.0.0.1:"
            + QByteArray::number(discovered.port()) + "/v1\n";
        QByteArray yaml = gatewayConfig(mockModelEntry("first", failing.port()) + wildcard);
        yaml += "router_settings:\n  num_retries: 0\n  fallbacks: [{first: [nobody-serves-this]}]\n";
        GatewayProcess gw;
        const quint16 port = gw.start(yaml);
        QVERIFY2(port, gw.stderrText().constData());
        QVERIFY(discovered.backend()->setListening(true));

        const auto r = post(port, "/v1/chat/completions", chatBody("first", "\"mock\":{\"status\":500}"));
        QVERIFY2(r, gw.stderrText().right(3000).constData()); // no answer: the gateway died
        QVERIFY(r->status >= 400);
        // The discovered model arrived meanwhile, and the gateway goes on serving.
        QTRY_COMPARE_WITH_TIMEOUT(post(port, "/v1/chat/completions", chatBody("mock-model"))->status, 200, 10'000);
        QCOMPARE(post(port, "/v1/chat/completions", chatBody("first"))->status, 200);
        QCOMPARE(gw.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDiscoverySwap)
#include "TestDiscoverySwap.moc"
