#include "gateway/cache/LocalCacheStore.h"
#include "tests/support/ManualClock.h"

#include <QTest>

using namespace sy;
using namespace sy::testing;
using namespace std::chrono_literals;

namespace {

std::optional<QByteArray> get(LocalCacheStore& store, const QByteArray& key)
{
    std::optional<QByteArray> out;
    bool called = false;
    store.get(key, [&](const std::optional<QByteArray>& value, bool available) {
        QVERIFY(available);
        out = value;
        called = true;
    });
    if (!called)
        qFatal("LocalCacheStore::get did not answer at once");
    return out;
}

} // namespace

class TestLocalCacheStore : public QObject
{
    Q_OBJECT

private slots:
    void storesAndExpiresOnTheInjectedClock()
    {
        ManualClock clock;
        LocalCacheStore store(clock, 1 << 20, 0);
        store.set("k", "v", 10s);
        QCOMPARE(get(store, "k"), QByteArray("v"));
        clock.advance(9'999);
        QCOMPARE(get(store, "k"), QByteArray("v"));
        clock.advance(1);
        QCOMPARE(get(store, "k"), std::nullopt);
        QCOMPARE(store.size(), 0); // an expired entry goes when read
        QCOMPARE(store.localBytes(), 0);
    }

    void evictsTheLeastRecentlyUsedWhenFullInBytes()
    {
        ManualClock clock;
        const QByteArray value(1000, 'x');
        const qint64 cost = LocalCacheStore::costOf("a", value);
        LocalCacheStore store(clock, 3 * cost, 0);
        store.set("a", value, 60s);
        store.set("b", value, 60s);
        store.set("c", value, 60s);
        QCOMPARE(store.localBytes(), 3 * cost);
        QVERIFY(get(store, "a")); // a is now the most recently used
        store.set("d", value, 60s); // room for d: b goes
        QVERIFY(get(store, "a"));
        QCOMPARE(get(store, "b"), std::nullopt);
        QVERIFY(get(store, "c"));
        QVERIFY(get(store, "d"));
        QVERIFY(store.localBytes() <= 3 * cost);
    }

    void expiredEntriesGoBeforeLiveOnes()
    {
        ManualClock clock;
        const QByteArray value(1000, 'x');
        LocalCacheStore store(clock, LocalCacheStore::costOf("old", value) + LocalCacheStore::costOf("live", value), 0);
        store.set("old", value, 1s);
        store.set("live", value, 60s);
        QVERIFY(get(store, "old")); // the most recently used, but about to expire
        clock.advance(2000);
        store.set("new", value, 60s);
        QVERIFY(get(store, "live"));
        QVERIFY(get(store, "new"));
    }

    void boundedInEntries()
    {
        ManualClock clock;
        LocalCacheStore store(clock, 1 << 20, 2);
        store.set("a", "1", 60s);
        store.set("b", "2", 60s);
        store.set("c", "3", 60s);
        QCOMPARE(store.size(), 2);
        QCOMPARE(get(store, "a"), std::nullopt);
    }

    void anAnswerLargerThanTheWholeCacheIsNotKept()
    {
        ManualClock clock;
        LocalCacheStore store(clock, 500, 0);
        store.set("small", "v", 60s);
        store.set("big", QByteArray(1000, 'x'), 60s);
        QCOMPARE(get(store, "big"), std::nullopt);
        QVERIFY(get(store, "small")); // and nothing was pushed out for it
    }

    void replacingAKeyKeepsTheCountRight()
    {
        ManualClock clock;
        LocalCacheStore store(clock, 1 << 20, 0);
        store.set("k", "one", 60s);
        store.set("k", "three", 60s);
        QCOMPARE(store.size(), 1);
        QCOMPARE(store.localBytes(), LocalCacheStore::costOf("k", "three"));
        QCOMPARE(get(store, "k"), QByteArray("three"));
    }

    void flushRemovesOnlyTheCachesPrefixes()
    {
        ManualClock clock;
        LocalCacheStore store(clock, 1 << 20, 0);
        store.set("switchyard:cache:a", "1", 60s);
        store.set("team:b", "2", 60s);
        store.set("other:c", "3", 60s);
        QString detail;
        store.flush({"switchyard:cache:", "team:"}, [&](bool ok, const QString& d) {
            QVERIFY(ok);
            detail = d;
        });
        QCOMPARE(detail, QString("2 removed"));
        QCOMPARE(store.size(), 1);
        QVERIFY(get(store, "other:c"));
    }
};

QTEST_GUILESS_MAIN(TestLocalCacheStore)
#include "TestLocalCacheStore.moc"
