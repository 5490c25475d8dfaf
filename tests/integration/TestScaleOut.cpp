#include "KeyTestSupport.h"

#include "tests/support/ServerProcess.h"

#include <QTest>

using namespace sy::testing;
using namespace Qt::StringLiterals;

// Two real gateway processes behind one PostgreSQL database and one redis-server: a key made on
// one works on the other, and its limits hold for both together.
namespace {

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

} // namespace

class TestScaleOut : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockBackendThread> m_mock;
    RedisServer m_redis;
    PostgresServer m_postgres;
    QString m_databaseUrl;
    std::unique_ptr<GatewayProcess> m_a;
    std::unique_ptr<GatewayProcess> m_b;

    QByteArray config(const QByteArray& router) const
    {
        return keysConfig(pricedModel("chat", m_mock->port()), "database_url: " + m_databaseUrl.toUtf8(), router);
    }

    QByteArray sharedRouter() const { return "redis_url: redis://127.0.0.1:" + QByteArray::number(m_redis.port()); }

    /** A key made on A, once B has read it back from the shared database. */
    QByteArray keyKnownToBoth(const QJsonObject& request)
    {
        const QByteArray key = generateKey(m_a->port(), request).value(u"key"_s).toString().toUtf8();
        if (key.isEmpty())
            return {};
        // Instances read keys back every couple of seconds; /key/info answers from that copy.
        QDeadlineTimer deadline(kHangGuardMs);
        while (!deadline.hasExpired()) {
            const auto info = adminCall(m_b->port(), "GET", "/key/info?key=" + key);
            if (info && info->status == 200)
                return key;
            QTest::qWait(100);
        }
        return {};
    }

    /** @p count requests at once, split over both instances; how many each answered 200. */
    QPair<int, int> raceBoth(const QByteArray& key, int count)
    {
        std::vector<std::unique_ptr<RawHttpClient>> clients;
        for (int i = 0; i < count; ++i) {
            auto client = std::make_unique<RawHttpClient>();
            if (!client->connectToHost(QHostAddress::LocalHost, i % 2 ? m_b->port() : m_a->port()))
                return {-1, -1};
            clients.push_back(std::move(client));
        }
        for (auto& c : clients)
            c->send(c->buildRequest("POST", "/v1/chat/completions", chatBody("chat"), bearer(key)));
        QPair<int, int> ok{0, 0};
        for (size_t i = 0; i < clients.size(); ++i) {
            const auto r = clients[i]->readResponse();
            if (r && r->status == 200)
                ++(i % 2 ? ok.second : ok.first);
            else if (!r || r->status != 429)
                qWarning("%c: %s", i % 2 ? 'B' : 'A', r ? r->body.constData() : "no answer");
        }
        return ok;
    }

private slots:
    void initTestCase()
    {
        m_mock = std::make_unique<MockBackendThread>();
        QVERIFY(m_mock->start());
        QVERIFY2(m_redis.start(), qPrintable(m_redis.error()));
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        m_databaseUrl = m_postgres.createDatabase(u"scaleout"_s);
        QVERIFY2(!m_databaseUrl.isEmpty(), qPrintable(m_postgres.error()));
    }

    void init()
    {
        m_a = std::make_unique<GatewayProcess>();
        m_b = std::make_unique<GatewayProcess>();
    }

    void cleanup()
    {
        for (auto* g : {&m_a, &m_b}) {
            if (*g && (*g)->isRunning())
                QCOMPARE((*g)->terminate(), 0);
            g->reset();
        }
    }

    void twoInstancesShareOneRpmLimitThroughRedis()
    {
        QVERIFY(m_a->start(config(sharedRouter())));
        QVERIFY(m_b->start(config(sharedRouter())));
        // Each instance gets 10 requests: counting alone, each would admit 6. Then both keep
        // refusing for the rest of the minute.
        const auto [admitted, thenA, thenB] = withinOneMinute([&] {
            const QByteArray key = keyKnownToBoth({{"rpm_limit", 6}});
            if (key.isEmpty())
                return std::make_tuple(QPair<int, int>{-1, -1}, 0, 0);
            const QPair<int, int> raced = raceBoth(key, 20);
            return std::make_tuple(
                raced, chatAs(m_a->port(), key, "chat")->status, chatAs(m_b->port(), key, "chat")->status);
        });
        qInfo("rpm_limit 6 over two instances, 20 racing requests: %d + %d admitted", admitted.first, admitted.second);
        QCOMPARE(admitted.first + admitted.second, 6);
        QCOMPARE(thenA, 429);
        QCOMPARE(thenB, 429);
    }

    void twoInstancesShareOneParallelLimitThroughRedis()
    {
        QVERIFY(m_a->start(config(sharedRouter())));
        QVERIFY(m_b->start(config(sharedRouter())));
        const QByteArray key = keyKnownToBoth({{"max_parallel_requests", 3}});
        QVERIFY(!key.isEmpty());
        std::vector<std::unique_ptr<RawHttpClient>> clients;
        for (int i = 0; i < 8; ++i) {
            clients.push_back(std::make_unique<RawHttpClient>());
            QVERIFY(clients.back()->connectToHost(QHostAddress::LocalHost, i % 2 ? m_b->port() : m_a->port()));
        }
        for (auto& c : clients) {
            c->send(c->buildRequest(
                "POST", "/v1/chat/completions", chatBody("chat", "\"mock\":{\"latency_ms\":3000}"), bearer(key)));
        }
        // They hold their slots for 3 s: far longer than the eight take to arrive.
        int ok = 0;
        for (auto& c : clients) {
            const auto r = c->readResponse();
            ok += r && r->status == 200;
        }
        QCOMPARE(ok, 3);
        // The slots are back for both once those finished (their release reaches Redis a
        // moment after the client has its answer).
        QTRY_COMPARE_WITH_TIMEOUT(chatAs(m_b->port(), key, "chat")->status, 200, kHangGuardMs);
        QTRY_COMPARE_WITH_TIMEOUT(chatAs(m_a->port(), key, "chat")->status, 200, kHangGuardMs);
    }

    void spendFromBothInstancesLandsInOneDatabase()
    {
        QVERIFY(m_a->start(config(sharedRouter())));
        QVERIFY(m_b->start(config(sharedRouter())));
        const QByteArray key = keyKnownToBoth({{"key_alias", "shared-spend"}});
        QVERIFY(!key.isEmpty());
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(chatAs(m_a->port(), key, "chat")->status, 200);
            QCOMPARE(chatAs(m_b->port(), key, "chat")->status, 200);
        }
        // Stopping both flushes their records; each instance's spend is in the shared row.
        QCOMPARE(m_a->terminate(), 0);
        QCOMPARE(m_b->terminate(), 0);
        m_a = std::make_unique<GatewayProcess>(); // a new process reports a new port
        QVERIFY(m_a->start(config(sharedRouter())));
        const auto info = adminCall(m_a->port(), "GET", "/key/info?key=" + key);
        QCOMPARE(info->status, 200);
        const double spend = info->json().value(u"info"_s).toObject().value(u"spend"_s).toDouble();
        QVERIFY2(qAbs(spend - 6 * kRequestCost) < 1e-9, QByteArray::number(spend).constData());
        const auto logs = adminCall(m_a->port(), "GET", "/spend/logs?api_key=" + tokenOf(key).toUtf8());
        QCOMPARE(logs->status, 200);
        QCOMPARE(QJsonDocument::fromJson(logs->body).array().size(), 6);
    }

    void withoutRedisEachInstanceCountsAloneAndSaysSo()
    {
        // Redis configured but down: both serve, each with its own counters, and say so loudly.
        const QByteArray router = "redis_url: redis://127.0.0.1:" + QByteArray::number(ServerProcess::freePort());
        QVERIFY(m_a->start(config(router)));
        QVERIFY(m_b->start(config(router)));
        const QByteArray key = keyKnownToBoth({{"rpm_limit", 2}});
        QVERIFY(!key.isEmpty());
        const auto [a, b] = raceBoth(key, 8);
        QCOMPARE(a, 2);
        QCOMPARE(b, 2);
        QVERIFY(m_a->terminate() == 0);
        QVERIFY2(m_a->stderrText().contains("unreachable"), m_a->stderrText().constData());
    }
};

QTEST_GUILESS_MAIN(TestScaleOut)
#include "TestScaleOut.moc"
