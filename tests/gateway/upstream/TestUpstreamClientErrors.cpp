#include "gateway/upstream/UpstreamClient.h"

#include "ClientTestSupport.h"
#include "RecordingHandler.h"
#include "ScriptedServer.h"

#include <QElapsedTimer>
#include <QSslSocket>
#include <QTest>
#include <QTimer>

#include <sys/socket.h>

using namespace sy;
using namespace sy::test;
using namespace std::chrono_literals;
using Kind = UpstreamError::Kind;

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

    void makeClient(const UpstreamClientOptions& options = {}) { m_client = std::make_unique<UpstreamClient>(options); }
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
    QTRY_VERIFY(queued.finished());
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
    QTRY_VERIFY(recorder.finished());
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
    QTRY_VERIFY_WITH_TIMEOUT(recorder.finished(), 20000);
    QCOMPARE(recorder.errorKind(), Kind::ConnectFailed);
    QVERIFY2(recorder.error->message.contains(QStringLiteral("no-such-host.invalid:80")),
             qPrintable(recorder.error->message));
}

void TestUpstreamClientErrors::connectTimeout()
{
    // A listener that never accepts: once its backlog is full the kernel drops further SYNs,
    // so the next connect hangs until our timeout.
    QTcpServer blackhole;
    blackhole.setListenBacklogSize(1);
    QVERIFY(blackhole.listen(QHostAddress::LocalHost));
    blackhole.pauseAccepting();
    std::vector<std::unique_ptr<QTcpSocket>> fillers;
    bool full = false;
    for (int i = 0; i < 16 && !full; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, blackhole.serverPort());
        QElapsedTimer waited;
        waited.start();
        while (socket->state() != QAbstractSocket::ConnectedState && waited.elapsed() < 300)
            QTest::qWait(10);
        full = socket->state() != QAbstractSocket::ConnectedState;
        fillers.push_back(std::move(socket));
    }
    if (!full)
        QSKIP("cannot make a connect hang in this environment");

    UpstreamRequest request = makeRequest({false, QStringLiteral("127.0.0.1"), blackhole.serverPort()});
    request.timeouts.connect = 250ms;
    RecordingHandler recorder;
    QElapsedTimer elapsed;
    elapsed.start();
    auto call = m_client->start(request, &recorder);
    QTRY_VERIFY(recorder.finished());
    QCOMPARE(recorder.errorKind(), Kind::ConnectTimeout);
    QVERIFY(elapsed.elapsed() >= 240);
    QCOMPARE(m_client->counters().openConnections, 0);
}

void TestUpstreamClientErrors::firstByteTimeout()
{
    UpstreamRequest request = makeRequest(m_server->origin());
    request.timeouts.firstByte = 200ms;
    RecordingHandler recorder;
    QElapsedTimer elapsed;
    elapsed.start();
    auto call = m_client->start(request, &recorder);
    QTRY_VERIFY(recorder.finished());
    QCOMPARE(recorder.errorKind(), Kind::FirstByteTimeout);
    QVERIFY(elapsed.elapsed() >= 190);
    QCOMPARE(m_server->requests().size(), 1);
    QTRY_COMPARE(m_server->disconnects(), 1);
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
    QTRY_VERIFY(recorder.finished());
    QCOMPARE(recorder.trace(), QByteArray("head data error"));
    QCOMPARE(recorder.errorKind(), Kind::IdleTimeout);
    QVERIFY(recorder.error->isTimeout());
}

void TestUpstreamClientErrors::idleTimeoutIsExtendedByReads()
{
    // Eight pieces 70 ms apart: 560 ms in all, but never 300 ms of silence.
    m_server->setResponder([](QTcpSocket* socket, const ScriptedServer::Request&) {
        socket->write(chunkedHead());
        auto* timer = new QTimer(socket);
        QPointer<QTcpSocket> target(socket);
        connect(timer, &QTimer::timeout, socket, [timer, target, sent = 0]() mutable {
            target->write(++sent < 8 ? chunk("tick\n") : chunk("tick\n") + "0\r\n\r\n");
            if (sent == 8)
                timer->stop();
        });
        timer->start(70);
    });
    UpstreamRequest request = makeRequest(m_server->origin());
    request.timeouts.idle = 300ms;
    RecordingHandler recorder;
    auto call = m_client->start(request, &recorder);
    QTRY_VERIFY(recorder.finished());
    QCOMPARE(recorder.events.last(), QByteArray("end"));
    QCOMPARE(recorder.body, QByteArray("tick\n").repeated(8));
}

void TestUpstreamClientErrors::totalTimeout()
{
    m_server->setResponder([](QTcpSocket* socket, const ScriptedServer::Request&) {
        socket->write(chunkedHead());
        auto* timer = new QTimer(socket);
        QPointer<QTcpSocket> target(socket);
        connect(timer, &QTimer::timeout, socket, [target] { target->write(chunk("tick\n")); });
        timer->start(40);
    });
    UpstreamRequest request = makeRequest(m_server->origin());
    request.timeouts.idle = 200ms;
    request.timeouts.total = 400ms;
    RecordingHandler recorder;
    QElapsedTimer elapsed;
    elapsed.start();
    auto call = m_client->start(request, &recorder);
    QTRY_VERIFY(recorder.finished());
    QCOMPARE(recorder.errorKind(), Kind::TotalTimeout);
    QVERIFY(elapsed.elapsed() >= 390);
    QVERIFY(recorder.body.startsWith("tick\ntick\n"));
}

void TestUpstreamClientErrors::prematureEof()
{
    m_server->enqueue("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", true);
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_VERIFY(recorder.finished());
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
    QTRY_VERIFY(recorder.finished());
    QCOMPARE(recorder.trace(), QByteArray("error"));
    QCOMPARE(recorder.errorKind(), Kind::ProtocolError);
    QTRY_COMPARE(m_server->disconnects(), 1);
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
    QTRY_VERIFY(first.finished());
    QCOMPARE(first.body, QByteArray("ok 0"));
    auto call2 = m_client->start(makeRequest(m_server->origin()), &second);
    QTRY_VERIFY(second.finished());
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
    QTRY_VERIFY(first.finished());
    auto call2 = m_client->start(makeRequest(m_server->origin()), &second);
    QTRY_VERIFY(second.finished());
    QCOMPARE(second.trace(), QByteArray("error"));
    QCOMPARE(second.errorKind(), Kind::ConnectionClosed);
    QCOMPARE(m_server->connectionsAccepted(), 1);
}

void TestUpstreamClientErrors::freshConnectionClosedIsNotRetried()
{
    m_server->setResponder([](QTcpSocket* socket, const ScriptedServer::Request&) { socket->disconnectFromHost(); });
    RecordingHandler recorder;
    auto call = m_client->start(makeRequest(m_server->origin()), &recorder);
    QTRY_VERIFY(recorder.finished());
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
    QTRY_VERIFY(recorder.finished());
    QCOMPARE(recorder.errorKind(), Kind::TlsFailed);
    QVERIFY2(recorder.error->message.contains(QStringLiteral("self-signed"), Qt::CaseInsensitive),
             qPrintable(recorder.error->message));
    QVERIFY(tlsServer.requests().isEmpty());
    QCOMPARE(m_client->counters().openConnections, 0);
}

QTEST_GUILESS_MAIN(TestUpstreamClientErrors)
#include "TestUpstreamClientErrors.moc"
