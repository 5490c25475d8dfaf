#include "gateway/http/RequestFramer.h"

#include <QTest>

using namespace sy;

namespace {

// Feeds @p input in pieces of @p piece bytes and records every event as a short string.
QStringList frame(const QByteArray& input, qsizetype piece, RequestFramer::Limits limits = RequestFramer::Limits())
{
    RequestFramer framer(limits);
    QStringList events;
    for (qsizetype offset = 0; offset < input.size(); offset += piece) {
        const QByteArray chunk = input.mid(offset, piece);
        const char* p = chunk.constData();
        qsizetype n = chunk.size();
        for (;;) {
            const auto step = framer.feed(p, n);
            p += step.consumed;
            n -= step.consumed;
            if (step.event == RequestFramer::Event::HeadComplete) {
                const auto& h = framer.head();
                events << QStringLiteral("head %1 %2 1.%3 cl=%4%5%6%7")
                              .arg(QString::fromLatin1(h.method), QString::fromLatin1(h.target))
                              .arg(h.minorVersion)
                              .arg(h.contentLength)
                              .arg(h.chunked ? QStringLiteral(" chunked") : QString())
                              .arg(h.keepAlive ? QString() : QStringLiteral(" close"))
                              .arg(h.expectContinue ? QStringLiteral(" expect") : QString());
            } else if (step.event == RequestFramer::Event::MessageComplete) {
                events << QStringLiteral("done");
            } else if (step.event == RequestFramer::Event::Failed) {
                events << QStringLiteral("fail %1").arg(RequestFramer::statusFor(framer.error()));
                return events;
            } else {
                break;
            }
        }
    }
    return events;
}

} // namespace

class TestRequestFramer : public QObject
{
    Q_OBJECT

private slots:
    void framing_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("get") << QByteArray("GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n")
                             << QStringList{"head GET /v1/models 1.1 cl=0", "done"};
        QTest::newRow("post with body") << QByteArray(
            "POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello")
                                        << QStringList{"head POST /v1/chat/completions 1.1 cl=5", "done"};
        QTest::newRow("bare LF line endings")
            << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << QStringList{"head GET / 1.1 cl=0", "done"};
        QTest::newRow("pipelined") << QByteArray(
            "GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nokGET /c "
            "HTTP/1.0\r\n\r\n")
                                   << QStringList{"head GET /a 1.1 cl=0",
                                                  "done",
                                                  "head POST /b 1.1 cl=2",
                                                  "done",
                                                  "head GET /c 1.0 cl=0 close",
                                                  "done"};
        QTest::newRow("leading CRLF between requests")
            << QByteArray("\r\n\r\nGET / HTTP/1.1\r\n\r\n") << QStringList{"head GET / 1.1 cl=0", "done"};
        QTest::newRow("chunked with extension and trailer") << QByteArray(
            "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\n")
                                                            << QStringList{"head POST /x 1.1 cl=0 chunked", "done"};
        QTest::newRow("connection close") << QByteArray("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
                                          << QStringList{"head GET / 1.1 cl=0 close", "done"};
        QTest::newRow("http/1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                                             << QStringList{"head GET / 1.0 cl=0", "done"};
        QTest::newRow("expect continue") << QByteArray(
            "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx")
                                         << QStringList{"head POST / 1.1 cl=1 expect", "done"};
        QTest::newRow("repeated equal content-length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\nx")
                                                       << QStringList{"head POST / 1.1 cl=1", "done"};

        QTest::newRow("garbage") << QByteArray("NOT HTTP\r\n\r\n") << QStringList{"fail 400"};
        QTest::newRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << QStringList{"fail 400"};
        QTest::newRow("header without colon")
            << QByteArray("GET / HTTP/1.1\r\nBroken\r\n\r\n") << QStringList{"fail 400"};
        QTest::newRow("space before colon")
            << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << QStringList{"fail 400"};
        QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << QStringList{"fail 400"};
        QTest::newRow("conflicting content-length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
            << QStringList{"fail 400"};
        QTest::newRow("negative content-length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << QStringList{"fail 400"};
        // Issue #15: a length that overflows 64 bits must never read as 0 (the body would pass for
        // a second request).
        QTest::newRow("overflowing content-length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 18446744073709551616\r\n\r\n"
                          "GET /smuggled HTTP/1.1\r\n\r\n")
            << QStringList{"fail 400"};
        QTest::newRow("int64 max content-length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 9223372036854775807\r\n\r\n") << QStringList{"fail 400"};
        QTest::newRow("huge chunk size") << QByteArray(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n")
                                         << QStringList{"head POST / 1.1 cl=0 chunked", "fail 400"};
        QTest::newRow("smuggling: te and cl")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            << QStringList{"fail 400"};
        QTest::newRow("unknown transfer coding")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << QStringList{"fail 501"};
        QTest::newRow("bad chunk size") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                        << QStringList{"head POST / 1.1 cl=0 chunked", "fail 400"};
        QTest::newRow("missing CRLF after chunk")
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxy\r\n")
            << QStringList{"head POST / 1.1 cl=0 chunked", "fail 400"};
        QTest::newRow("bare CR in a value")
            << QByteArray("GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n") << QStringList{"fail 400"};
        QTest::newRow("other expectation")
            << QByteArray("POST / HTTP/1.1\r\nExpect: something\r\n\r\n") << QStringList{"fail 417"};
    }

    void framing()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, expected);
        // Every split of the input must give the same events as one read.
        for (qsizetype piece : {input.size(), qsizetype(1), qsizetype(2), qsizetype(7)})
            QCOMPARE(frame(input, piece), expected);
    }

    void limits_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("expected");
        const QByteArray bigHeader = "GET / HTTP/1.1\r\nX-Big: " + QByteArray(200, 'a') + "\r\n\r\n";
        QTest::newRow("head too large") << bigHeader << QStringList{"fail 431"};
        QTest::newRow("declared body too large")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n") << QStringList{"fail 413"};
        QTest::newRow("18-digit content-length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 999999999999999999\r\n\r\n") << QStringList{"fail 413"};
        QTest::newRow("body at the limit")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + QByteArray(100, 'x'))
            << QStringList{"head POST / 1.1 cl=100", "done"};
        QTest::newRow("chunked body too large") << QByteArray(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + QByteArray(64, 'x') + "\r\n40\r\n")
                                                << QStringList{"head POST / 1.1 cl=0 chunked", "fail 413"};
        QTest::newRow("endless line without LF") << QByteArray(500, 'G') << QStringList{"fail 431"};
    }

    void limits()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, expected);
        RequestFramer::Limits limits;
        limits.maxHeadBytes = 128;
        limits.maxBodyBytes = 100;
        QCOMPARE(frame(input, input.size(), limits), expected);
        QCOMPARE(frame(input, 3, limits), expected);
    }

    void statesFollowTheMessage()
    {
        RequestFramer framer;
        QVERIFY(framer.isIdle());
        const QByteArray head = "POST / HTTP/1.1\r\nContent-Length: 4\r\n";
        QCOMPARE(framer.feed(head.constData(), head.size()).event, RequestFramer::Event::NeedMore);
        QVERIFY(framer.isReadingHead());
        QCOMPARE(framer.feed("\r\n", 2).event, RequestFramer::Event::HeadComplete);
        QVERIFY(framer.isReadingBody());
        QCOMPARE(framer.remainingBodyBytes(), 4);
        QCOMPARE(framer.feed("ab", 2).event, RequestFramer::Event::NeedMore);
        QCOMPARE(framer.remainingBodyBytes(), 2);
        const auto step = framer.feed("cdGET", 5);
        QCOMPARE(step.event, RequestFramer::Event::MessageComplete);
        QCOMPARE(step.consumed, 2);
        QVERIFY(framer.isIdle());
    }

    void requestParts_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("query");
        QTest::newRow("origin form") << QByteArray("/v1/models") << QByteArray("/v1/models") << QByteArray();
        QTest::newRow("query") << QByteArray("/api/tags?a=1&b=%2F") << QByteArray("/api/tags")
                               << QByteArray("a=1&b=%2F");
        QTest::newRow("empty query") << QByteArray("/x?") << QByteArray("/x") << QByteArray();
        QTest::newRow("fragment dropped") << QByteArray("/x?q=1#frag") << QByteArray("/x") << QByteArray("q=1");
        QTest::newRow("absolute form") << QByteArray("http://gw:4000/v1/models?x=1") << QByteArray("/v1/models")
                                       << QByteArray("x=1");
        QTest::newRow("absolute form, no path") << QByteArray("http://gw:4000") << QByteArray("/") << QByteArray();
        QTest::newRow("non-ASCII percent-encoded") << QByteArray("/servers/caf\xc3\xa9?n=\xc3\xa9")
                                                   << QByteArray("/servers/caf%C3%A9") << QByteArray("n=%C3%A9");
        QTest::newRow("asterisk form") << QByteArray("*") << QByteArray("*") << QByteArray();
    }

    void requestParts()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, query);
        RequestFramer framer;
        const QByteArray input = "OPTIONS " + target + " HTTP/1.1\r\nHost: gw\r\nX-Case: Value\r\n\r\n";
        QCOMPARE(framer.feed(input.constData(), input.size()).event, RequestFramer::Event::HeadComplete);
        QCOMPARE(framer.feed(nullptr, 0).event, RequestFramer::Event::MessageComplete);
        const HttpRequest request = framer.takeRequest();
        QCOMPARE(request.method, QByteArray("OPTIONS"));
        QCOMPARE(request.path, path);
        QCOMPARE(request.query, query);
        QCOMPARE(request.headers.fields().size(), 2);
        QCOMPARE(request.headers.fields().at(1).first, QByteArray("x-case")); // names lower-cased
        QCOMPARE(request.headers.fields().at(1).second, QByteArray("Value")); // values as sent
    }

    void bodiesAreKeptAndNotCarriedOver()
    {
        RequestFramer framer;
        const QByteArray input = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                                 "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n1\r\nf\r\n0\r\n\r\n"
                                 "GET /c HTTP/1.1\r\n\r\n";
        QList<HttpRequest> requests;
        const char* p = input.constData();
        qsizetype left = input.size();
        for (;;) {
            const auto step = framer.feed(p, left);
            p += step.consumed;
            left -= step.consumed;
            if (step.event == RequestFramer::Event::MessageComplete)
                requests.append(framer.takeRequest());
            else if (step.event != RequestFramer::Event::HeadComplete)
                break;
        }
        QCOMPARE(requests.size(), 3);
        QCOMPARE(requests[0].body, QByteArray("abc"));
        QCOMPARE(requests[1].body, QByteArray("def"));
        QCOMPARE(requests[1].headers.value("transfer-encoding"), QByteArray("chunked"));
        QCOMPARE(requests[2].body, QByteArray());
        QCOMPARE(requests[2].headers.size(), 0);
    }

    void failureIsFinal()
    {
        RequestFramer framer;
        QCOMPARE(framer.feed("BAD\r\n", 5).event, RequestFramer::Event::Failed);
        QCOMPARE(framer.feed("GET / HTTP/1.1\r\n\r\n", 18).event, RequestFramer::Event::Failed);
        QVERIFY(framer.hasFailed());
    }
};

QTEST_GUILESS_MAIN(TestRequestFramer)
#include "TestRequestFramer.moc"
