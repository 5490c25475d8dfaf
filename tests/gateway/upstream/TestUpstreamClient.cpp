#include "gateway/upstream/UpstreamClient.h"

#include "ClientTestSupport.h"
#include "RecordingHandler.h"
#include "ScriptedServer.h"
#include "tests/support/ManualClock.h"

#include <QSslSocket>
#include <QTest>
#include <QTimer>

#include <zlib.h>

using namespace sy;
using namespace sy::test;
using namespace std::chrono_literals;
using Kind = UpstreamError::Kind;
using sy::testing::ManualClock;

namespace {

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

// Lets the pool's sweep timer run (it checks deadlines every 25 ms). Only used before checking
// that nothing happened: on a machine too loaded to run it, the check passes without proving
// much, but it never fails for that.
void letTheSweepRun()
{
    QTest::qWait(100);
}

} // namespace

/** UpstreamClient on the happy path: wire format, pooling, streaming, decoding, pausing, lifetime. */
class TestUpstreamClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void helpers();
    void roundTripWritesExactRequest();
    void handlerIsNeverCalledFromStart();
    void ipv6Origin();
    void hostNameIsLookedUp();
    void requestLargerThanSocketBuffersIsSentWhole();
    void keepAliveReusesOneConnection();
    void headResponseHasNoBodyAndKeepsConnection();
    void connectionCloseIsNotPooled();
    void manyConcurrentCallsGetTheirOwnConnections();
    void maxConnectionsQueuesFifo();
    void maxConnectionsBoundsConcurrency();
    void streamedChunksArriveAsSent();
    void gzipBodyIsDecoded();
    void gzipStreamIsDecodedIncrementally();
    void idleConnectionClosedByServerIsDropped();
    void idleConnectionSendingBytesIsDropped();
    void idleConnectionsExpire();
    void idleConnectionsAreReusedNewestFirst();
    void idleConnectionsBeyondTheLimitAreClosed();
    void abortMidResponse();
    void abortWhileQueued();
    void handlerDeletesCall_data();
    void handlerDeletesCall();
    void pauseAppliesBackPressure();
    void pauseStopsTimeouts();
    void pauseHasADeadline();
    void pauseInHeadHoldsBackTheRest();
    void callOutlivesClient();
    void tlsWithoutVerification();

private:
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<UpstreamClient> m_client;
    ManualClock m_clock; ///< every timeout of the client runs on it

    void makeClient(UpstreamClientOptions options = {})
    {
        options.clock = &m_clock;
        m_client = std::make_unique<UpstreamClient>(options);
    }
};

void TestUpstreamClient::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    makeClient();
}

void TestUpstreamClient::cleanup()
{
    m_client.reset();
    m_server.reset();
}

void TestUpstreamClient::helpers()
{
    UpstreamOrigin origin{true, QStringLiteral("::1"), 8443};
    QCOMPARE(origin.toString(), QStringLiteral("https://[::1]:8443"));
    UpstreamOrigin plain{false, QStringLiteral("localhost"), 1234};
    QCOMPARE(plain.toString(), QStringLiteral("http://localhost:1234"));
    QVERIFY(qHash(origin) != qHash(plain));
    QCOMPARE(qHash(plain), qHash(UpstreamOrigin{false, QStringLiteral("localhost"), 1234}));
    const auto code = [](Kind kind) { return QByteArray(UpstreamError{kind, {}}.code()); };
    QCOMPARE(code(Kind::FirstByteTimeout), QByteArray("first_byte_timeout"));
    QCOMPARE(code(Kind::ResponseTooLarge), QByteArray("response_too_large"));
    QCOMPARE(code(Kind::ConnectFailed), QByteArray("connect_failed"));
}

void TestUpstreamClient::roundTripWritesExactRequest()
{
    m_server->enqueue(ScriptedServer::response("{\"ok\":true}", 201, "Content-Type: application/json\r\n"));
    UpstreamRequest request = makeRequest(m_server->origin(), "{\"model\":\"m\"}");
    request.headers.add("Authorization", "Bearer sk-1");
    RecordingHandler recorder;
    auto call = m_client->start(request, &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.trace(), QByteArray("head data end"));
    QCOMPARE(recorder.status, 201);
    QCOMPARE(recorder.body, QByteArray("{\"ok\":true}"));
    QCOMPARE(recorder.headers.value("content-type"), QByteArray("application/json"));

    const QByteArray expected
        = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_server->port())
        + "\r\ncontent-type: application/json\r\nauthorization: Bearer sk-1\r\nContent-Length: 13\r\n"
          "Accept-Encoding: identity\r\n\r\n{\"model\":\"m\"}";
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().first().raw, expected);
}

void TestUpstreamClient::handlerIsNeverCalledFromStart()
{
    UpstreamRequest request = makeRequest({});
    request.origin.host.clear(); // invalid: fails at once, but must be reported later
    RecordingHandler recorder;
    auto call = m_client->start(request, &recorder);
    QVERIFY(recorder.events.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.errorKind(), Kind::ConnectFailed);
}

void TestUpstreamClient::ipv6Origin()
{
    ScriptedServer v6;
    if (!v6.listen(QHostAddress::LocalHostIPv6))
        QSKIP("no IPv6 loopback here");
    v6.enqueue(ScriptedServer::response("six"));
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(v6.origin()), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.body, QByteArray("six"));
    QVERIFY(v6.requests().first().raw.contains("\r\nHost: [::1]:" + QByteArray::number(v6.port()) + "\r\n"));
}

void TestUpstreamClient::hostNameIsLookedUp()
{
    // "localhost" may resolve to ::1 first, where nothing listens: the next address is tried.
    m_server->enqueue(ScriptedServer::response("by name"));
    UpstreamOrigin origin = m_server->origin();
    origin.host = QStringLiteral("localhost");
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(origin), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.trace(), QByteArray("head data end"));
    QCOMPARE(recorder.body, QByteArray("by name"));
}

void TestUpstreamClient::requestLargerThanSocketBuffersIsSentWhole()
{
    // More than the kernel takes at once: the rest goes out as the server reads.
    QByteArray body(12 * 1024 * 1024, 'x');
    for (qsizetype i = 0; i < body.size(); i += 4096)
        body[i] = char('a' + (i / 4096) % 26);
    m_server->setResponder([](QTcpSocket* socket, const ScriptedServer::Request& request) {
        socket->write(ScriptedServer::response(QByteArray::number(qHash(request.body)) + ' '
                                               + QByteArray::number(request.body.size())));
    });
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(m_server->origin(), body), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.trace(), QByteArray("head data end"));
    QCOMPARE(recorder.body, QByteArray::number(qHash(body)) + ' ' + QByteArray::number(body.size()));
    QCOMPARE(m_client->counters().idleConnections, 1); // and the connection is reusable after
}

void TestUpstreamClient::keepAliveReusesOneConnection()
{
    m_server->enqueue(ScriptedServer::response("one"));
    m_server->enqueue(ScriptedServer::response("two"));
    for (const QByteArray& expected : {QByteArray("one"), QByteArray("two")}) {
        RecordingHandler recorder;
        auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
        QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
        QCOMPARE(recorder.body, expected);
        QCOMPARE(m_client->counters().idleConnections, 1);
    }
    QCOMPARE(m_server->connectionsAccepted(), 1);
    QCOMPARE(m_client->counters().connectionsOpened, 1u);
    QCOMPARE(m_client->counters().connectionsReused, 1u);
    QCOMPARE(m_client->counters().openConnections, 1);
    QCOMPARE(m_server->requests().at(1).indexOnConnection, 1);
}

void TestUpstreamClient::headResponseHasNoBodyAndKeepsConnection()
{
    m_server->enqueue("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
    m_server->enqueue(ScriptedServer::response("after"));
    UpstreamRequest head = makeRequest(m_server->origin(), {});
    head.method = "HEAD";
    RecordingHandler first;
    auto call = m_client->start(head, &first);
    QTRY_VERIFY_WITH_TIMEOUT(first.finished(), kHangGuardMs);
    QCOMPARE(first.trace(), QByteArray("head end"));
    QVERIFY(!m_server->requests().first().raw.contains("Content-Length"));
    RecordingHandler second;
    auto next = m_client->start(makeRequest(m_server->origin()), &second);
    QTRY_VERIFY_WITH_TIMEOUT(second.finished(), kHangGuardMs);
    QCOMPARE(second.body, QByteArray("after"));
    QCOMPARE(m_server->connectionsAccepted(), 1);
}

void TestUpstreamClient::connectionCloseIsNotPooled()
{
    m_server->enqueue(ScriptedServer::response("bye", 200, "Connection: close\r\n"));
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.trace(), QByteArray("head data end"));
    QCOMPARE(m_client->counters().idleConnections, 0);
    QCOMPARE(m_client->counters().openConnections, 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->disconnects(), 1, kHangGuardMs);
}

void TestUpstreamClient::manyConcurrentCallsGetTheirOwnConnections()
{
    // The server answers nobody until all 40 requests are in: a per-host cap would deadlock.
    constexpr int kCalls = 40;
    QList<QTcpSocket*> waiting;
    m_server->setResponder([&waiting](QTcpSocket* socket, const ScriptedServer::Request&) {
        waiting.append(socket);
        if (waiting.size() < kCalls)
            return;
        for (QTcpSocket* s : std::as_const(waiting))
            s->write(ScriptedServer::response("ok"));
    });
    std::vector<RecordingHandler> recorders(kCalls);
    std::vector<std::unique_ptr<IUpstreamCall>> calls;
    for (RecordingHandler& recorder : recorders)
        calls.push_back(m_client->start(makeRequest(m_server->origin()), &recorder));
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(recorders.begin(), recorders.end(), [](const RecordingHandler& r) { return r.finished(); }),
        kHangGuardMs);
    for (const RecordingHandler& recorder : recorders)
        QCOMPARE(recorder.trace(), QByteArray("head data end"));
    QCOMPARE(m_server->maxOpenConnections(), kCalls);
    QCOMPARE(m_client->counters().connectionsOpened, quint64(kCalls));
    QCOMPARE(m_client->counters().idleConnections, kCalls);
}

void TestUpstreamClient::maxConnectionsQueuesFifo()
{
    UpstreamClientOptions options;
    options.maxConnectionsPerOrigin = 1;
    makeClient(options);
    // The first connection closes after one response, so call 1 needs a fresh one; the rest reuse it.
    m_server->enqueue(ScriptedServer::response("0", 200, "Connection: close\r\n"), true);
    for (int i = 1; i < 4; ++i)
        m_server->enqueue(ScriptedServer::response(QByteArray::number(i)));
    std::vector<RecordingHandler> recorders(4);
    std::vector<std::unique_ptr<IUpstreamCall>> calls;
    for (int i = 0; i < 4; ++i)
        calls.push_back(m_client->start(makeRequest(m_server->origin(), QByteArray::number(i)), &recorders[i]));
    QCOMPARE(m_client->counters().queuedCalls, 3);
    QTRY_VERIFY_WITH_TIMEOUT(recorders.back().finished(), kHangGuardMs);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(recorders[i].trace(), QByteArray("head data end"));
        QCOMPARE(m_server->requests().at(i).body, QByteArray::number(i));
    }
    QCOMPARE(m_server->connectionsAccepted(), 2);
    QCOMPARE(m_server->maxOpenConnections(), 1);
    QCOMPARE(m_client->counters().queuedCalls, 0);
}

void TestUpstreamClient::maxConnectionsBoundsConcurrency()
{
    UpstreamClientOptions options;
    options.maxConnectionsPerOrigin = 2;
    makeClient(options);
    int mostOpen = 0;
    m_server->setResponder([](QTcpSocket* socket, const ScriptedServer::Request&) {
        QPointer<QTcpSocket> target(socket);
        QTimer::singleShot(30, socket, [target] { target->write(ScriptedServer::response("ok")); });
    });
    std::vector<RecordingHandler> recorders(6);
    std::vector<std::unique_ptr<IUpstreamCall>> calls;
    for (RecordingHandler& recorder : recorders) {
        recorder.hook = [&](const QByteArray&) { mostOpen = qMax(mostOpen, m_client->counters().openConnections); };
        calls.push_back(m_client->start(makeRequest(m_server->origin()), &recorder));
    }
    QCOMPARE(m_client->counters().queuedCalls, 4);
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(recorders.begin(), recorders.end(), [](const RecordingHandler& r) { return r.finished(); }),
        kHangGuardMs);
    for (const RecordingHandler& recorder : recorders)
        QCOMPARE(recorder.trace(), QByteArray("head data end"));
    QCOMPARE(m_server->connectionsAccepted(), 2);
    QCOMPARE(m_server->maxOpenConnections(), 2);
    QCOMPARE(mostOpen, 2);
}

void TestUpstreamClient::streamedChunksArriveAsSent()
{
    bool firstSeenBeforeSecondSent = false;
    RecordingHandler recorder;
    m_server->setResponder([&](QTcpSocket* socket, const ScriptedServer::Request&) {
        socket->write(chunkedHead() + chunk("data: 1\n\n"));
        QPointer<QTcpSocket> target(socket);
        QTimer::singleShot(200, socket, [&, target] {
            firstSeenBeforeSecondSent = recorder.body == "data: 1\n\n";
            target->write(chunk("data: 2\n\n") + "0\r\n\r\n");
        });
    });
    auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QVERIFY(firstSeenBeforeSecondSent);
    QCOMPARE(recorder.body, QByteArray("data: 1\n\ndata: 2\n\n"));
    QCOMPARE(recorder.chunks.first(), QByteArray("data: 1\n\n"));
    QCOMPARE(recorder.events.last(), QByteArray("end"));
}

void TestUpstreamClient::gzipBodyIsDecoded()
{
    QByteArray plain;
    for (int i = 0; i < 2000; ++i)
        plain += "{\"choices\":[{\"index\":" + QByteArray::number(i) + "}]}\n";
    m_server->enqueue(ScriptedServer::response(gzip(plain), 200, "Content-Encoding: gzip\r\nX-Keep: 1\r\n"));
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.events.last(), QByteArray("end"));
    QVERIFY(recorder.body == plain);
    QVERIFY(!recorder.headers.contains("content-encoding"));
    QVERIFY(!recorder.headers.contains("content-length"));
    QCOMPARE(recorder.headers.value("x-keep"), QByteArray("1"));
    QCOMPARE(m_client->counters().idleConnections, 1);
}

void TestUpstreamClient::gzipStreamIsDecodedIncrementally()
{
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    const auto pack = [&z](const QByteArray& text, int flush) {
        QByteArray out(1024, '\0');
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.constData()));
        z.avail_in = static_cast<uInt>(text.size());
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        deflate(&z, flush);
        out.truncate(out.size() - z.avail_out);
        return out;
    };
    const QByteArray first = pack("data: 1\n\n", Z_SYNC_FLUSH);
    const QByteArray second = pack("data: 2\n\n", Z_FINISH);
    deflateEnd(&z);

    bool decodedBeforeSecond = false;
    RecordingHandler recorder;
    m_server->setResponder([&](QTcpSocket* socket, const ScriptedServer::Request&) {
        socket->write("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(first));
        QPointer<QTcpSocket> target(socket);
        QTimer::singleShot(150, socket, [&, target] {
            decodedBeforeSecond = recorder.body == "data: 1\n\n";
            target->write(chunk(second) + "0\r\n\r\n");
        });
    });
    auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QVERIFY(decodedBeforeSecond);
    QCOMPARE(recorder.body, QByteArray("data: 1\n\ndata: 2\n\n"));
    QCOMPARE(recorder.events.last(), QByteArray("end"));
}

void TestUpstreamClient::idleConnectionClosedByServerIsDropped()
{
    m_server->enqueue(ScriptedServer::response("one"));
    m_server->enqueue(ScriptedServer::response("two"));
    RecordingHandler first;
    auto call1 = m_client->start(makeRequest(m_server->origin()), &first);
    QTRY_VERIFY_WITH_TIMEOUT(first.finished(), kHangGuardMs);
    QCOMPARE(m_client->counters().idleConnections, 1);
    m_server->sockets().first()->disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(m_client->counters().idleConnections, 0, kHangGuardMs);
    QCOMPARE(m_client->counters().openConnections, 0);
    RecordingHandler second;
    auto call2 = m_client->start(makeRequest(m_server->origin()), &second);
    QTRY_VERIFY_WITH_TIMEOUT(second.finished(), kHangGuardMs);
    QCOMPARE(second.body, QByteArray("two"));
    QCOMPARE(m_client->counters().connectionsReused, 0u);
}

void TestUpstreamClient::idleConnectionSendingBytesIsDropped()
{
    m_server->enqueue(ScriptedServer::response("one"));
    RecordingHandler first;
    auto call = m_client->start(makeRequest(m_server->origin()), &first);
    QTRY_VERIFY_WITH_TIMEOUT(first.finished(), kHangGuardMs);
    QCOMPARE(m_client->counters().idleConnections, 1);
    m_server->sockets().first()->write("HTTP/1.1 408 Request Timeout\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(m_client->counters().openConnections, 0, kHangGuardMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->disconnects(), 1, kHangGuardMs);
}

void TestUpstreamClient::idleConnectionsExpire()
{
    UpstreamClientOptions options;
    options.idleConnectionTimeout = 150ms;
    makeClient(options);
    m_server->enqueue(ScriptedServer::response("one"));
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    m_clock.advance(149);
    QTest::qWait(200); // the pool's timer looks, but the clock says it is not time yet
    QCOMPARE(m_client->counters().idleConnections, 1);
    m_clock.advance(1);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->disconnects(), 1, kHangGuardMs);
    QCOMPARE(m_client->counters().idleConnections, 0);
    QCOMPARE(m_client->counters().openConnections, 0);
}

namespace {

// Holds the first request of every connection until the test answers it, so the test picks the
// order in which calls end (and connections return to the pool); later requests are answered.
struct HeldFirstRequests
{
    QList<QPair<QPointer<QTcpSocket>, int>> held; ///< socket and connection index, in arrival order

    void install(ScriptedServer& server)
    {
        server.setResponder([this](QTcpSocket* socket, const ScriptedServer::Request& r) {
            if (r.indexOnConnection == 0)
                held.append({socket, r.connection});
            else
                socket->write(ScriptedServer::response("again"));
        });
    }
};

} // namespace

void TestUpstreamClient::idleConnectionsAreReusedNewestFirst()
{
    // The connection parked last is the least likely to have been closed by the server since.
    HeldFirstRequests server;
    server.install(*m_server);
    RecordingHandler a, b;
    auto callA = m_client->start(makeRequest(m_server->origin()), &a);
    auto callB = m_client->start(makeRequest(m_server->origin()), &b);
    QTRY_COMPARE_WITH_TIMEOUT(server.held.size(), 2, kHangGuardMs);
    server.held[1].first->write(ScriptedServer::response("one"));
    QTRY_COMPARE_WITH_TIMEOUT(m_client->counters().idleConnections, 1, kHangGuardMs);
    server.held[0].first->write(ScriptedServer::response("two"));
    QTRY_COMPARE_WITH_TIMEOUT(m_client->counters().idleConnections, 2, kHangGuardMs);
    RecordingHandler c;
    auto callC = m_client->start(makeRequest(m_server->origin()), &c);
    QTRY_VERIFY_WITH_TIMEOUT(c.finished(), kHangGuardMs);
    QCOMPARE(c.body, QByteArray("again"));
    QCOMPARE(m_server->requests().last().connection, server.held[0].second);
    QCOMPARE(m_client->counters().connectionsReused, quint64(1));
}

void TestUpstreamClient::idleConnectionsBeyondTheLimitAreClosed()
{
    UpstreamClientOptions options;
    options.maxIdlePerOrigin = 1;
    makeClient(options);
    HeldFirstRequests server;
    server.install(*m_server);
    RecordingHandler a, b;
    auto callA = m_client->start(makeRequest(m_server->origin()), &a);
    auto callB = m_client->start(makeRequest(m_server->origin()), &b);
    QTRY_COMPARE_WITH_TIMEOUT(server.held.size(), 2, kHangGuardMs);
    for (const auto& [socket, connection] : std::as_const(server.held))
        socket->write(ScriptedServer::response("done"));
    QTRY_VERIFY_WITH_TIMEOUT(a.finished() && b.finished(), kHangGuardMs);
    // One is kept for later, the other closed at once.
    QCOMPARE(m_client->counters().idleConnections, 1);
    QCOMPARE(m_client->counters().openConnections, 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->disconnects(), 1, kHangGuardMs);
}

void TestUpstreamClient::abortMidResponse()
{
    QPointer<QTcpSocket> serverSide;
    m_server->setResponder([&serverSide](QTcpSocket* socket, const ScriptedServer::Request&) {
        serverSide = socket;
        socket->write(chunkedHead() + chunk("part"));
    });
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.body, QByteArray("part"), kHangGuardMs);
    call->abort();
    QCOMPARE(m_client->counters().openConnections, 0);
    QCOMPARE(m_client->counters().idleConnections, 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->disconnects(), 1, kHangGuardMs);
    if (serverSide)
        serverSide->write(chunk("more") + "0\r\n\r\n");
    QTest::qWait(100); // nothing may arrive any more
    QCOMPARE(recorder.trace(), QByteArray("head data"));
}

void TestUpstreamClient::abortWhileQueued()
{
    UpstreamClientOptions options;
    options.maxConnectionsPerOrigin = 1;
    makeClient(options);
    m_server->enqueue(ScriptedServer::response("one"));
    m_server->enqueue(ScriptedServer::response("three"));
    RecordingHandler first, second, third;
    auto call1 = m_client->start(makeRequest(m_server->origin()), &first);
    auto call2 = m_client->start(makeRequest(m_server->origin()), &second);
    auto call3 = m_client->start(makeRequest(m_server->origin()), &third);
    QCOMPARE(m_client->counters().queuedCalls, 2);
    call2.reset(); // leaves the queue
    QCOMPARE(m_client->counters().queuedCalls, 1);
    QTRY_VERIFY_WITH_TIMEOUT(third.finished(), kHangGuardMs);
    QCOMPARE(third.body, QByteArray("three"));
    QVERIFY(second.events.isEmpty());
    QCOMPARE(m_server->requests().size(), 2);
}

void TestUpstreamClient::handlerDeletesCall_data()
{
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<bool>("pooled"); // the response was complete, so the connection survives
    const QByteArray partial = chunkedHead() + chunk("a");
    const QByteArray whole = chunkedHead() + chunk("a") + chunk("b") + "0\r\n\r\n";
    QTest::newRow("in onResponseHead") << QByteArray("head") << partial << false;
    QTest::newRow("in onResponseData") << QByteArray("data") << partial << false;
    QTest::newRow("in onResponseData, last read") << QByteArray("data") << whole << true;
    QTest::newRow("in onResponseEnd") << QByteArray("end") << whole << true;
    QTest::newRow("in onResponseEnd, gzip")
        << QByteArray("end") << ScriptedServer::response(gzip("zipped"), 200, "Content-Encoding: gzip\r\n") << true;
    QTest::newRow("in onUpstreamError") << QByteArray("error") << QByteArray("garbage\r\n\r\n") << false;
}

void TestUpstreamClient::handlerDeletesCall()
{
    QFETCH(QByteArray, event);
    QFETCH(QByteArray, response);
    QFETCH(bool, pooled);
    m_server->enqueue(response);
    m_server->enqueue(ScriptedServer::response("next"));
    RecordingHandler recorder;
    std::unique_ptr<IUpstreamCall> call;
    recorder.hook = [&](const QByteArray& e) {
        if (e == event)
            call.reset();
    };
    call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(!call, kHangGuardMs);
    QTest::qWait(50);
    QCOMPARE(recorder.events.last(), event);
    QCOMPARE(recorder.events.count(event), 1);
    if (!pooled) {
        QCOMPARE(m_client->counters().openConnections, 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->disconnects(), 1, kHangGuardMs);
        return;
    }
    QCOMPARE(m_client->counters().idleConnections, 1);
    RecordingHandler next;
    auto again = m_client->start(makeRequest(m_server->origin()), &next);
    QTRY_VERIFY_WITH_TIMEOUT(next.finished(), kHangGuardMs);
    QCOMPARE(next.body, QByteArray("next"));
    QCOMPARE(m_server->connectionsAccepted(), 1);
}

void TestUpstreamClient::pauseAppliesBackPressure()
{
    const QByteArray big(32 * 1024 * 1024, 'x');
    QPointer<QTcpSocket> serverSide;
    m_server->setResponder([&](QTcpSocket* socket, const ScriptedServer::Request&) {
        serverSide = socket;
        socket->write(ScriptedServer::response(big));
    });
    RecordingHandler recorder;
    std::unique_ptr<IUpstreamCall> call;
    recorder.hook = [&](const QByteArray& e) {
        if (e == "head")
            call->setReadPaused(true);
    };
    UpstreamRequest request = makeRequest(m_server->origin());
    request.timeouts.idle = 100ms;
    call = m_client->start(request, &recorder);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), 1, kHangGuardMs);
    m_clock.advance(1000); // far beyond the idle timeout
    QTest::qWait(400); // paused: no data, no idle timeout, and the server cannot get rid of its bytes
    QCOMPARE(recorder.trace(), QByteArray("head"));
    QVERIFY(serverSide);
    QVERIFY2(serverSide->bytesToWrite() > 8 * 1024 * 1024, QByteArray::number(serverSide->bytesToWrite()));
    call->setReadPaused(false);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.events.last(), QByteArray("end"));
    QCOMPARE(recorder.body.size(), big.size());
}

void TestUpstreamClient::pauseStopsTimeouts()
{
    QPointer<QTcpSocket> serverSide;
    m_server->setResponder([&](QTcpSocket* socket, const ScriptedServer::Request&) {
        serverSide = socket;
        socket->write(chunkedHead() + chunk("a"));
    });
    UpstreamRequest request = makeRequest(m_server->origin());
    request.timeouts.total = 250ms;
    request.timeouts.idle = 100ms;
    RecordingHandler recorder;
    std::unique_ptr<IUpstreamCall> call;
    recorder.hook = [&](const QByteArray& e) {
        if (e == "data")
            call->setReadPaused(true);
    };
    call = m_client->start(request, &recorder);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.body, QByteArray("a"), kHangGuardMs);
    m_clock.advance(1000); // beyond both timeouts…
    serverSide->write(chunk("b") + "0\r\n\r\n"); // …and the rest of the body is waiting
    letTheSweepRun();
    QCOMPARE(recorder.trace(), QByteArray("head data"));
    recorder.hook = nullptr;
    call->setReadPaused(false);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.trace(), QByteArray("head data data end"));
    QCOMPARE(recorder.body, QByteArray("ab"));
}

void TestUpstreamClient::pauseHasADeadline()
{
    // Issue #15: a client that stops reading must not hold the call (and the backend's slot) for
    // ever. Paused longer than the call's longest timeout, it fails, and says whose fault it was.
    m_server->setResponder([](QTcpSocket* socket, const ScriptedServer::Request&) {
        socket->write(chunkedHead() + chunk("a") + chunk("b"));
    });
    UpstreamRequest request = makeRequest(m_server->origin());
    request.timeouts.firstByte = 200ms;
    request.timeouts.idle = 150ms;
    RecordingHandler recorder;
    std::unique_ptr<IUpstreamCall> call;
    recorder.hook = [&](const QByteArray& e) {
        if (e == "data")
            call->setReadPaused(true);
    };
    call = m_client->start(request, &recorder);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.trace(), QByteArray("head data"), kHangGuardMs);
    m_clock.advance(199); // within the longest timeout (first byte, 200 ms): still waiting
    letTheSweepRun();
    QVERIFY(!recorder.finished());
    m_clock.advance(2);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.trace(), QByteArray("head data error"));
    QCOMPARE(recorder.errorKind(), UpstreamError::Kind::IdleTimeout);
    QVERIFY(recorder.error->causedByClient);
    QVERIFY2(recorder.error->message.contains("client took none"), qPrintable(recorder.error->message));
}

void TestUpstreamClient::pauseInHeadHoldsBackTheRest()
{
    // Head, body and end arrive in one read; pausing in onResponseHead holds back data and end.
    m_server->enqueue(ScriptedServer::response("body"));
    RecordingHandler recorder;
    std::unique_ptr<IUpstreamCall> call;
    recorder.hook = [&](const QByteArray& e) {
        if (e == "head")
            call->setReadPaused(true);
    };
    call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), 1, kHangGuardMs);
    QTest::qWait(50);
    QCOMPARE(recorder.trace(), QByteArray("head"));
    call->setReadPaused(false);
    QVERIFY(recorder.trace() == "head"); // resuming delivers later, not from inside setReadPaused
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.trace(), QByteArray("head data end"));
    QCOMPARE(recorder.body, QByteArray("body"));
}

void TestUpstreamClient::callOutlivesClient()
{
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), 1, kHangGuardMs);
    m_client.reset();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->disconnects(), 1, kHangGuardMs);
    call->setReadPaused(true);
    call->abort();
    call.reset();
    QVERIFY(recorder.events.isEmpty());
}

void TestUpstreamClient::tlsWithoutVerification()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    ScriptedServer tlsServer;
    QVERIFY(tlsServer.listenTls());
    tlsServer.enqueue(ScriptedServer::response("secret"));
    tlsServer.enqueue(ScriptedServer::response("again"));
    UpstreamClientOptions options;
    options.verifyTls = false; // a self-signed LAN server
    makeClient(options);
    for (const QByteArray& expected : {QByteArray("secret"), QByteArray("again")}) {
        RecordingHandler recorder;
        auto call = m_client->start(makeRequest(tlsServer.origin()), &recorder);
        QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
        QCOMPARE(recorder.trace(), QByteArray("head data end"));
        QCOMPARE(recorder.body, expected);
    }
    QCOMPARE(tlsServer.connectionsAccepted(), 1);
    QVERIFY(tlsServer.requests().first().raw.contains("\r\nHost: 127.0.0.1:"));
}

QTEST_GUILESS_MAIN(TestUpstreamClient)
#include "TestUpstreamClient.moc"
