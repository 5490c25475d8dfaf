#include "gateway/upstream/UpstreamClient.h"

#include "ClientTestSupport.h"
#include "RecordingHandler.h"
#include "ScriptedServer.h"
#include "tests/support/ManualClock.h"

#include <QSslSocket>
#include <QTest>
#include <QTimer>

#include <sys/socket.h>

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

/** UpstreamClient when things go wrong: connect failures, timeouts, bad peers, stale connections. */
class TestUpstreamClientErrors : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void queuedCallTimesOut();
    void connectionRefused();
    void hostNotFound();
    void connectTimeout();
    void firstByteTimeout();
    void idleTimeout();
    void idleTimeoutIsExtendedByReads();
    void totalTimeout();
    void prematureEof();
    void garbageResponse();
    void staleConnectionIsRetried_data();
    void staleConnectionIsRetried();
    void neverRetriedAfterResponseBytes();
    void freshConnectionClosedIsNotRetried();
    void tlsVerificationRejectsSelfSigned();

private:
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<UpstreamClient> m_client;
    ManualClock m_clock; ///< every timeout of the client runs on it: they expire when the test says

    void makeClient(UpstreamClientOptions options = {})
    {
        options.clock = &m_clock;
        m_client = std::make_unique<UpstreamClient>(options);
    }
};

void TestUpstreamClientErrors::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    makeClient();
}

void TestUpstreamClientErrors::cleanup()
{
    m_client.reset();
    m_server.reset();
}

void TestUpstreamClientErrors::queuedCallTimesOut()
{
    UpstreamClientOptions options;
    options.maxConnectionsPerOrigin = 1;
    makeClient(options);
    RecordingHandler stuck, queued;
    auto first = m_client->start(makeRequest(m_server->origin()), &stuck);
    UpstreamRequest request = makeRequest(m_server->origin());
    request.timeouts.connect = 200ms;
    auto second = m_client->start(request, &queued);
    m_clock.advance(199);
    letTheSweepRun();
    QVERIFY(!queued.finished());
    m_clock.advance(1);
    QTRY_VERIFY_WITH_TIMEOUT(queued.finished(), kHangGuardMs);
    QCOMPARE(queued.errorKind(), Kind::ConnectTimeout);
    QVERIFY(stuck.events.isEmpty());
    QCOMPARE(m_client->counters().queuedCalls, 0);
}

void TestUpstreamClientErrors::connectionRefused()
{
    const UpstreamOrigin origin = m_server->origin();
    m_server.reset(); // nothing listens on that port any more
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(origin), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.errorKind(), Kind::ConnectFailed);
    QVERIFY2(recorder.error->message.contains(QStringLiteral("127.0.0.1:%1").arg(origin.port)),
             qPrintable(recorder.error->message));
    QVERIFY2(recorder.error->message.contains(QStringLiteral("refused"), Qt::CaseInsensitive),
             qPrintable(recorder.error->message));
    QCOMPARE(m_client->counters().openConnections, 0);
}

void TestUpstreamClientErrors::hostNotFound()
{
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest({false, QStringLiteral("no-such-host.invalid"), 80}), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.errorKind(), Kind::ConnectFailed);
    QVERIFY2(recorder.error->message.contains(QStringLiteral("no-such-host.invalid:80")),
             qPrintable(recorder.error->message));
}

void TestUpstreamClientErrors::connectTimeout()
{
    // A listener that never accepts: once its backlog is full the kernel drops further SYNs,
    // so the next connect hangs until our timeout. A connect still pending after a whole second
    // on loopback is taken as dropped.
    QTcpServer blackhole;
    blackhole.setListenBacklogSize(1);
    QVERIFY(blackhole.listen(QHostAddress::LocalHost));
    blackhole.pauseAccepting();
    std::vector<std::unique_ptr<QTcpSocket>> fillers;
    bool full = false;
    for (int i = 0; i < 16 && !full; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, blackhole.serverPort());
        full = !QTest::qWaitFor([&] { return socket->state() == QAbstractSocket::ConnectedState; }, 1000);
        fillers.push_back(std::move(socket));
    }
    if (!full)
        QSKIP("cannot make a connect hang in this environment");

    UpstreamRequest request = makeRequest({false, QStringLiteral("127.0.0.1"), blackhole.serverPort()});
    request.timeouts.connect = 250ms;
    RecordingHandler recorder;
    auto call = m_client->start(request, &recorder);
    m_clock.advance(249);
    letTheSweepRun();
    QVERIFY(!recorder.finished());
    m_clock.advance(1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.errorKind(), Kind::ConnectTimeout);
    QCOMPARE(m_client->counters().openConnections, 0);
}

void TestUpstreamClientErrors::firstByteTimeout()
{
    UpstreamRequest request = makeRequest(m_server->origin());
    request.timeouts.firstByte = 200ms;
    RecordingHandler recorder;
    auto call = m_client->start(request, &recorder);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), 1, kHangGuardMs);
    m_clock.advance(199);
    letTheSweepRun();
    QVERIFY(!recorder.finished());
    m_clock.advance(1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.errorKind(), Kind::FirstByteTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->disconnects(), 1, kHangGuardMs);
}

void TestUpstreamClientErrors::idleTimeout()
{
    m_server->setResponder([](QTcpSocket* socket, const ScriptedServer::Request&) {
        socket->write(chunkedHead() + chunk("data: 1\n\n"));
    });
    UpstreamRequest request = makeRequest(m_server->origin());
    request.timeouts.idle = 200ms;
    RecordingHandler recorder;
    auto call = m_client->start(request, &recorder);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.trace(), QByteArray("head data"), kHangGuardMs);
    m_clock.advance(199);
    letTheSweepRun();
    QVERIFY(!recorder.finished());
    m_clock.advance(1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.trace(), QByteArray("head data error"));
    QCOMPARE(recorder.errorKind(), Kind::IdleTimeout);
    QVERIFY(recorder.error->isTimeout());
}

void TestUpstreamClientErrors::idleTimeoutIsExtendedByReads()
{
    // Eight pieces 200 ms apart: 1.6 s in all, but never 300 ms of silence.
    QPointer<QTcpSocket> serverSide;
    m_server->setResponder([&](QTcpSocket* socket, const ScriptedServer::Request&) {
        serverSide = socket;
        socket->write(chunkedHead());
    });
    UpstreamRequest request = makeRequest(m_server->origin());
    request.timeouts.idle = 300ms;
    RecordingHandler recorder;
    auto call = m_client->start(request, &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(serverSide, kHangGuardMs);
    for (int i = 1; i <= 8; ++i) {
        serverSide->write(i < 8 ? chunk("tick\n") : chunk("tick\n") + "0\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(recorder.body.count("tick"), i, kHangGuardMs);
        m_clock.advance(200);
        letTheSweepRun();
        QVERIFY2(!recorder.error, qPrintable(recorder.error ? recorder.error->message : QString()));
    }
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.events.last(), QByteArray("end"));
    QCOMPARE(recorder.body, QByteArray("tick\n").repeated(8));
}

void TestUpstreamClientErrors::totalTimeout()
{
    // The body never goes silent, but the whole call is limited.
    m_server->setResponder([](QTcpSocket* socket, const ScriptedServer::Request&) {
        socket->write(chunkedHead());
        auto* timer = new QTimer(socket);
        QPointer<QTcpSocket> target(socket);
        connect(timer, &QTimer::timeout, socket, [target] { target->write(chunk("tick\n")); });
        timer->start(40);
    });
    UpstreamRequest request = makeRequest(m_server->origin());
    request.timeouts.total = 400ms;
    RecordingHandler recorder;
    auto call = m_client->start(request, &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.body.startsWith("tick\ntick\n"), kHangGuardMs);
    m_clock.advance(399);
    letTheSweepRun();
    QVERIFY(!recorder.finished());
    m_clock.advance(1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.errorKind(), Kind::TotalTimeout);
}

void TestUpstreamClientErrors::prematureEof()
{
    m_server->enqueue("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", true);
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.trace(), QByteArray("head data error"));
    QCOMPARE(recorder.body, QByteArray("abc"));
    QCOMPARE(recorder.errorKind(), Kind::ConnectionClosed);
    QCOMPARE(m_client->counters().openConnections, 0);
}

void TestUpstreamClientErrors::garbageResponse()
{
    m_server->enqueue("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.trace(), QByteArray("error"));
    QCOMPARE(recorder.errorKind(), Kind::ProtocolError);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->disconnects(), 1, kHangGuardMs);
}

void TestUpstreamClientErrors::staleConnectionIsRetried_data()
{
    QTest::addColumn<bool>("reset");
    QTest::newRow("server closes (FIN)") << false;
    QTest::newRow("server resets (RST)") << true;
}

void TestUpstreamClientErrors::staleConnectionIsRetried()
{
    // The first connection serves one response, then hangs up on the next request unanswered,
    // as a server does whose keep-alive timeout raced with our reuse.
    QFETCH(bool, reset);
    m_server->setResponder([reset](QTcpSocket* socket, const ScriptedServer::Request& request) {
        if (request.connection == 0 && request.indexOnConnection == 1) {
            if (reset) {
                // SO_LINGER 0 turns close() into an RST.
                const linger noLinger{1, 0};
                setsockopt(
                    static_cast<int>(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &noLinger, sizeof noLinger);
                socket->abort();
            } else
                socket->disconnectFromHost();
            return;
        }
        socket->write(ScriptedServer::response("ok " + QByteArray::number(request.connection)));
    });
    RecordingHandler first, second;
    auto call1 = m_client->start(makeRequest(m_server->origin()), &first);
    QTRY_VERIFY_WITH_TIMEOUT(first.finished(), kHangGuardMs);
    QCOMPARE(first.body, QByteArray("ok 0"));
    auto call2 = m_client->start(makeRequest(m_server->origin()), &second);
    QTRY_VERIFY_WITH_TIMEOUT(second.finished(), kHangGuardMs);
    QCOMPARE(second.trace(), QByteArray("head data end"));
    QCOMPARE(second.body, QByteArray("ok 1"));
    QCOMPARE(m_server->connectionsAccepted(), 2);
    QCOMPARE(m_client->counters().connectionsReused, 1u);
    QCOMPARE(m_client->counters().connectionsOpened, 2u);
}

void TestUpstreamClientErrors::neverRetriedAfterResponseBytes()
{
    m_server->setResponder([](QTcpSocket* socket, const ScriptedServer::Request& request) {
        if (request.indexOnConnection == 0) {
            socket->write(ScriptedServer::response("ok"));
            return;
        }
        socket->write("HTTP/1.1 200 OK\r\nContent-Len");
        socket->disconnectFromHost();
    });
    RecordingHandler first, second;
    auto call1 = m_client->start(makeRequest(m_server->origin()), &first);
    QTRY_VERIFY_WITH_TIMEOUT(first.finished(), kHangGuardMs);
    auto call2 = m_client->start(makeRequest(m_server->origin()), &second);
    QTRY_VERIFY_WITH_TIMEOUT(second.finished(), kHangGuardMs);
    QCOMPARE(second.trace(), QByteArray("error"));
    QCOMPARE(second.errorKind(), Kind::ConnectionClosed);
    QCOMPARE(m_server->connectionsAccepted(), 1);
}

void TestUpstreamClientErrors::freshConnectionClosedIsNotRetried()
{
    m_server->setResponder([](QTcpSocket* socket, const ScriptedServer::Request&) { socket->disconnectFromHost(); });
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.errorKind(), Kind::ConnectionClosed);
    QCOMPARE(m_server->connectionsAccepted(), 1);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestUpstreamClientErrors::tlsVerificationRejectsSelfSigned()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    ScriptedServer tlsServer;
    QVERIFY(tlsServer.listenTls());
    tlsServer.enqueue(ScriptedServer::response("secret"));
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(tlsServer.origin()), &recorder);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), kHangGuardMs);
    QCOMPARE(recorder.errorKind(), Kind::TlsFailed);
    QVERIFY2(recorder.error->message.contains(QStringLiteral("self-signed"), Qt::CaseInsensitive),
             qPrintable(recorder.error->message));
    QVERIFY(tlsServer.requests().isEmpty());
    QCOMPARE(m_client->counters().openConnections, 0);
}

QTEST_GUILESS_MAIN(TestUpstreamClientErrors)
#include "TestUpstreamClientErrors.moc"
