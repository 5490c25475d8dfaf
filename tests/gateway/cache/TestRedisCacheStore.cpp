#include "gateway/cache/RedisCacheStore.h"
#include "gateway/redis/RedisClient.h"
#include "tests/support/ServerProcess.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

using namespace sy;
using namespace sy::testing;
using namespace std::chrono_literals;

namespace {

RedisSettings settingsFor(quint16 port)
{
    RedisSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = port;
    return s;
}

bool waitConnected(RedisCacheStore& store, bool connected = true)
{
    QElapsedTimer t;
    t.start();
    while (store.isConnected() != connected && t.elapsed() < 10'000)
        QTest::qWait(10);
    return store.isConnected() == connected;
}

struct Got
{
    bool answered = false;
    std::optional<QByteArray> value;
    bool available = false;
};

Got get(RedisCacheStore& store, const QByteArray& key)
{
    Got got;
    store.get(key, [&got](const std::optional<QByteArray>& value, bool available) { got = {true, value, available}; });
    QElapsedTimer t;
    t.start();
    while (!got.answered && t.elapsed() < 5000)
        QTest::qWait(1);
    return got;
}

QString admin(std::function<void(ICacheStore::AdminDone)> call, bool* ok)
{
    std::optional<QString> detail;
    call([&](bool good, const QString& d) {
        *ok = good;
        detail = d;
    });
    QElapsedTimer t;
    t.start();
    while (!detail && t.elapsed() < 5000)
        QTest::qWait(1);
    return detail.value_or(QStringLiteral("(no answer)"));
}

} // namespace

// The Redis store against a real redis-server: what one instance stores another reads, only
// the cache's keys are flushed, and a Redis that goes away turns lookups into quick misses.
class TestRedisCacheStore : public QObject
{
    Q_OBJECT

private:
    RedisServer m_redis;

private slots:
    void initTestCase() { QVERIFY2(m_redis.start(), qPrintable(m_redis.error())); }

    void twoStoresShareAnswers()
    {
        RedisCacheStore a(settingsFor(m_redis.port()));
        RedisCacheStore b(settingsFor(m_redis.port()));
        QVERIFY(waitConnected(a));
        QVERIFY(waitConnected(b));
        a.set("switchyard:cache:shared", "answer", 60s);
        QTRY_COMPARE(get(b, "switchyard:cache:shared").value, QByteArray("answer"));
        const Got miss = get(b, "switchyard:cache:nothing");
        QVERIFY(miss.answered);
        QVERIFY(miss.available);
        QVERIFY(!miss.value);
    }

    void entriesExpireInRedis()
    {
        RedisCacheStore a(settingsFor(m_redis.port()));
        QVERIFY(waitConnected(a));
        a.set("switchyard:cache:short", "v", 50ms);
        QTRY_VERIFY(!get(a, "switchyard:cache:short").value); // Redis's own clock expires it
    }

    void flushRemovesOnlyCacheKeys()
    {
        RedisCacheStore a(settingsFor(m_redis.port()));
        QVERIFY(waitConnected(a));
        for (int i = 0; i < 1200; ++i) // more than one SCAN batch
            a.set("flushtest:cache:f" + QByteArray::number(i), "v", 60s);
        a.set("team:x", "v", 60s);
        a.set("switchyard:key:limits", "v", 60s); // what the shared limits keep
        QTRY_VERIFY(get(a, "flushtest:cache:f1199").value);
        bool ok = false;
        const QString detail = admin(
            [&](ICacheStore::AdminDone done) {
                a.flush({"flushtest:cache:", "team:"}, done);
            },
            &ok);
        QVERIFY2(ok, qPrintable(detail));
        QVERIFY2(detail.startsWith(QStringLiteral("1201 removed")), qPrintable(detail));
        QVERIFY(!get(a, "flushtest:cache:f0").value);
        QVERIFY(!get(a, "team:x").value);
        QCOMPARE(get(a, "switchyard:key:limits").value, QByteArray("v"));
    }

    void pingWritesAndSaysWhere()
    {
        RedisCacheStore a(settingsFor(m_redis.port()));
        QVERIFY(waitConnected(a));
        bool ok = false;
        const QString detail = admin([&](ICacheStore::AdminDone done) { a.ping(done); }, &ok);
        QVERIFY(ok);
        QVERIFY(detail.contains(QString::number(m_redis.port())));
    }

    void redisGoneMeansUnavailableAtOnce()
    {
        RedisServer doomed;
        QVERIFY2(doomed.start(), qPrintable(doomed.error()));
        RedisCacheStore a(settingsFor(doomed.port()));
        QVERIFY(waitConnected(a));
        a.set("switchyard:cache:k", "v", 60s);
        QTRY_VERIFY(get(a, "switchyard:cache:k").value);
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("Redis at .* is unreachable .*responses are served "
                                                               "uncached")));
        doomed.stop();
        QVERIFY(waitConnected(a, false));
        // Answered within the call: nothing waits for a Redis that is not there.
        Got got;
        a.get("switchyard:cache:k", [&got](const std::optional<QByteArray>& value, bool available) {
            got = {true, value, available};
        });
        QVERIFY(got.answered);
        QVERIFY(!got.available);
        QVERIFY(!got.value);
        a.set("switchyard:cache:k2", "v", 60s); // dropped, no error
        bool ok = true;
        admin([&](ICacheStore::AdminDone done) { a.ping(done); }, &ok);
        QVERIFY(!ok);
    }
};

QTEST_GUILESS_MAIN(TestRedisCacheStore)
#include "TestRedisCacheStore.moc"
