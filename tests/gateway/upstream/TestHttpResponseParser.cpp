#include "gateway/upstream/HttpResponseParser.h"

#include <QTest>

using namespace sy;
using Event = HttpResponseParser::Event;

namespace {

struct Outcome
{
    QByteArray result; ///< "complete", "protocol", "truncated" or "needmore"
    int status = 0;
    QByteArray body;
    QByteArray leftover;
    bool keepAlive = false;
    int heads = 0;
    int emptyBodyEvents = 0;
    int nonEmptyInputLeftOnNeedMore = 0;
    HttpHeaders headers;

    bool operator==(const Outcome& o) const
    {
        return result == o.result && status == o.status && body == o.body && leftover == o.leftover
            && keepAlive == o.keepAlive && heads == o.heads && headers.fields() == o.headers.fields();
    }
};

QByteArray describe(const Outcome& o)
{
    return o.result + " status=" + QByteArray::number(o.status) + " body=" + o.body + " leftover=" + o.leftover
        + " keepAlive=" + QByteArray::number(o.keepAlive) + " heads=" + QByteArray::number(o.heads);
}

/** Runs one response through the parser, fed in @p pieces; @p eof: the peer closes afterwards. */
Outcome run(const QList<QByteArrayView>& pieces, bool headRequest, bool eof)
{
    HttpResponseParser parser;
    parser.reset(headRequest);
    Outcome o;
    bool done = false;
    for (QByteArrayView in : pieces) {
        if (done) {
            o.leftover += in.toByteArray();
            continue;
        }
        for (bool more = true; more;) {
            QByteArrayView body;
            switch (parser.parse(in, body)) {
            case Event::Head:
                ++o.heads;
                o.status = parser.status();
                o.headers = parser.headers();
                o.keepAlive = parser.keepAlive();
                break;
            case Event::Body:
                o.emptyBodyEvents += body.isEmpty();
                o.body += body.toByteArray();
                break;
            case Event::NeedMore:
                o.nonEmptyInputLeftOnNeedMore += !in.isEmpty();
                more = false;
                break;
            case Event::Complete:
                o.result = "complete";
                o.leftover += in.toByteArray();
                done = true;
                more = false;
                break;
            case Event::Error:
                o.result = parser.errorKind() == HttpResponseParser::ErrorKind::Truncated ? "truncated" : "protocol";
                return o;
            }
        }
    }
    if (!done) {
        if (!eof)
            o.result = "needmore";
        else if (parser.finish() == Event::Complete)
            o.result = "complete";
        else
            o.result = parser.errorKind() == HttpResponseParser::ErrorKind::Truncated ? "truncated" : "protocol";
    }
    return o;
}

} // namespace

class TestHttpResponseParser : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void headersAreLowerCasedAndTrimmed();
    void contentLengthBodyIsAViewIntoTheInput();
    void parserIsReusableAfterReset();
    void errorIsSticky();
};

void TestHttpResponseParser::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("headRequest");
    QTest::addColumn<bool>("eof");
    QTest::addColumn<QByteArray>("result");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("keepAlive");
    QTest::addColumn<QByteArray>("leftover");

    const QByteArray ok = "HTTP/1.1 200 OK\r\n";
    QTest::newRow("content-length") << ok + "Content-Length: 5\r\n\r\nhello" << false << false << QByteArray("complete")
                                    << 200 << QByteArray("hello") << true << QByteArray();
    QTest::newRow("content-length, connection close")
        << ok + "Content-Length: 2\r\nConnection: close\r\n\r\nhi" << false << false << QByteArray("complete") << 200
        << QByteArray("hi") << false << QByteArray();
    QTest::newRow("content-length zero") << ok + "Content-Length: 0\r\n\r\n"
                                         << false << false << QByteArray("complete") << 200 << QByteArray() << true
                                         << QByteArray();
    QTest::newRow("repeated equal content-length")
        << ok + "Content-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc" << false << false << QByteArray("complete")
        << 200 << QByteArray("abc") << true << QByteArray();
    QTest::newRow("bytes after the response are left over")
        << ok + "Content-Length: 2\r\n\r\nokEXTRA" << false << false << QByteArray("complete") << 200
        << QByteArray("ok") << true << QByteArray("EXTRA");
    QTest::newRow("chunked with extensions and trailers")
        << ok
            + "Transfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6 ; x=\"y\"\r\n world\r\n"
              "0;last\r\nX-Trailer: 1\r\nX-Other: 2\r\n\r\n"
        << false << false << QByteArray("complete") << 200 << QByteArray("hello world") << true << QByteArray();
    QTest::newRow("chunked upper-case hex, bare LF")
        << ok + "Transfer-Encoding: Chunked\r\n\r\nA\nabcdefghij\n0\n\n"
        << false << false << QByteArray("complete") << 200 << QByteArray("abcdefghij") << true << QByteArray();
    QTest::newRow("until close, HTTP/1.0")
        << QByteArray("HTTP/1.0 200 OK\r\n\r\nstream until close") << false << true << QByteArray("complete") << 200
        << QByteArray("stream until close") << false << QByteArray();
    QTest::newRow("until close, HTTP/1.1 without length") << ok + "\r\nabc" << false << true << QByteArray("complete")
                                                          << 200 << QByteArray("abc") << false << QByteArray();
    QTest::newRow("HTTP/1.0 explicit keep-alive")
        << QByteArray("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx") << false << false
        << QByteArray("complete") << 200 << QByteArray("x") << true << QByteArray();
    QTest::newRow("HTTP/1.0 without keep-alive")
        << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx") << false << false << QByteArray("complete")
        << 200 << QByteArray("x") << false << QByteArray();
    QTest::newRow("1xx then 200") << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
                                                "Link: </a>\r\n\r\n")
            + ok + "Content-Length: 2\r\n\r\nok"
                                  << false << false << QByteArray("complete") << 200 << QByteArray("ok") << true
                                  << QByteArray();
    QTest::newRow("HEAD has no body") << ok + "Content-Length: 100\r\n\r\n"
                                      << true << false << QByteArray("complete") << 200 << QByteArray() << true
                                      << QByteArray();
    QTest::newRow("204 has no body") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << false << false
                                     << QByteArray("complete") << 204 << QByteArray() << true << QByteArray();
    QTest::newRow("304 has no body") << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n") << false
                                     << false << QByteArray("complete") << 304 << QByteArray() << true << QByteArray();
    QTest::newRow("status without reason") << QByteArray("HTTP/1.1 503\r\nContent-Length: 0\r\n\r\n") << false << false
                                           << QByteArray("complete") << 503 << QByteArray() << true << QByteArray();
    QTest::newRow("incomplete head") << ok + "Content-Le" << false << false << QByteArray("needmore") << 0
                                     << QByteArray() << false << QByteArray();

    QTest::newRow("garbage") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << false << false << QByteArray("protocol")
                             << 0 << QByteArray() << false << QByteArray();
    QTest::newRow("garbage without line end") << QByteArray("<html>") << false << false << QByteArray("protocol") << 0
                                              << QByteArray() << false << QByteArray();
    QTest::newRow("empty head") << QByteArray("\r\n\r\n") << false << false << QByteArray("protocol") << 0
                                << QByteArray() << false << QByteArray();
    QTest::newRow("HTTP/2 status line") << QByteArray("HTTP/2 200\r\n\r\n") << false << false << QByteArray("protocol")
                                        << 0 << QByteArray() << false << QByteArray();
    QTest::newRow("bad status code") << QByteArray("HTTP/1.1 2000 OK\r\n\r\n") << false << false
                                     << QByteArray("protocol") << 0 << QByteArray() << false << QByteArray();
    QTest::newRow("101 unasked") << QByteArray("HTTP/1.1 101 Switching Protocols\r\n\r\n") << false << false
                                 << QByteArray("protocol") << 0 << QByteArray() << false << QByteArray();
    QTest::newRow("obs-fold") << ok + "X-A: 1\r\n  folded\r\n\r\n"
                              << false << false << QByteArray("protocol") << 0 << QByteArray() << false << QByteArray();
    QTest::newRow("space before colon") << ok + "X-A : 1\r\n\r\n"
                                        << false << false << QByteArray("protocol") << 0 << QByteArray() << false
                                        << QByteArray();
    QTest::newRow("bad chunk size") << ok + "Transfer-Encoding: chunked\r\n\r\nzz\r\n"
                                    << false << false << QByteArray("protocol") << 200 << QByteArray() << true
                                    << QByteArray();
    QTest::newRow("empty chunk size") << ok + "Transfer-Encoding: chunked\r\n\r\n;ext\r\n"
                                      << false << false << QByteArray("protocol") << 200 << QByteArray() << true
                                      << QByteArray();
    QTest::newRow("huge chunk size") << ok + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n"
                                     << false << false << QByteArray("protocol") << 200 << QByteArray() << true
                                     << QByteArray();
    QTest::newRow("chunk without CRLF") << ok + "Transfer-Encoding: chunked\r\n\r\n2\r\nabX" << false << false
                                        << QByteArray("protocol") << 200 << QByteArray("ab") << true << QByteArray();
    QTest::newRow("chunk followed by CR CR")
        << ok + "Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\r\n0\r\n\r\n"
        << false << false << QByteArray("protocol") << 200 << QByteArray("ab") << true << QByteArray();
    QTest::newRow("conflicting content-length")
        << ok + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello" << false << false << QByteArray("protocol") << 0
        << QByteArray() << false << QByteArray();
    QTest::newRow("invalid content-length")
        << ok + "Content-Length: 5x\r\n\r\n"
        << false << false << QByteArray("protocol") << 0 << QByteArray() << false << QByteArray();
    QTest::newRow("transfer-encoding and content-length")
        << ok + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
        << false << false << QByteArray("protocol") << 0 << QByteArray() << false << QByteArray();
    QTest::newRow("unknown transfer coding")
        << ok + "Transfer-Encoding: gzip\r\n\r\n"
        << false << false << QByteArray("protocol") << 0 << QByteArray() << false << QByteArray();
    QTest::newRow("oversized head") << ok + "X-Big: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n"
                                    << false << false << QByteArray("protocol") << 0 << QByteArray() << false
                                    << QByteArray();
    QTest::newRow("oversized trailers") << ok
            + "Transfer-Encoding: chunked\r\n\r\n0\r\nX-Big: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n"
                                        << false << false << QByteArray("protocol") << 200 << QByteArray() << true
                                        << QByteArray();

    QTest::newRow("eof before anything") << QByteArray() << false << true << QByteArray("truncated") << 0
                                         << QByteArray() << false << QByteArray();
    QTest::newRow("eof inside head") << ok + "Content-Length: 3\r\n"
                                     << false << true << QByteArray("truncated") << 0 << QByteArray() << false
                                     << QByteArray();
    QTest::newRow("eof inside content-length body")
        << ok + "Content-Length: 10\r\n\r\nabc" << false << true << QByteArray("truncated") << 200 << QByteArray("abc")
        << true << QByteArray();
    QTest::newRow("eof inside chunked body")
        << ok + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"
        << false << true << QByteArray("truncated") << 200 << QByteArray("abc") << true << QByteArray();
}

void TestHttpResponseParser::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, headRequest);
    QFETCH(bool, eof);
    QFETCH(QByteArray, result);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, keepAlive);
    QFETCH(QByteArray, leftover);

    const Outcome whole = run({input}, headRequest, eof);
    QCOMPARE(whole.result, result);
    QCOMPARE(whole.status, status);
    QCOMPARE(whole.body, body);
    QCOMPARE(whole.keepAlive, keepAlive);
    QCOMPARE(whole.leftover, leftover);
    QCOMPARE(whole.emptyBodyEvents, 0);
    QCOMPARE(whole.nonEmptyInputLeftOnNeedMore, 0);
    QVERIFY(whole.heads <= 1);

    // Any split must give the same answer. Big inputs get a sample of split points.
    const QByteArrayView view(input);
    const qsizetype step = input.size() < 2048 ? 1 : input.size() / 97;
    for (qsizetype at = 1; at < input.size(); at += step) {
        const Outcome split = run({view.first(at), view.sliced(at)}, headRequest, eof);
        if (!(split == whole))
            QFAIL(QByteArray("split at " + QByteArray::number(at) + ": " + describe(split)).constData());
    }
    if (input.size() < 4096) {
        QList<QByteArrayView> bytes;
        for (qsizetype i = 0; i < input.size(); ++i)
            bytes.append(view.sliced(i, 1));
        const Outcome single = run(bytes, headRequest, eof);
        QVERIFY2(single == whole, describe(single).constData());
    }
}

void TestHttpResponseParser::headersAreLowerCasedAndTrimmed()
{
    const Outcome o = run({"HTTP/1.1 200 OK\r\nContent-Type:  text/event-stream \t\r\nX-Empty:\r\n"
                           "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n"},
                          false,
                          false);
    QCOMPARE(o.result, QByteArray("complete"));
    QCOMPARE(o.headers.size(), 5);
    QCOMPARE(o.headers.fields().at(0).first, QByteArray("content-type"));
    QCOMPARE(o.headers.value("content-type"), QByteArray("text/event-stream"));
    QVERIFY(o.headers.contains("x-empty"));
    QCOMPARE(o.headers.value("x-empty"), QByteArray());
    QCOMPARE(o.headers.combinedValue("set-cookie"), QByteArray("a=1, b=2"));
}

void TestHttpResponseParser::contentLengthBodyIsAViewIntoTheInput()
{
    const QByteArray head = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n";
    const QByteArray rest = "0123456789";
    HttpResponseParser parser;
    parser.reset();
    QByteArrayView in(head), body;
    QCOMPARE(parser.parse(in, body), Event::Head);
    QCOMPARE(parser.framing(), HttpResponseParser::Framing::ContentLength);
    QCOMPARE(parser.parse(in, body), Event::NeedMore);
    in = rest;
    QCOMPARE(parser.parse(in, body), Event::Body);
    QCOMPARE(body.data(), rest.constData()); // no copy
    QCOMPARE(body.size(), rest.size());
    QCOMPARE(parser.parse(in, body), Event::Complete);
    QVERIFY(parser.isComplete());
}

void TestHttpResponseParser::parserIsReusableAfterReset()
{
    HttpResponseParser parser;
    parser.reset();
    QByteArray first = "HTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nx";
    QByteArrayView in(first), body;
    QCOMPARE(parser.parse(in, body), Event::Head);
    QCOMPARE(parser.status(), 404);
    QCOMPARE(parser.parse(in, body), Event::Body);
    QCOMPARE(parser.parse(in, body), Event::Complete);

    parser.reset(true);
    QByteArray second = "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n";
    in = second;
    QCOMPARE(parser.parse(in, body), Event::Head);
    QCOMPARE(parser.status(), 200);
    QCOMPARE(parser.headers().size(), 1);
    QCOMPARE(parser.parse(in, body), Event::Complete);
}

void TestHttpResponseParser::errorIsSticky()
{
    HttpResponseParser parser;
    parser.reset();
    QByteArray garbage = "nonsense";
    QByteArrayView in(garbage), body;
    QCOMPARE(parser.parse(in, body), Event::Error);
    QVERIFY(parser.hasError());
    QVERIFY(!parser.errorString().isEmpty());
    QByteArray valid = "HTTP/1.1 200 OK\r\n\r\n";
    in = valid;
    QCOMPARE(parser.parse(in, body), Event::Error);
    QCOMPARE(parser.finish(), Event::Error);
    QCOMPARE(parser.errorKind(), HttpResponseParser::ErrorKind::Protocol);
}

QTEST_GUILESS_MAIN(TestHttpResponseParser)
#include "TestHttpResponseParser.moc"
