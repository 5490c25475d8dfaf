#include "IntegrationSupport.h"

#include "tests/support/ServerProcess.h"

#include <QTcpSocket>
#include <QTest>

using namespace sy::testing;
using namespace Qt::StringLiterals;

namespace {

QByteArray body(const QByteArray& text)
{
    return "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
}

} // namespace

// Two real gateway processes with one Redis cache (issue #16), as the seeds run them: a hit on
// one for an answer the other stored; Redis killed mid-run, and both keep serving, uncached.
class TestSharedCache : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockBackendThread> m_mock;
    RedisServer m_redis;
    std::unique_ptr<GatewayProcess> m_a;
    std::unique_ptr<GatewayProcess> m_b;

    /** Inference requests the backend saw (model listings for discovery and health do not count). */
    int backendCalls() const
    {
        const QJsonObject byPath = m_mock->backend()->stats()["requests_by_path"].toObject();
        int n = 0;
        for (auto it = byPath.begin(); it != byPath.end(); ++it)
            n += it.key().endsWith(u"/models") ? 0 : it.value().toInt();
        return n;
    }

    std::optional<RawHttpResponse> chat(GatewayProcess& g, const QByteArray& text)
    {
        return RawHttpClient::fetch(g.port(), "POST", "/v1/chat/completions", body(text), authHeaders());
    }

    /** Whether Redis holds the answer under @p cacheKey (x-litellm-cache-key), asked directly. */
    bool storedInRedis(const QByteArray& cacheKey) const
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_redis.port());
        if (!socket.waitForConnected(5000))
            return false;
        socket.write("EXISTS switchyard:cache:" + cacheKey + "\r\n");
        while (!socket.canReadLine() && socket.waitForReadyRead(5000)) { }
        return socket.readLine().trimmed() == ":1";
    }

private slots:
    void initTestCase()
    {
        m_mock = std::make_unique<MockBackendThread>();
        QVERIFY(m_mock->start());
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        const QByteArray port = QByteArray::number(m_redis.port());
        const QByteArray models = mockModelEntry("chat", m_mock->port());
        // A in LiteLLM's spelling, B in seed 003's own section: one cache all the same.
        m_a = std::make_unique<GatewayProcess>();
        QVERIFY2(m_a->start(gatewayConfig(models)
                            + "litellm_settings:\n  cache: true\n  cache_params: {type: redis, "
                              "host: 127.0.0.1, port: "
                            + port + ", ttl: 3600}\n"),
                 m_a->stderrText().constData());
        m_b = std::make_unique<GatewayProcess>();
        QVERIFY2(m_b->start(gatewayConfig(models)
                            + "cache:\n  type: \"redis\"\n  redis_host: \"127.0.0.1\"\n"
                              "  redis_port: "
                            + port + "\n  redis_db: 0\n  ttl: 3600\n"),
                 m_b->stderrText().constData());
    }

    void cleanupTestCase()
    {
        for (auto* g : {&m_a, &m_b}) {
            if (*g && (*g)->isRunning())
                QCOMPARE((*g)->terminate(), 0);
        }
    }

    void anAnswerStoredByOneIsAHitOnTheOther()
    {
        const int before = backendCalls();
        const auto first = chat(*m_a, "shared between instances");
        QCOMPARE(first->status, 200);
        QCOMPARE(first->header("x-switchyard-cache"), QByteArray("miss"));
        // The store reaches Redis a moment after the client has its answer: wait for it there.
        QTRY_VERIFY(storedInRedis(first->header("x-litellm-cache-key")));
        const auto second = chat(*m_b, "shared between instances");
        QCOMPARE(second->header("x-switchyard-cache"), QByteArray("hit"));
        QCOMPARE(second->header("x-litellm-cache-key"), first->header("x-litellm-cache-key"));
        QCOMPARE(second->json()["choices"].toArray().first().toObject()["message"].toObject()["content"].toString(),
                 QString("tok0 tok1 tok2 tok3 tok4 "));
        QCOMPARE(backendCalls(), before + 1);
        // And the other way round.
        const auto byB = chat(*m_b, "stored by b");
        QCOMPARE(byB->header("x-switchyard-cache"), QByteArray("miss"));
        QTRY_VERIFY(storedInRedis(byB->header("x-litellm-cache-key")));
        QCOMPARE(chat(*m_a, "stored by b")->header("x-switchyard-cache"), QByteArray("hit"));
        QCOMPARE(backendCalls(), before + 2);
        const auto ping = RawHttpClient::fetch(m_a->port(), "GET", "/cache/ping", {}, authHeaders());
        QCOMPARE(ping->json()["cache_type"].toString(), QString("redis"));
        QCOMPARE(ping->json()["status"].toString(), QString("healthy"));
    }

    void redisKilledMidRunServesUncached()
    {
        const auto stored = chat(*m_a, "before the kill");
        QCOMPARE(stored->status, 200);
        QTRY_VERIFY(storedInRedis(stored->header("x-litellm-cache-key")));
        const quint16 port = m_redis.port();
        m_redis.stop(0); // SIGKILL
        // Every request is still answered, by a backend: what Redis held is gone with it.
        const int before = backendCalls();
        for (int i = 0; i < 4; ++i) {
            const auto r = chat(i % 2 ? *m_b : *m_a, "before the kill");
            QCOMPARE(r->status, 200);
            QVERIFY(r->header("x-switchyard-cache") != "hit");
        }
        QCOMPARE(backendCalls(), before + 4);
        QCOMPARE(RawHttpClient::fetch(m_a->port(), "GET", "/cache/ping", {}, authHeaders())->status, 503);
        // Redis back on its port: the instances reconnect on their own and share answers again.
        QVERIFY2(m_redis.start(port), qPrintable(m_redis.error()));
        QTRY_COMPARE(RawHttpClient::fetch(m_b->port(), "GET", "/cache/ping", {}, authHeaders())->status, 200);
        QTRY_COMPARE(RawHttpClient::fetch(m_a->port(), "GET", "/cache/ping", {}, authHeaders())->status, 200);
        const auto again = chat(*m_a, "after the restart");
        QTRY_VERIFY(storedInRedis(again->header("x-litellm-cache-key")));
        QCOMPARE(chat(*m_b, "after the restart")->header("x-switchyard-cache"), QByteArray("hit"));
        QCOMPARE(m_a->terminate(), 0);
        QVERIFY2(m_a->stderrText().contains("responses are served uncached"), m_a->stderrText().constData());
    }
};

QTEST_GUILESS_MAIN(TestSharedCache)
#include "TestSharedCache.moc"
