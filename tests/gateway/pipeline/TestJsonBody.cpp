#include "gateway/core/JsonBody.h"
#include "gateway/core/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sy;

class TestJsonBody : public QObject
{
    Q_OBJECT

private slots:
    void readsTopLevelMembersOnly()
    {
        const QByteArray body = "{\"messages\":[{\"role\":\"user\",\"content\":\"model\",\"model\":\"inner\"}],"
                                "\"model\" : \"local-llama\",\"stream\":true,\"n\":2}";
        QString error;
        const auto json = JsonBody::parse(body, &error);
        QVERIFY2(json, qPrintable(error));
        QCOMPARE(json->string("model"), QString("local-llama"));
        QCOMPARE(json->boolean("stream"), true);
        QCOMPARE(json->integer("n"), 2);
        QVERIFY(!json->string("role"));
        QCOMPARE(json->raw("messages").first(2), QByteArrayView("[{"));
    }

    void rewritesOnlyTheModelBytes()
    {
        // Odd spacing, key order and number spelling must survive untouched.
        const QByteArray body = "{ \"temperature\": 0.70, \"model\":\"group\" ,\n \"messages\": [ ] }";
        const auto json = JsonBody::parse(body, nullptr);
        QVERIFY(json);
        const QByteArray out = json->withMember("model", JsonBody::quoted("llama-3.1-8b"));
        QCOMPARE(out, QByteArray("{ \"temperature\": 0.70, \"model\":\"llama-3.1-8b\" ,\n \"messages\": [ ] }"));
    }

    void appendsAMissingMember()
    {
        const auto json = JsonBody::parse("{\"a\":1 }", nullptr);
        QCOMPARE(json->withMember("stream_options", "{\"include_usage\":true}"),
                 QByteArray("{\"a\":1 ,\"stream_options\":{\"include_usage\":true}}"));
        const auto empty = JsonBody::parse("{}", nullptr);
        QCOMPARE(empty->withMember("b", "true"), QByteArray("{\"b\":true}"));
    }

    void withMembersChangesEverythingInOneCopy()
    {
        // Both replacements (in either order of the list), an appended member and a default the
        // body lacks; a default it has, or one the changes name, is left alone.
        const auto json = JsonBody::parse("{ \"stream\":true, \"model\":\"group\", \"temperature\":0.5 }", nullptr);
        QVERIFY(json);
        const QByteArray out = json->withMembers(
            {{"stream_options", "{\"include_usage\":true}"}, {"model", "\"llama\""}, {"stream", "true"}},
            {{"temperature", "1"}, {"top_p", "0.9"}, {"model", "\"other\""}});
        QCOMPARE(out,
                 QByteArray("{ \"stream\":true, \"model\":\"llama\", \"temperature\":0.5 ,"
                            "\"stream_options\":{\"include_usage\":true},\"top_p\":0.9}"));
        QVERIFY(JsonBody::parse(out, nullptr));
        const auto empty = JsonBody::parse("{}", nullptr);
        QCOMPARE(empty->withMembers({{"model", "\"m\""}}, {{"n", "1"}}), QByteArray("{\"model\":\"m\",\"n\":1}"));
        QCOMPARE(json->withMembers({}), json->bytes());
    }

    void nestedObject()
    {
        const auto json = JsonBody::parse("{\"stream_options\":{\"include_usage\":false}}", nullptr);
        const auto options = json->object("stream_options");
        QVERIFY(options);
        QCOMPARE(options->boolean("include_usage"), false);
    }

    void decodesEscapes()
    {
        const auto json = JsonBody::parse("{\"m\\u006fdel\":\"a\\\"b\\\\c\\u00e9\\ud83d\\ude00\\n\"}", nullptr);
        QVERIFY(json);
        QCOMPARE(json->string("model"), QString::fromUtf8("a\"b\\c\xc3\xa9\xf0\x9f\x98\x80\n"));
    }

    // Member names are views of the parsed bytes (or of a decoded copy): they stay valid in a
    // copy of the body after the caller's array and the first body are gone or changed.
    void memberNamesLiveAsLongAsTheBody()
    {
        std::optional<JsonBody> kept;
        {
            QByteArray bytes("{\"a\\u0062c\":1,\"model\":\"m\",\"x\\\"y\":{\"n\":2}}");
            const std::optional<JsonBody> parsed = JsonBody::parse(bytes, nullptr);
            QVERIFY(parsed);
            bytes.fill('#');
            kept = parsed;
        }
        QCOMPARE(kept->members().size(), 3);
        QCOMPARE(kept->members()[0].key, QByteArrayView("abc"));
        QCOMPARE(kept->members()[1].key, QByteArrayView("model"));
        QCOMPARE(kept->members()[2].key, QByteArrayView("x\"y"));
        QCOMPARE(kept->integer("abc"), 1);
        QCOMPARE(kept->string("model"), QStringLiteral("m"));
        QCOMPARE(kept->object("x\"y")->integer("n"), 2);
    }

    // Nested objects and arrays are read from text parse() already validated, without checking
    // it again: escaped quotes after runs of backslashes, brackets inside strings, whitespace
    // around every token and escaped names must come out as a strict parse of the same text.
    void nestedValuesAreFoundWithoutASecondParse()
    {
        const QByteArray doc
            = " { \"o\" : { \"a\\\\\" : \"x\\\\\\\"}]\" , \"b\" : [ 1 , \"]\" , { \"c\" : null } ] ,"
              "\"d\\u0065\":-1.5e3 , \"e\":{ } } , \"arr\" : [ {\"k\":\"v\"} , [ ] , \"s\" , true ] } ";
        const auto json = JsonBody::parse(doc, nullptr);
        QVERIFY(json);
        const auto nested = json->object("o");
        const auto strict = JsonBody::parse(json->raw("o").toByteArray(), nullptr);
        QVERIFY(nested);
        QVERIFY(strict);
        QCOMPARE(nested->bytes(), strict->bytes());
        QCOMPARE(nested->members().size(), 4);
        QCOMPARE(nested->members().size(), strict->members().size());
        for (qsizetype i = 0; i < strict->members().size(); ++i) {
            const JsonBody::Member& a = nested->members()[i];
            const JsonBody::Member& b = strict->members()[i];
            QCOMPARE(a.key, b.key);
            QCOMPARE(a.value.begin, b.value.begin);
            QCOMPARE(a.value.end, b.value.end);
            QCOMPARE(a.value.type, b.value.type);
        }
        QCOMPARE(nested->string("a\\"), QStringLiteral("x\\\"}]"));
        QCOMPARE(nested->number("de"), -1500.0);
        QCOMPARE(nested->object("e")->members().size(), 0);
        const QList<JsonBody::Span> b = nested->elements("b");
        QCOMPARE(b.size(), 3);
        QCOMPARE(nested->rawAt(b[1]), QByteArrayView("\"]\""));
        QVERIFY(nested->objectAt(b[2])->has("c"));
        const QList<JsonBody::Span> arr = json->elements("arr");
        QCOMPARE(arr.size(), 4);
        QCOMPARE(arr[0].type, JsonBody::Type::Object);
        QCOMPARE(arr[1].type, JsonBody::Type::Array);
        QCOMPARE(json->elementsAt(arr[1]).size(), 0);
        QCOMPARE(json->stringAt(arr[2]), QStringLiteral("s"));
        QCOMPARE(json->rawAt(arr[3]), QByteArrayView("true"));
        QCOMPARE(json->objectAt(arr[0])->string("k"), QStringLiteral("v"));
        QVERIFY(!json->objectAt(arr[2]));
    }

    void stringBytesAreCheckedAtEveryOffset()
    {
        // Plain ASCII in strings is passed eight bytes at a time: every byte that needs a look
        // (quotes, escapes, control characters, UTF-8), wherever it falls in those words.
        for (int offset = 0; offset < 20; ++offset) {
            const QByteArray plain(offset, 'a');
            const auto parse = [&](const QByteArray& inner) {
                return JsonBody::parse("{\"k\":\"" + plain + inner + plain + "\"}", nullptr);
            };
            const auto escaped = parse("\\n\\\"\\u00e9\xc3\xa9\x7f");
            QVERIFY(escaped);
            QCOMPARE(escaped->string("k"), QString::fromUtf8(plain + "\n\"\xc3\xa9\xc3\xa9\x7f" + plain));
            for (const char* invalid : {"\x01", "\x1f", "\t", "\xc3", "\xff", "\xed\xa0\x80", "\\x", "\""})
                QVERIFY2(!parse(invalid), invalid);
            QVERIFY(!JsonBody::parse("{\"k\":\"" + plain + plain, nullptr)); // unterminated
        }
    }

    void writerQuotesEveryByteRight()
    {
        // Every position of a special byte within and around the eight-byte steps, plain runs of
        // every length, UTF-8 and empty text: what goes in comes back out of a JSON parser.
        QList<QByteArray> texts = {"", "plain", "caf\xc3\xa9 \xe2\x9c\x93 long enough to take several words"};
        for (const char special : {'"', '\\', '\n', '\x01', '\x1f', '\t', '\0'}) {
            for (int length = 1; length <= 20; ++length) {
                for (int at = 0; at < length; ++at) {
                    QByteArray text(length, 'x');
                    text[at] = special;
                    texts.append(text);
                }
            }
        }
        for (int c = 0; c < 0x80; ++c)
            texts.append(QByteArray(1, char(c)));
        for (const QByteArray& text : texts) {
            QByteArray out = "{\"k\":";
            JsonWriter::appendQuoted(out, text);
            out += '}';
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
            QVERIFY2(error.error == QJsonParseError::NoError, out.constData());
            QCOMPARE(doc["k"].toString(), QString::fromUtf8(text));
        }
        // The writer's own buffer: each text as a key and as a value, the buffer growing as it goes.
        JsonWriter all;
        all.beginArray();
        for (const QByteArray& text : texts)
            all.beginObject().key(text).stringUtf8(text).endObject();
        all.endArray();
        QJsonParseError error;
        const QJsonArray written = QJsonDocument::fromJson(all.take(), &error).array();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(written.size(), texts.size());
        for (qsizetype i = 0; i < texts.size(); ++i) {
            const QJsonObject object = written[i].toObject();
            QCOMPARE(object.keys(), QStringList{QString::fromUtf8(texts[i])});
            QCOMPARE(object.begin()->toString(), QString::fromUtf8(texts[i]));
        }
        JsonWriter w;
        w.beginObject().key("n").number(qint64(-1234567890123)).key("s").stringUtf8("a\"b");
        w.key("t").stringUtf8("plain").key("e\"k").beginArray().stringUtf8("x").stringUtf8("y\n").stringUtf8("");
        w.endArray().endObject();
        QCOMPARE(
            w.bytes(),
            QByteArrayView("{\"n\":-1234567890123,\"s\":\"a\\\"b\",\"t\":\"plain\",\"e\\\"k\":[\"x\",\"y\\n\",\"\"]}"));
    }

    void quotedRoundTrips()
    {
        const QString text = QString::fromUtf8("we\"ird\\ \x01 \xc3\xa9");
        const QByteArray doc = "{\"k\":" + JsonBody::quoted(text) + "}";
        QCOMPARE(QJsonDocument::fromJson(doc)["k"].toString(), text);
    }

    void rejectsInvalidJson_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray("");
        QTest::newRow("array") << QByteArray("[1,2]");
        QTest::newRow("truncated") << QByteArray("{\"model\":\"x\"");
        QTest::newRow("trailing comma") << QByteArray("{\"a\":1,}");
        QTest::newRow("single quotes") << QByteArray("{'a':1}");
        QTest::newRow("bare word") << QByteArray("{\"a\":yes}");
        QTest::newRow("leading zero") << QByteArray("{\"a\":01}");
        QTest::newRow("control char") << QByteArray("{\"a\":\"x\ty\"}");
        QTest::newRow("bad escape") << QByteArray("{\"a\":\"\\x\"}");
        QTest::newRow("bad utf8") << QByteArray("{\"a\":\"\xff\"}");
        QTest::newRow("overlong utf8") << QByteArray("{\"a\":\"\xc0\xaf\"}");
        QTest::newRow("garbage after") << QByteArray("{} x");
        QTest::newRow("too deep") << QByteArray("{\"a\":" + QByteArray(300, '[') + QByteArray(300, ']') + "}");
    }

    void rejectsInvalidJson()
    {
        QFETCH(QByteArray, body);
        QString error;
        QVERIFY(!JsonBody::parse(body, &error));
        QVERIFY(error.contains("at byte"));
        QVERIFY(!JsonBody::isValid(body));
    }

    void agreesWithQJsonOnValidDocuments_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("numbers") << QByteArray("{\"a\":[0,-1,1.5,1e10,-2.5E-3]}");
        QTest::newRow("nested") << QByteArray("{\"a\":{\"b\":[{\"c\":null,\"d\":false}]}}");
        QTest::newRow("whitespace") << QByteArray(" \r\n\t{ } ");
        QTest::newRow("unicode") << QByteArray("{\"\xe6\x97\xa5\xe6\x9c\xac\":\"\xf0\x9f\x98\x80\"}");
    }

    void agreesWithQJsonOnValidDocuments()
    {
        QFETCH(QByteArray, body);
        QJsonParseError qtError;
        QJsonDocument::fromJson(body, &qtError);
        QCOMPARE(qtError.error, QJsonParseError::NoError);
        QVERIFY(JsonBody::parse(body, nullptr));
        QVERIFY(JsonBody::isValid(body));
    }
};

QTEST_GUILESS_MAIN(TestJsonBody)
#include "TestJsonBody.moc"
