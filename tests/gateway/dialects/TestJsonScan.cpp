#include "gateway/core/JsonScan.h"

#include <QTest>

using namespace sy;

class TestJsonScan : public QObject
{
    Q_OBJECT

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

    void survivesTruncatedInput()
    {
        // Not valid JSON: the scan must stop, not read past the end.
        for (const QByteArray& json : {QByteArray("{\"model\":\"ab"),
                                       QByteArray("{\"model\""),
                                       QByteArray("{\"content\":\"a\\"),
                                       QByteArray("{")}) {
            JsonScan::topLevel(json, "model");
            JsonScan::stringValueChars(json, "content");
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

QTEST_GUILESS_MAIN(TestJsonScan)
#include "TestJsonScan.moc"
