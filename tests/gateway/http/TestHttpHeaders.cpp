#include "gateway/http/HttpHeaders.h"
#include "gateway/http/HttpWire.h"

#include <QTest>

using namespace sy;

class TestHttpHeaders : public QObject
{
    Q_OBJECT

private slots:
    void lookupIsCaseInsensitive()
    {
        HttpHeaders h;
        h.add("Content-Type", "application/json");
        QCOMPARE(h.value("content-type"), QByteArray("application/json"));
        QCOMPARE(h.value("CONTENT-TYPE"), QByteArray("application/json"));
        QCOMPARE(h.fields().first().first, QByteArray("content-type"));
        QVERIFY(!h.contains("content-length"));
    }

    // Names are stored lower-cased whichever way they come in: add() may hand out a shared
    // constant for common names, addShared() shares a name it finds lower-case already (tested
    // eight bytes at a time), so every byte at every position goes through both.
    void namesAreStoredLowerCase()
    {
        for (int length = 1; length <= 20; ++length) {
            for (int at = 0; at < length; ++at) {
                for (int c = 1; c < 256; ++c) {
                    QByteArray name(length, 'x');
                    name[at] = char(c);
                    const QByteArray lower = name.toLower(); // Qt lowers ASCII only
                    HttpHeaders h;
                    h.add(name, "1");
                    h.addShared(name, "2");
                    QCOMPARE(h.fields().at(0).first, lower);
                    QCOMPARE(h.fields().at(1).first, lower);
                }
            }
        }
        HttpHeaders common;
        for (const char* name : {"Host", "host", "X-API-Key", "Content-Length", "content-lengthy", "USER-AGENT"})
            common.add(name, "v");
        QCOMPARE(common.fields().at(0).first, QByteArray("host"));
        QCOMPARE(common.fields().at(1).first, QByteArray("host"));
        QCOMPARE(common.fields().at(2).first, QByteArray("x-api-key"));
        QCOMPARE(common.fields().at(3).first, QByteArray("content-length"));
        QCOMPARE(common.fields().at(4).first, QByteArray("content-lengthy"));
        QCOMPARE(common.fields().at(5).first, QByteArray("user-agent"));
    }

    void setReplacesAllValues()
    {
        HttpHeaders h;
        h.add("X-A", "1");
        h.add("x-a", "2");
        QCOMPARE(h.combinedValue("x-a"), QByteArray("1, 2"));
        h.set("X-A", "3");
        QCOMPARE(h.size(), 1);
        QCOMPARE(h.value("x-a"), QByteArray("3"));
    }

    void hasToken_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("expected");
        QTest::newRow("exact") << QByteArray("close") << true;
        QTest::newRow("list") << QByteArray("keep-alive, Close") << true;
        QTest::newRow("absent") << QByteArray("keep-alive") << false;
        QTest::newRow("substring is not a token") << QByteArray("closed") << false;
    }

    void hasToken()
    {
        QFETCH(QByteArray, value);
        QFETCH(bool, expected);
        HttpHeaders h;
        h.add("Connection", value);
        QCOMPARE(h.hasToken("connection", "close"), expected);
    }

    void validation()
    {
        QVERIFY(HttpHeaders::isValidName("x-api-key"));
        QVERIFY(!HttpHeaders::isValidName("bad name"));
        QVERIFY(!HttpHeaders::isValidName(""));
        QVERIFY(HttpHeaders::isValidValue("Bearer sk-1"));
        QVERIFY(!HttpHeaders::isValidValue("a\r\nInjected: 1"));
    }

    void writtenAsOnTheWire()
    {
        const auto wire = [](const HttpHeaders& h) {
            QByteArray out(h.wireSize(), Qt::Uninitialized);
            const char* end = h.writeTo(out.data());
            return end == out.constData() + out.size() ? out : QByteArray("size mismatch");
        };
        HttpHeaders h;
        h.add("A", "1");
        h.add("B", "2");
        QCOMPARE(wire(h), QByteArray("a: 1\r\nb: 2\r\n"));
        HttpHeaders other;
        other.add("Content-Type", "application/json");
        other.add("X-Empty", "");
        QCOMPARE(wire(other), QByteArray("content-type: application/json\r\nx-empty: \r\n"));
    }

    void responseHeads()
    {
        HttpHeaders h;
        h.add("Content-Type", "text/plain");
        QCOMPARE(HttpWire::head(200, h, 5, 5),
                 QByteArray("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\n"));
        QCOMPARE(HttpWire::head(429, {}), QByteArray("HTTP/1.1 429 Too Many Requests\r\n\r\n"));
        QCOMPARE(HttpWire::head(599, {}, 0), QByteArray("HTTP/1.1 599 Error\r\ncontent-length: 0\r\n\r\n"));
        QVERIFY(HttpWire::head(200, h, -1, 4096).capacity() >= 4096); // room for the body to follow
    }
};

QTEST_GUILESS_MAIN(TestHttpHeaders)
#include "TestHttpHeaders.moc"
