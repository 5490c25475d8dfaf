#include "gateway/upstream/RequestSerializer.h"

#include <QTest>

using namespace sy;

class TestRequestSerializer : public QObject
{
    Q_OBJECT

private slots:
    void hostField_data();
    void hostField();
    void serializesPost();
    void getWithoutBodyHasNoContentLength();
    void dropsHeadersTheClientOwns();
};

void TestRequestSerializer::hostField_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("http default port") << false << QStringLiteral("example.com") << 80 << QByteArray("example.com");
    QTest::newRow("https default port") << true << QStringLiteral("api.openai.com") << 443
                                        << QByteArray("api.openai.com");
    QTest::newRow("http on 443 keeps the port") << false << QStringLiteral("h") << 443 << QByteArray("h:443");
    QTest::newRow("non-default port") << false << QStringLiteral("127.0.0.1") << 1234 << QByteArray("127.0.0.1:1234");
    QTest::newRow("ipv6 literal") << false << QStringLiteral("::1") << 11434 << QByteArray("[::1]:11434");
    QTest::newRow("ipv6 default port") << true << QStringLiteral("fe80::1") << 443 << QByteArray("[fe80::1]");
    QTest::newRow("idn") << false << QStringLiteral(u"b\u00fccher.example") << 80
                         << QByteArray("xn--bcher-kva.example");
}

void TestRequestSerializer::hostField()
{
    QFETCH(bool, tls);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QByteArray, expected);
    QCOMPARE(RequestSerializer::hostField({tls, host, static_cast<quint16>(port)}), expected);
}

void TestRequestSerializer::serializesPost()
{
    UpstreamRequest request;
    request.origin = {false, QStringLiteral("localhost"), 1234};
    request.target = "/v1/embeddings?x=1";
    request.headers.add("X-Api-Key", "k");
    request.body = "{}";
    QCOMPARE(RequestSerializer::serialize(request),
             QByteArray("POST /v1/embeddings?x=1 HTTP/1.1\r\nHost: localhost:1234\r\nx-api-key: k\r\n"
                        "Content-Length: 2\r\nAccept-Encoding: identity\r\n\r\n{}"));
    request.body.clear();
    QVERIFY(RequestSerializer::serialize(request).contains("\r\nContent-Length: 0\r\n"));
}

void TestRequestSerializer::getWithoutBodyHasNoContentLength()
{
    UpstreamRequest request;
    request.origin = {false, QStringLiteral("localhost"), 80};
    request.method = "GET";
    QCOMPARE(RequestSerializer::serialize(request),
             QByteArray("GET / HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: identity\r\n\r\n"));
}

void TestRequestSerializer::dropsHeadersTheClientOwns()
{
    UpstreamRequest request;
    request.origin = {false, QStringLiteral("h"), 80};
    request.method = "GET";
    for (const char* name : {"Host",
                             "Content-Length",
                             "Connection",
                             "Accept-Encoding",
                             "Transfer-Encoding",
                             "Keep-Alive",
                             "TE",
                             "Upgrade"})
        request.headers.add(name, "evil");
    request.headers.add("Accept", "text/event-stream");
    const QByteArray wire = RequestSerializer::serialize(request);
    QVERIFY2(!wire.contains("evil"), wire.constData());
    QVERIFY(wire.contains("\r\naccept: text/event-stream\r\n"));
}

QTEST_GUILESS_MAIN(TestRequestSerializer)
#include "TestRequestSerializer.moc"
