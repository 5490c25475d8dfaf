#include "gateway/cache/ResponseCache.h"
#include "tests/support/ManualClock.h"

#include <QTest>

using namespace sy;
using namespace sy::testing;
using namespace std::chrono_literals;

namespace {

CacheSettings localCache(std::chrono::milliseconds ttl = 60s)
{
    CacheSettings s;
    s.enabled = true;
    s.type = QStringLiteral("local");
    s.ttl = ttl;
    return s;
}

CachedAnswer chatAnswer(const QString& text)
{
    CachedAnswer a;
    a.chat.text = text;
    a.chat.usage = TokenUsage{7, 3};
    return a;
}

std::optional<CachedAnswer>
lookup(ResponseCache& cache, const QByteArray& key, std::optional<std::chrono::milliseconds> maxAge = std::nullopt)
{
    std::optional<CachedAnswer> out;
    bool called = false;
    cache.lookup(key, maxAge, [&](std::optional<CachedAnswer> a) {
        out = std::move(a);
        called = true;
    });
    if (!called)
        qFatal("the in-memory cache did not answer at once");
    return out;
}

} // namespace

class TestResponseCache : public QObject
{
    Q_OBJECT

private slots:
    void chatAnswerSurvivesTheRoundTrip()
    {
        CachedAnswer a;
        a.chat.text = QStringLiteral("Hello \"world\" \u00e9\n");
        a.chat.reasoning = QStringLiteral("thought");
        a.chat.toolCalls
            = {{QStringLiteral("call_1"), QStringLiteral("get_weather"), QStringLiteral("{\"city\":\"Bonn\"}")}};
        a.chat.finishReason = "tool_calls";
        a.chat.stopSequence = QStringLiteral("END");
        a.chat.usage = TokenUsage{11, 22, true, 5, 0};
        a.storedAtMs = 1234;
        const std::optional<CachedAnswer> b = CachedAnswer::parse(a.serialize());
        QVERIFY(b);
        QCOMPARE(b->kind, CachedAnswer::Kind::Chat);
        QCOMPARE(b->chat.text, a.chat.text);
        QCOMPARE(b->chat.reasoning, a.chat.reasoning);
        QCOMPARE(b->chat.toolCalls.size(), 1);
        QCOMPARE(b->chat.toolCalls[0].name, QStringLiteral("get_weather"));
        QCOMPARE(b->chat.toolCalls[0].arguments, QStringLiteral("{\"city\":\"Bonn\"}"));
        QCOMPARE(b->chat.finishReason, QByteArray("tool_calls"));
        QCOMPARE(b->chat.stopSequence, QStringLiteral("END"));
        QCOMPARE(b->chat.usage->promptTokens, 11);
        QCOMPARE(b->chat.usage->completionTokens, 22);
        QCOMPARE(b->chat.usage->cacheReadTokens, 5);
        QVERIFY(b->chat.usage->estimated);
        QCOMPARE(b->storedAtMs, 1234);
    }

    void openAiBodySurvivesTheRoundTrip()
    {
        CachedAnswer a;
        a.kind = CachedAnswer::Kind::OpenAiBody;
        a.body = "{\"object\":\"list\",\"data\":[{\"embedding\":[0.1,-2e-3]}]}";
        const std::optional<CachedAnswer> b = CachedAnswer::parse(a.serialize());
        QVERIFY(b);
        QCOMPARE(b->kind, CachedAnswer::Kind::OpenAiBody);
        QCOMPARE(b->body, a.body);
    }

    void foreignBytesAreNotAnAnswer()
    {
        QVERIFY(!CachedAnswer::parse("not json"));
        QVERIFY(!CachedAnswer::parse("{\"v\":99,\"kind\":\"chat\"}"));
        QVERIFY(!CachedAnswer::parse("{\"v\":1,\"kind\":\"openai_body\",\"body\":3}"));
    }

    void storesAndExpiresWithTheTtl()
    {
        ManualClock clock;
        ResponseCache cache(clock);
        cache.configure(localCache(30s));
        QVERIFY(cache.isEnabled());
        const QByteArray key = cache.storeKey("abc");
        QCOMPARE(key, QByteArray("switchyard:cache:abc"));
        cache.store(key, chatAnswer(QStringLiteral("hi")), std::nullopt);
        QCOMPARE(lookup(cache, key)->chat.text, QStringLiteral("hi"));
        clock.advance(29'000);
        QVERIFY(lookup(cache, key));
        clock.advance(1'000);
        QVERIFY(!lookup(cache, key));
    }

    void aRequestsTtlWins()
    {
        ManualClock clock;
        ResponseCache cache(clock);
        cache.configure(localCache(600s));
        cache.store("k", chatAnswer(QStringLiteral("hi")), 5s);
        clock.advance(5'000);
        QVERIFY(!lookup(cache, "k"));
    }

    void sMaxAgeRefusesOlderAnswers()
    {
        ManualClock clock;
        ResponseCache cache(clock);
        cache.configure(localCache());
        cache.store("k", chatAnswer(QStringLiteral("hi")), std::nullopt);
        clock.advance(10'000);
        QVERIFY(lookup(cache, "k", 10s));
        QVERIFY(!lookup(cache, "k", 9s));
        QVERIFY(lookup(cache, "k")); // the answer is still there for others
    }

    void namespacesKeepKeysApart()
    {
        ManualClock clock;
        ResponseCache cache(clock);
        CacheSettings s = localCache();
        s.ns = QStringLiteral("team-a");
        cache.configure(s);
        QCOMPARE(cache.storeKey("h"), QByteArray("team-a:h"));
        QCOMPARE(cache.storeKey("h", QStringLiteral("mine")), QByteArray("mine:h"));
    }

    void aReloadKeepsEntriesUnlessTheStoreChanges()
    {
        ManualClock clock;
        ResponseCache cache(clock);
        cache.configure(localCache(60s));
        cache.store("k", chatAnswer(QStringLiteral("hi")), std::nullopt);
        cache.configure(localCache(120s)); // another TTL: same store
        QVERIFY(lookup(cache, "k"));
        CacheSettings smaller = localCache();
        smaller.maxBytes = 1024;
        cache.configure(smaller); // other bounds: a new store
        QVERIFY(!lookup(cache, "k"));
        CacheSettings off = smaller;
        off.enabled = false;
        cache.configure(off);
        QVERIFY(!cache.isEnabled());
        QVERIFY(!lookup(cache, "k"));
    }

    void flushAndRemove()
    {
        ManualClock clock;
        ResponseCache cache(clock);
        cache.configure(localCache());
        cache.store(cache.storeKey("a"), chatAnswer(QStringLiteral("1")), std::nullopt);
        cache.store(cache.storeKey("b"), chatAnswer(QStringLiteral("2")), std::nullopt);
        bool removed = false;
        cache.remove({"a"},
                     [&](bool ok, const QString& detail) { removed = ok && detail == QStringLiteral("1 removed"); });
        QVERIFY(removed);
        QVERIFY(!lookup(cache, cache.storeKey("a")));
        bool flushed = false;
        cache.flush([&](bool ok, const QString&) { flushed = ok; });
        QVERIFY(flushed);
        QVERIFY(!lookup(cache, cache.storeKey("b")));
    }
};

QTEST_GUILESS_MAIN(TestResponseCache)
#include "TestResponseCache.moc"
