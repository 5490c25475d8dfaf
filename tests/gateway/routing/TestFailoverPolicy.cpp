#include "gateway/core/ApiError.h"
#include "gateway/core/GatewaySettings.h"
#include "gateway/routing/FailoverPolicy.h"
#include "gateway/routing/SessionAffinity.h"

#include <QTest>

using namespace sy;

class TestFailoverPolicy : public QObject
{
    Q_OBJECT

private slots:
    void classifiesBackendFaults_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        QTest::addColumn<int>("kind"); // -1: not the backend's fault
        QTest::newRow("refused") << 502 << QByteArray("upstream_connect_failed") << int(FailureKind::ConnectFailed);
        QTest::newRow("timeout") << 504 << QByteArray("upstream_timeout") << int(FailureKind::Timeout);
        QTest::newRow("429") << 429 << QByteArray("upstream_error") << int(FailureKind::RateLimited);
        QTest::newRow("500") << 500 << QByteArray("upstream_error") << int(FailureKind::ServerError);
        QTest::newRow("garbage") << 502 << QByteArray("upstream_bad_response") << int(FailureKind::ServerError);
        QTest::newRow("400") << 400 << QByteArray("invalid_request") << -1;
        QTest::newRow("401") << 401 << QByteArray("invalid_api_key") << -1;
        QTest::newRow("404") << 404 << QByteArray("model_not_found") << -1;
    }

    void classifiesBackendFaults()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        QFETCH(int, kind);
        ApiError e;
        e.status = status;
        e.code = code;
        const auto k = FailoverPolicy::classify(e);
        QCOMPARE(k ? int(*k) : -1, kind);
    }

    void recognisesContextWindowErrors_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("expected");
        QTest::newRow("vllm") << "This model's maximum context length is 4096 tokens. However, you requested 5000"
                              << true;
        QTest::newRow("llama.cpp") << "the request exceeds the available context size, try increasing it" << true;
        QTest::newRow("lm studio") << "The number of tokens to keep from the initial prompt is greater than the "
                                      "context length"
                                   << true;
        QTest::newRow("other 400") << "temperature must be between 0 and 2" << false;
    }

    void recognisesContextWindowErrors()
    {
        QFETCH(QString, message);
        QFETCH(bool, expected);
        ApiError e = ApiError::badRequest(message, "upstream_error");
        QCOMPARE(FailoverPolicy::isContextWindowError(e), expected);
        e.status = 500; // only a client error is a context error
        QVERIFY(!FailoverPolicy::isContextWindowError(e));
        QVERIFY(FailoverPolicy::isContextWindowError(ApiError::badRequest("x", "context_length_exceeded")));
    }

    void fallbackLists()
    {
        RoutingSettings r;
        r.fallbacks = {{"gpt-4", {"local-70b", "local-8b"}, 1, 1}};
        r.contextWindowFallbacks = {{"local-8b", {"local-8b-128k"}, 2, 1}};
        r.defaultFallbacks = {"any-local"};
        QCOMPARE(FailoverPolicy::fallbacksFor(r, "gpt-4", false), (QStringList{"local-70b", "local-8b"}));
        QCOMPARE(FailoverPolicy::fallbacksFor(r, "other", false), QStringList{"any-local"});
        QCOMPARE(FailoverPolicy::fallbacksFor(r, "local-8b", true), QStringList{"local-8b-128k"});
        QVERIFY(FailoverPolicy::fallbacksFor(r, "other", true).isEmpty());
    }

    void retryDelaysGrowAndAreCapped()
    {
        QCOMPARE(FailoverPolicy::sameDeploymentDelayMs(1), 250);
        QCOMPARE(FailoverPolicy::sameDeploymentDelayMs(2), 500);
        QCOMPARE(FailoverPolicy::sameDeploymentDelayMs(3), 1000);
        QCOMPARE(FailoverPolicy::sameDeploymentDelayMs(9), FailoverPolicy::kMaxRetryWaitMs);
    }

    void sessionAffinityIsBoundedAndExpires()
    {
        SessionAffinity affinity(2, 1000);
        affinity.remember("chat", "s1", "a", 0);
        affinity.remember("chat", "s2", "b", 0);
        QCOMPARE(affinity.lookup("chat", "s1", 10), QString("a")); // s1 is now the most recent
        affinity.remember("chat", "s3", "c", 20); // evicts s2, the least recently used
        QCOMPARE(affinity.size(), 2);
        QVERIFY(affinity.lookup("chat", "s2", 30).isEmpty());
        QCOMPARE(affinity.lookup("other", "s1", 30), QString()); // per group
        QVERIFY(affinity.lookup("chat", "s3", 2000).isEmpty()); // idle too long
    }
};

QTEST_GUILESS_MAIN(TestFailoverPolicy)
#include "TestFailoverPolicy.moc"
