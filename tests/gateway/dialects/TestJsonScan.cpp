#include "gateway/core/JsonScan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace sy;
using namespace Qt::StringLiterals;

class TestJsonScan : public QObject
{
    Q_OBJECT

private:
    static QJsonValue randomValue(QRandomGenerator& random, int depth);
    static QJsonObject randomObject(QRandomGenerator& random, int depth);
    static qint64 domChars(const QJsonValue& value, const QStringList& keys);
    using Found = QList<std::pair<int, QJsonValue>>; ///< depth and value of each member found
    static void domMembers(const QJsonValue& value, const QStringList& keys, int depth, Found& out);

private slots:
    void findsTopLevelMembersOnly()
    {
        const QByteArray json
            = "{\"a\":{\"model\":\"inner\"},\"s\":\"x\\\"model\\\":1\",\"model\":\"top\",\"n\":[1,{\"model\":2}]}";
        const std::optional<JsonBody::Span> span = JsonScan::topLevel(json, "model");
        QVERIFY(span);
        QCOMPARE(json.sliced(span->begin, span->end - span->begin), QByteArray("\"top\""));
        QCOMPARE(span->type, JsonBody::Type::String);
        QVERIFY(!JsonScan::topLevel(json, "missing"));
        QVERIFY(!JsonScan::topLevel("[1,2]", "model"));
        QCOMPARE(
            JsonScan::replaceTopLevel(json, "model", "\"mine\""),
            QByteArray(
                "{\"a\":{\"model\":\"inner\"},\"s\":\"x\\\"model\\\":1\",\"model\":\"mine\",\"n\":[1,{\"model\":2}]}"));
    }

    void toleratesWhitespace()
    {
        const QByteArray json = "{ \"id\" : 1 ,\n \"model\" :  \"m\" }";
        const auto span = JsonScan::topLevel(json, "model");
        QVERIFY(span);
        QCOMPARE(json.sliced(span->begin, span->end - span->begin), QByteArray("\"m\""));
    }

    void countsStringValueCharacters()
    {
        const QByteArray json = "{\"choices\":[{\"delta\":{\"content\":\"h\\u00e9\\\"o\\n\"}},{\"content\": "
                                "\"ab\"}],\"x\":\"\\\"content\\\":\\\"zz\\\"\"}";
        QCOMPARE(JsonScan::stringValueChars(json, "content"), 5 + 2); // h é " o \n, then ab; never the escaped key
        QCOMPARE(JsonScan::stringValueChars("{\"content\":null}", "content"), 0);
        QCOMPARE(JsonScan::stringValueChars(QByteArray("{\"content\":\"\xc3\xa9t\xc3\xa9\"}"), "content"), 3);
    }

    void severalKeysInOnePassCountWhatADomCounts()
    {
        // The oracle: Qt's DOM, summing the lengths of the decoded string values of members
        // with these names at any depth (BMP text only, where a UTF-16 unit is a code point).
        const QStringList keys{u"content"_s, u"text"_s, u"reasoning_content"_s};
        QRandomGenerator random(20261206);
        for (int round = 0; round < 3000; ++round) {
            const QJsonObject doc = randomObject(random, 0);
            const QByteArray json
                = QJsonDocument(doc).toJson(round % 2 ? QJsonDocument::Compact : QJsonDocument::Indented);
            const qint64 expected = domChars(doc, keys);
            QCOMPARE(JsonScan::stringValueChars(json, {"content", "text", "reasoning_content"}), expected);
            QCOMPARE(JsonScan::stringValueChars(json, "content") + JsonScan::stringValueChars(json, "text")
                         + JsonScan::stringValueChars(json, "reasoning_content"),
                     expected);
        }
    }

    void membersComeWithTheirDepthAndValue()
    {
        const QByteArray json = "{\"usage\":null,\"s\":\"\\\"usage\\\":{}\",\"choices\":[{\"usage\":{\"a\":1}}],"
                                "\"type\":\"usage\",\"usage\" : {\"b\":2}}";
        QList<std::pair<int, QByteArray>> found;
        JsonScan::forEachMember(json, {"usage"}, [&](const JsonScan::Member& m) {
            const std::optional<JsonBody::Span> span = JsonScan::valueSpan(json, m.valueAt);
            found.append({m.depth, span ? json.sliced(span->begin, span->end - span->begin) : QByteArray("?")});
        });
        // Not the escaped key inside "s", nor the string value "usage".
        const QList<std::pair<int, QByteArray>> expected{{1, "null"}, {3, "{\"a\":1}"}, {1, "{\"b\":2}"}};
        QCOMPARE(found, expected);
    }

    void membersAreFoundAsADomFindsThem()
    {
        // The oracle: Qt's DOM, walked in the order toJson() writes (QJsonObject sorts its keys).
        const QStringList keys{u"content"_s, u"text"_s};
        QRandomGenerator random(20261207);
        for (int round = 0; round < 2000; ++round) {
            const QJsonObject doc = randomObject(random, 0);
            const QByteArray json
                = QJsonDocument(doc).toJson(round % 2 ? QJsonDocument::Compact : QJsonDocument::Indented);
            Found expected;
            domMembers(doc, keys, 0, expected);
            Found found;
            JsonScan::forEachMember(json, {"content", "text"}, [&](const JsonScan::Member& m) {
                const std::optional<JsonBody::Span> span = JsonScan::valueSpan(json, m.valueAt);
                const QByteArray value = span ? json.sliced(span->begin, span->end - span->begin) : QByteArray();
                found.append({m.depth, QJsonDocument::fromJson("[" + value + "]").array().first()});
            });
            QCOMPARE(found, expected);
        }
    }

    void theValidatingWalkFindsWhatTheQuickOneFinds()
    {
        // On valid JSON both walks report the same members, in the same order, with the same
        // depth and value; the validating one also says the text is valid, as isValid() does.
        const QByteArrayView keys[] = {"content", "text", "usage"};
        QRandomGenerator random(20261208);
        for (int round = 0; round < 2000; ++round) {
            const QByteArray json = QJsonDocument(randomObject(random, 0))
                                        .toJson(round % 2 ? QJsonDocument::Compact : QJsonDocument::Indented);
            QList<std::tuple<int, int, qsizetype>> quick, validating;
            JsonScan::forEachMember(json, keys, 3, [&](const JsonScan::Member& m) {
                quick.append({m.key, m.depth, m.valueAt});
            });
            const bool valid = JsonScan::forEachMemberIfValid(json, keys, 3, [&](const JsonScan::Member& m) {
                validating.append({m.key, m.depth, m.valueAt});
            });
            QVERIFY(valid);
            QCOMPARE(validating, quick);
        }
    }

    void theValidatingWalkRejectsWhatIsValidRejects()
    {
        const QByteArrayView keys[] = {"model"};
        for (const QByteArray& json : {QByteArray("{\"model\":\"m\",}"),
                                       QByteArray("{\"model\":\"m\"} trailing"),
                                       QByteArray("{\"model\":\"m\""),
                                       QByteArray("[{\"model\":\"m\"}]"),
                                       QByteArray("{\"model\":tru}"),
                                       QByteArray("{\"model\":\"\xff\"}"),
                                       QByteArray("")}) {
            QVERIFY(!JsonBody::isValid(json));
            int reported = 0;
            QVERIFY(!JsonScan::forEachMemberIfValid(json, keys, 1, [&](const JsonScan::Member&) { ++reported; }));
            QVERIFY(reported <= 1);
        }
        int reported = 0;
        QVERIFY(JsonScan::forEachMemberIfValid("{\"model\" : \"m\"}", keys, 1, [&](const JsonScan::Member& m) {
            ++reported;
            QCOMPARE(m.depth, 1);
            QCOMPARE(m.valueAt, 11);
        }));
        QCOMPARE(reported, 1);
    }

    void survivesTruncatedInput()
    {
        // Not valid JSON: the scan must stop, not read past the end.
        for (const QByteArray& json : {QByteArray("{\"model\":\"ab"),
                                       QByteArray("{\"model\""),
                                       QByteArray("{\"content\":\"a\\"),
                                       QByteArray("{")}) {
            JsonScan::topLevel(json, "model");
            JsonScan::stringValueChars(json, "content");
            JsonScan::forEachMember(json, {"model", "content"}, [&](const JsonScan::Member& m) {
                QVERIFY(m.valueAt <= json.size());
                JsonScan::valueSpan(json, m.valueAt);
                JsonScan::stringChars(json, m.valueAt);
            });
        }
    }

    void anUnterminatedKeyOrValueIsNoMember()
    {
        // A backend's event cut inside a key: the key's length came out negative (-1 for `{"`),
        // and slicing with it asserted, or read before the key in a release build (FuzzOpenAiStream).
        for (const QByteArray& json :
             {QByteArray("{\""), QByteArray("{\"a\":1,\""), QByteArray("{ \"a\":{}, \""), QByteArray("{\"mo")})
            QVERIFY2(!JsonScan::topLevel(json, "model"), json.constData());
        // A value cut short: callers slice inside its quotes or brackets (ResponsesFilter).
        for (const QByteArray& json : {QByteArray("{\"id\":\""),
                                       QByteArray("{\"id\":\"resp_1"),
                                       QByteArray("{\"id\":{\"a\":1"),
                                       QByteArray("{\"id\":[1,2")})
            QVERIFY2(!JsonScan::topLevel(json, "id"), json.constData());
        QVERIFY(JsonScan::topLevel("{\"id\":\"\"}", "id"));
        QVERIFY(JsonScan::topLevel("{\"id\":12", "id")); // a number needs no end mark
        QCOMPARE(JsonScan::replaceTopLevel("{\"a\":1,\"", "model", "\"x\""), QByteArray("{\"a\":1,\""));
    }
};

QJsonValue TestJsonScan::randomValue(QRandomGenerator& random, int depth)
{
    static const QStringList texts{u""_s,
                                   u"a"_s,
                                   u"h\u00e9\"o\n"_s,
                                   u"\\"_s,
                                   u"\"content\":\"x\""_s,
                                   u"tab\there"_s,
                                   u"\u0001\u001f"_s,
                                   u"\u20ac uro"_s,
                                   u"text"_s};
    switch (random.bounded(depth > 3 ? 4 : 6)) {
    case 0:
        return texts[random.bounded(int(texts.size()))] + texts[random.bounded(int(texts.size()))];
    case 1:
        return random.bounded(1000);
    case 2:
        return QJsonValue::Null;
    case 3:
        return random.bounded(2) == 1;
    case 4:
        return randomObject(random, depth + 1);
    default: {
        QJsonArray array;
        for (int i = random.bounded(4); i > 0; --i)
            array.append(randomValue(random, depth + 1));
        return array;
    }
    }
}

QJsonObject TestJsonScan::randomObject(QRandomGenerator& random, int depth)
{
    static const QStringList names{
        u"content"_s, u"text"_s, u"reasoning_content"_s, u"contents"_s, u"x"_s, u"delta"_s, u"Content"_s, u"tex"_s};
    QJsonObject object;
    for (int i = random.bounded(5); i > 0; --i)
        object.insert(names[random.bounded(int(names.size()))], randomValue(random, depth));
    return object;
}

qint64 TestJsonScan::domChars(const QJsonValue& value, const QStringList& keys)
{
    qint64 chars = 0;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (keys.contains(it.key()) && it.value().isString())
                chars += it.value().toString().size();
            chars += domChars(it.value(), keys);
        }
    } else if (value.isArray()) {
        for (const QJsonValue& element : value.toArray())
            chars += domChars(element, keys);
    }
    return chars;
}

void TestJsonScan::domMembers(const QJsonValue& value, const QStringList& keys, int depth, Found& out)
{
    // Each enclosing object or array adds one: members of the outermost object are at depth 1.
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (keys.contains(it.key()))
                out.append({depth + 1, it.value()});
            domMembers(it.value(), keys, depth + 1, out);
        }
    } else if (value.isArray()) {
        for (const QJsonValue& element : value.toArray())
            domMembers(element, keys, depth + 1, out);
    }
}

QTEST_GUILESS_MAIN(TestJsonScan)
#include "TestJsonScan.moc"
