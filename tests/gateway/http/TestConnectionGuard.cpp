// ConnectionGuard and its WireResponseChannel on a real loopback connection, with the test
// playing the gateway's part (taking each request, then answering it). Deadlines are checked with
// an injected time, so no test waits for a timeout to pass.
#include "gateway/http/ConnectionGuard.h"
#include "gateway/http/HttpWire.h"
#include "gateway/http/ResponseChannel.h"
#include "tests/gateway/http/RequestCollector.h"
#include "tests/gateway/http/TransportListener.h"
#include "tests/support/RawHttpClient.h"

#include <QDeadlineTimer>
#include <QPointer>
#include <QTest>

using namespace sy;
using namespace sy::testing;

namespace {

// Only a guard against hangs: every wait below ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

struct ListenerLog final : IResponseListener
{
    int gone = 0;
    int drained = 0;
    void onClientGone() override { ++gone; }
    void onClientDrained() override { ++drained; }
};

QByteArray request(const QByteArray& path, const QByteArray& extraHeaders = {}, const QByteArray& version = "HTTP/1.1")
{
    return "GET " + path + " " + version + "\r\nHost: gw\r\n" + extraHeaders + "\r\n";
}

HttpHeaders textHeaders()
{
    HttpHeaders h;
    h.add("content-type", "text/plain");
    return h;
}

qint64 now()
{
    return QDeadlineTimer::current().deadline();
}

} // namespace

class TestConnectionGuard : public QObject
{
    Q_OBJECT

public:
    explicit TestConnectionGuard(TransportKind kind)
        : m_server(kind)
    { }

private:
    TransportListener m_server;
    std::unique_ptr<RawHttpClient> m_client;
    QPointer<ClientTransport> m_transport;
    QPointer<ConnectionGuard> m_guard;
    FrontLimits m_limits;
    RequestCollector m_gateway;

    bool open(const FrontLimits& limits = {})
    {
        m_limits = limits;
        m_client = std::make_unique<RawHttpClient>();
        if (!m_client->connectToHost(QHostAddress::LocalHost, m_server.serverPort()))
            return false;
        m_transport = m_server.take(kHangGuardMs);
        if (!m_transport)
            return false;
        m_guard = new ConnectionGuard(m_transport, limits, &m_gateway, m_transport);
        return true;
    }

    // The channel of the next request the guard hands over.
    std::unique_ptr<ResponseChannel> nextChannel() { return m_gateway.take(kHangGuardMs).channel; }

    bool clientClosed() { return m_client->waitForDisconnected(kHangGuardMs); }

private slots:
    void initTestCase() { QVERIFY(m_server.listen(QHostAddress::LocalHost)); }

    void cleanup()
    {
        m_gateway.clear();
        m_client.reset();
        delete m_transport;
    }

    void responsesGoOutInRequestOrder()
    {
        QVERIFY(open());
        const QByteArray first = request("/first");
        const QByteArray second = request("/second");
        m_client->send(first + second);
        RequestCollector::Entry a = m_gateway.take(kHangGuardMs);
        RequestCollector::Entry b = m_gateway.take(kHangGuardMs);
        QVERIFY(a.channel && b.channel && a.channel->slot() != b.channel->slot());
        QCOMPARE(a.request.path, QByteArray("/first"));
        QCOMPARE(b.request.path, QByteArray("/second"));

        // The second answer is ready first: it waits behind the first.
        b.channel->send(200, textHeaders(), "second");
        QCOMPARE(m_guard->openSlots(), 2);
        a.channel->send(200, textHeaders(), "first");
        QCOMPARE(m_guard->openSlots(), 0);
        const auto r1 = m_client->readResponse(kHangGuardMs);
        const auto r2 = m_client->readResponse(kHangGuardMs);
        QVERIFY(r1 && r2);
        QCOMPARE(r1->body, QByteArray("first"));
        QCOMPARE(r2->body, QByteArray("second"));
        QVERIFY(m_client->isConnected()); // keep-alive
    }

    void aFinishedResponseIsNotTheClientLeaving_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<bool>("stream");
        for (const bool stream : {false, true}) {
            const char* kind = stream ? ", streamed" : "";
            QTest::addRow("Connection: close%s", kind) << request("/", "Connection: close\r\n") << stream;
            QTest::addRow("HTTP/1.0%s", kind) << request("/", {}, "HTTP/1.0") << stream;
        }
    }

    void aFinishedResponseIsNotTheClientLeaving()
    {
        // Issue #11: finishing the response closes the connection, and Qt reports the disconnect
        // at once, from inside the close. The listener must not hear of it as a client leaving.
        QFETCH(QByteArray, raw);
        QFETCH(bool, stream);
        QVERIFY(open());
        m_client->send(raw);
        const std::unique_ptr<ResponseChannel> channel = nextChannel();
        QVERIFY(channel);
        ListenerLog listener;
        channel->setListener(&listener);
        if (stream) {
            channel->beginStream(200, textHeaders());
            channel->streamData("data: 1\n\n");
            channel->endStream("data: [DONE]\n\n");
        } else {
            channel->send(200, textHeaders(), "done");
        }
        QVERIFY(channel->closesConnection());
        QVERIFY(clientClosed());
        QVERIFY(m_client->received().contains(stream ? "[DONE]" : "done"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_guard->isConnected(), kHangGuardMs);
        QCOMPARE(listener.gone, 0);
    }

    void theClientLeavingMidResponseIsReported()
    {
        QVERIFY(open());
        const QByteArray raw = request("/");
        m_client->send(raw);
        const std::unique_ptr<ResponseChannel> channel = nextChannel();
        QVERIFY(channel);
        ListenerLog listener;
        channel->setListener(&listener);
        channel->beginStream(200, textHeaders());
        channel->streamData("data: 1\n\n");
        m_client->abort();
        QTRY_COMPARE_WITH_TIMEOUT(listener.gone, 1, kHangGuardMs);
        QVERIFY(!channel->isOpen());
        channel->streamData("data: 2\n\n"); // harmless: nothing is written to a closed connection
        channel->endStream();
        QVERIFY(channel->isFinished());
    }

    void aSlowClientIsToldWhenItCaughtUp()
    {
        QVERIFY(open());
        const QByteArray raw = request("/");
        m_client->send(raw);
        const std::unique_ptr<ResponseChannel> channel = nextChannel();
        QVERIFY(channel);
        ListenerLog listener;
        channel->setListener(&listener);
        channel->beginStream(200, textHeaders());
        // More than the kernel takes at once while the client does not read.
        const QByteArray piece(1024 * 1024, 'x');
        for (int i = 0; i < 64 && channel->pendingBytes() <= 2 * piece.size(); ++i)
            channel->streamData(piece);
        QVERIFY2(channel->pendingBytes() > 2 * piece.size(), "output queues up behind a client that does not read");
        listener.drained = 0;
        // The client reads: the queue drains, and the channel hears of it.
        QTRY_VERIFY_WITH_TIMEOUT(listener.drained > 0, kHangGuardMs);
        channel->endStream();
        const auto response = m_client->readResponse(kHangGuardMs);
        QVERIFY(response && response->complete);
    }

    void requestsArriveWhole()
    {
        QVERIFY(open());
        const QByteArray raw = "POST /v1/chat/completions?stream=1&x=%20y HTTP/1.1\r\nHost: gw\r\n"
                               "Authorization: Bearer sk-1\r\nX-Multi: a\r\nx-multi: b\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n"
                               "7\r\n{\"a\":1,\r\n5;ext\r\n\"b\":2\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n"
                               "GET /health HTTP/1.0\r\n\r\n";
        // Byte by byte for the head, then the rest: a request assembled across many reads.
        for (int i = 0; i < 40; ++i) {
            m_client->send(raw.mid(i, 1));
            QTest::qWait(1);
        }
        m_client->send(raw.mid(40));
        const RequestCollector::Entry post = m_gateway.take(kHangGuardMs);
        const RequestCollector::Entry get = m_gateway.take(kHangGuardMs);
        QVERIFY(post.channel && get.channel);
        QCOMPARE(post.request.method, QByteArray("POST"));
        QCOMPARE(post.request.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(post.request.query, QByteArray("stream=1&x=%20y"));
        QCOMPARE(post.request.headers.value("authorization"), QByteArray("Bearer sk-1"));
        QCOMPARE(post.request.headers.combinedValue("x-multi"), QByteArray("a, b"));
        QVERIFY(!post.request.headers.contains("x-trailer")); // trailers are not header fields
        QCOMPARE(post.request.body, QByteArray("{\"a\":1,\"b\":2}"));
        QCOMPARE(post.request.minorVersion, 1);
        QVERIFY(post.request.keepAlive);
        QVERIFY(post.request.peer.isLoopback());
        QCOMPARE(get.request.method, QByteArray("GET"));
        QCOMPARE(get.request.path, QByteArray("/health"));
        QCOMPARE(get.request.body, QByteArray());
        QCOMPARE(get.request.minorVersion, 0);
        QVERIFY(!get.request.keepAlive);
    }

    void nothingIsReadAfterAClosingAnswer()
    {
        // A handler may answer inside the call; with Connection: close the rest of the pipeline
        // is never handed over, even though it is already in the guard's read.
        QVERIFY(open());
        m_gateway.onRequest([](RequestCollector::Entry& e) { e.channel->send(200, textHeaders(), "bye"); });
        m_client->send(request("/a", "Connection: close\r\n") + request("/b"));
        QVERIFY(clientClosed());
        QCOMPARE(m_gateway.pending(), 1);
        QCOMPARE(m_gateway.take(0).request.path, QByteArray("/a"));
        QVERIFY(m_client->received().endsWith("bye"));
    }

    void whatFollowsAClosingRequestIsNotRead_data()
    {
        QTest::addColumn<QByteArray>("after");
        QTest::newRow("a request") << request("/b");
        QTest::newRow("junk") << QByteArray("NOT HTTP\r\n\r\n");
        QTest::newRow("a request, then junk") << request("/b") + "NOT HTTP\r\n\r\n";
    }

    void whatFollowsAClosingRequestIsNotRead()
    {
        // RFC 9112, 9.6: nothing after a request with Connection: close is processed. What came
        // in the same read neither reaches the gateway nor cuts short (a reset) the answer, which
        // comes later, as answers do (not inside the call).
        QFETCH(QByteArray, after);
        QVERIFY(open());
        m_client->send(request("/a", "Connection: close\r\n") + after);
        RequestCollector::Entry first = m_gateway.take(kHangGuardMs);
        QVERIFY(first.channel);
        QCOMPARE(first.request.path, QByteArray("/a"));
        QCOMPARE(m_gateway.pending(), 0);
        QVERIFY(m_guard);
        first.channel->send(200, textHeaders(), "bye");
        QVERIFY(clientClosed());
        QVERIFY2(m_client->received().startsWith("HTTP/1.1 200"), m_client->received().constData());
        QVERIFY(m_client->received().endsWith("bye"));
        QCOMPARE(m_gateway.pending(), 0);
    }

    void badRequestsAreRefusedByTheGuard_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("head too large") << request("/", "X-Filler: " + QByteArray(2048, 'f') + "\r\n")
                                        << QByteArray("431") << QByteArray("headers_too_large");
        QTest::newRow("body too large") << QByteArray("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 4096\r\n\r\n")
                                        << QByteArray("413") << QByteArray("request_too_large");
        QTest::newRow("unknown transfer coding")
            << QByteArray("POST / HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: gzip\r\n\r\n") << QByteArray("501")
            << QByteArray("unsupported_transfer_encoding");
        QTest::newRow("unknown expectation")
            << request("/", "Expect: magic\r\n") << QByteArray("417") << QByteArray("expectation_failed");
        QTest::newRow("not http") << QByteArray("HELLO\r\n\r\n") << QByteArray("400")
                                  << QByteArray("malformed_http_request");
        QTest::newRow("NUL in a header value") << request("/", QByteArray("X-A: a\0b\r\n", 11)) << QByteArray("400")
                                               << QByteArray("malformed_http_request");
    }

    void badRequestsAreRefusedByTheGuard()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, status);
        QFETCH(QByteArray, code);
        FrontLimits limits;
        limits.maxHeadBytes = 1024;
        limits.maxBodyBytes = 1024;
        QVERIFY(open(limits));
        m_client->send(raw);
        QVERIFY(clientClosed());
        QVERIFY2(m_client->received().startsWith("HTTP/1.1 " + status + ' '), m_client->received().constData());
        QVERIFY2(m_client->received().contains(code), m_client->received().constData());
    }

    void expectContinueIsAnswered()
    {
        QVERIFY(open());
        m_client->send("POST / HTTP/1.1\r\nHost: gw\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        QVERIFY(QTest::qWaitFor([&] { return m_client->received() == HttpWire::kContinue; }, kHangGuardMs));
    }

    void deadlines_data()
    {
        QTest::addColumn<QByteArray>("sent");
        QTest::addColumn<bool>("answered"); ///< a request was answered first: the idle wait is keep-alive
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<QByteArray>("reply"); ///< what the client gets before the close; empty: nothing
        FrontLimits limits;
        QTest::newRow("head") << QByteArray("GET / HTTP/1.1\r\nHo") << false << int(limits.headerTimeout.count())
                              << QByteArray("HTTP/1.1 408 ");
        QTest::newRow("body") << QByteArray("POST / HTTP/1.1\r\nHost: gw\r\nContent-Length: 9\r\n\r\n{\"a\"") << false
                              << int(limits.bodyTimeout.count()) << QByteArray("HTTP/1.1 408 ");
        QTest::newRow("keep-alive") << request("/") << true << int(limits.keepAliveTimeout.count()) << QByteArray();
    }

    void deadlines()
    {
        QFETCH(QByteArray, sent);
        QFETCH(bool, answered);
        QFETCH(int, timeoutMs);
        QFETCH(QByteArray, reply);
        // The deadline is armed between these two readings of the clock: it expires after
        // notBefore + timeout, and by armedBy + timeout at the latest.
        const qint64 notBefore = now();
        QVERIFY(open());
        m_client->send(sent);
        if (answered) {
            const std::unique_ptr<ResponseChannel> channel = nextChannel();
            QVERIFY(channel);
            channel->send(200, textHeaders(), "ok");
            QVERIFY(m_client->readResponse(kHangGuardMs));
        } else {
            QVERIFY(QTest::qWaitFor([&] { return m_guard->bytesReceived() == sent.size(); }, kHangGuardMs));
        }
        const qint64 armedBy = now();
        const QByteArray before = m_client->received();
        m_guard->checkDeadline(notBefore + timeoutMs - 1);
        QVERIFY(m_guard->isConnected());
        m_guard->checkDeadline(armedBy + timeoutMs);
        QVERIFY(clientClosed());
        const QByteArray after = m_client->received().mid(before.size());
        if (reply.isEmpty())
            QCOMPARE(after, QByteArray());
        else
            QVERIFY2(after.startsWith(reply) && after.contains("request_timeout"), after.constData());
    }

    void shutdownClosesIdleConnectionsAndCutsBusyOnes()
    {
        QVERIFY(open());
        m_guard->shutdown();
        QVERIFY(clientClosed());
        QCOMPARE(m_client->received(), QByteArray());

        QVERIFY(open());
        const QByteArray raw = request("/");
        m_client->send(raw);
        const std::unique_ptr<ResponseChannel> channel = nextChannel();
        QVERIFY(channel);
        channel->beginStream(200, textHeaders());
        channel->streamData("partial");
        m_guard->shutdown();
        QVERIFY(clientClosed());
        const auto response = m_client->readResponse(kHangGuardMs);
        QVERIFY2(!response || !response->complete, "a cut response must not look complete");
    }
};

int main(int argc, char** argv)
{
    return runOverEachTransport<TestConnectionGuard>(argc, argv);
}
#include "TestConnectionGuard.moc"
