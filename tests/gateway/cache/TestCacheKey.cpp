#include "gateway/cache/CacheKey.h"
#include "gateway/cache/CanonicalJson.h"

#include <QTest>

using namespace sy;

namespace {

JsonBody json(const QByteArray& text)
{
    QString error;
    const std::optional<JsonBody> body = JsonBody::parse(text, &error);
    if (!body)
        qFatal("bad JSON in test: %s", qPrintable(error));
    return *body;
}

QByteArray key(const QByteArray& body, const QString& group = QStringLiteral("g"), CacheKey::Options options = {})
{
    return CacheKey::of("chat", group, json(body), options);
}

} // namespace

class TestCacheKey : public QObject
{
    Q_OBJECT

private slots:
    void canonicalFormSortsKeysAndDropsWhitespace()
    {
        QCOMPARE(CanonicalJson::of(json("{ \"b\" : [ 1 , {\"z\":true, \"a\":null} ] ,\n \"a\":\"x\" }")),
                 QByteArray("{\"a\":\"x\",\"b\":[1,{\"a\":null,\"z\":true}]}"));
    }

    void canonicalFormEscapesStringsOneWay()
    {
        // \u0041 and A are the same string; so are \/ and /.
        QCOMPARE(CanonicalJson::of(json("{\"s\":\"\\u0041\\/\\u00e9\"}")),
                 CanonicalJson::of(json("{\"s\":\"A/\xc3\xa9\"}")));
    }

    void lastDuplicateKeyWins()
    {
        QCOMPARE(CanonicalJson::of(json("{\"a\":1,\"b\":2,\"a\":3}")), QByteArray("{\"a\":3,\"b\":2}"));
    }

    void numbersKeepTheirSpelling()
    {
        // Never a false hit: 1 and 1.0 may be different requests to a strict backend.
        QVERIFY(key("{\"temperature\":1}") != key("{\"temperature\":1.0}"));
    }

    void orderAndWhitespaceDoNotMatter()
    {
        QCOMPARE(key("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.2}"),
                 key("{ \"temperature\": 0.2, \"messages\": [ { \"content\": \"hi\", \"role\": \"user\" } ] }"));
    }

    void fieldsThatDoNotChangeTheAnswerAreLeftOut()
    {
        const QByteArray plain = key("{\"messages\":[]}");
        QCOMPARE(key("{\"model\":\"deployment-name\",\"messages\":[]}"), plain);
        QCOMPARE(key("{\"messages\":[],\"stream\":true,\"stream_options\":{\"include_usage\":true}}"), plain);
        QCOMPARE(key("{\"messages\":[],\"user\":\"alice\",\"metadata\":{\"trace\":1}}"), plain);
        QCOMPARE(key("{\"messages\":[],\"cache\":{\"ttl\":5},\"guardrails\":[\"g\"]}"), plain);
    }

    void userAndMetadataCountWhenConfigured()
    {
        const QByteArray body = "{\"messages\":[],\"user\":\"alice\",\"metadata\":{\"trace\":1}}";
        QVERIFY(key(body, "g", {true, false}) != key("{\"messages\":[]}", "g", {true, false}));
        QVERIFY(key(body, "g", {false, true}) != key("{\"messages\":[]}", "g", {false, true}));
    }

    void everyParameterThatChangesTheAnswerCounts_data()
    {
        QTest::addColumn<QByteArray>("other");
        QTest::newRow("message") << QByteArray("{\"messages\":[{\"role\":\"user\",\"content\":\"ho\"}]}");
        QTest::newRow("temperature") << QByteArray(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0}");
        QTest::newRow("max_tokens") << QByteArray(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":5}");
        QTest::newRow("tools") << QByteArray("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[]}");
    }

    void everyParameterThatChangesTheAnswerCounts()
    {
        QFETCH(QByteArray, other);
        QVERIFY(key(other) != key("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    }

    void groupAndOperationCount()
    {
        const JsonBody body = json("{\"input\":\"x\"}");
        QVERIFY(CacheKey::of("embedding", "a", body, {}) != CacheKey::of("embedding", "b", body, {}));
        QVERIFY(CacheKey::of("embedding", "a", body, {}) != CacheKey::of("completion", "a", body, {}));
        // A group name cannot run into the JSON that follows it.
        QVERIFY(CacheKey::canonical("chat", "a\n{", body, {}) != CacheKey::canonical("chat", "a", body, {}));
    }

    void keyIsSha256Hex()
    {
        const QByteArray k = key("{}");
        QCOMPARE(k.size(), 64);
        QVERIFY(QByteArray::fromHex(k).toHex() == k);
    }
};

QTEST_GUILESS_MAIN(TestCacheKey)
#include "TestCacheKey.moc"
