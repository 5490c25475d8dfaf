#include "IntegrationSupport.h"

#include "tests/support/RawResponseParser.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace sy::testing;

namespace {

constexpr int kRequests = 20'000;
constexpr int kConnections = 32;
constexpr int kStreamEvery = 5; // one request in five is a stream
// Only guards against hangs, for a machine loaded by sanitizers and parallel tests; the soak
// itself usually takes a minute. ctest gives the test 600 s.
constexpr int kStartGuardMs = 30'000;
constexpr qint64 kSoakGuardMs = 480'000;

/** A mock backend in a process of its own, so it can be killed (-9) and restarted on its port. */
class MockProcess
{
public:
    MockProcess(QByteArray id, quint16 port)
        : m_id(std::move(id))
        , m_port(port)
    { }
    ~MockProcess() { kill(); }

    bool start()
    {
        m_process.start(
            mockBackendBinary(),
            {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--id"), QString::fromUtf8(m_id)});
        if (!m_process.waitForStarted(kStartGuardMs))
            return false;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < kStartGuardMs) {
            m_process.waitForReadyRead(50);
            if (m_process.readAllStandardOutput().contains("LISTENING"))
                return true;
        }
        return false;
    }
    void kill()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    bool running() const { return m_process.state() == QProcess::Running; }

private:
    QByteArray m_id;
    quint16 m_port;
    QProcess m_process;
};

/** Keeps kConnections keep-alive connections busy until kRequests got an answer, and sorts them. */
class SoakDriver : public QObject
{
public:
    struct Tally
    {
        int sent = 0;
        int answered = 0;
        int nonStreamOk = 0;
        int nonStreamFailed = 0;
        int streamComplete = 0;
        int streamInterrupted = 0; ///< ended with an SSE error event: a backend died mid-stream
        int streamBroken = 0; ///< neither [DONE] nor an error event: must never happen
        QStringList failures; ///< the first few, for the report
    };

    explicit SoakDriver(quint16 port)
        : m_port(port)
    {
        for (int i = 0; i < kConnections; ++i)
            m_slots.push_back(std::make_unique<Slot>());
        for (auto& slot : m_slots)
            connectSlot(*slot);
    }

    bool done() const { return m_tally.answered >= kRequests; }
    const Tally& tally() const { return m_tally; }
    void closeAll()
    {
        for (auto& slot : m_slots)
            slot->socket.abort();
    }

private:
    struct Slot
    {
        QTcpSocket socket;
        RawResponseParser parser;
        qsizetype consumed = 0;
        bool stream = false;
        bool busy = false;
    };

    void connectSlot(Slot& slot)
    {
        slot.parser = RawResponseParser();
        slot.consumed = 0;
        slot.busy = false;
        slot.socket.disconnect(this);
        QObject::connect(&slot.socket, &QTcpSocket::connected, this, [this, &slot] { sendNext(slot); });
        QObject::connect(&slot.socket, &QTcpSocket::readyRead, this, [this, &slot] { onReadable(slot); });
        QObject::connect(&slot.socket, &QTcpSocket::disconnected, this, [this, &slot] { onClosed(slot); });
        slot.socket.connectToHost(QHostAddress::LocalHost, m_port);
    }

    void sendNext(Slot& slot)
    {
        if (m_tally.sent >= kRequests)
            return;
        slot.stream = m_tally.sent % kStreamEvery == 0;
        ++m_tally.sent;
        slot.busy = true;
        const QByteArray body = slot.stream
            ? chatBody("chat", "\"stream\":true,\"mock\":{\"token_delay_ms\":2,\"tokens\":8}")
            : chatBody("chat");
        QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + kMasterKey + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\n\r\n" + body;
        slot.socket.write(request);
    }

    void onReadable(Slot& slot)
    {
        slot.parser.feed(slot.socket.readAll(), 0);
        auto& responses = slot.parser.responses();
        if (responses.size() > slot.consumed && responses.at(slot.consumed).complete) {
            judge(slot, responses.at(slot.consumed));
            ++slot.consumed;
            sendNext(slot);
        }
    }

    void onClosed(Slot& slot)
    {
        // The gateway closes a connection after a stream it had to cut: judge what arrived.
        slot.parser.connectionClosed(0);
        auto& responses = slot.parser.responses();
        if (slot.busy && responses.size() > slot.consumed)
            judge(slot, responses.at(slot.consumed));
        else if (slot.busy)
            fail(QStringLiteral("connection closed with no answer"), slot.stream);
        if (!done())
            QMetaObject::invokeMethod(
                this, [this, &slot] { connectSlot(slot); }, Qt::QueuedConnection);
    }

    void judge(Slot& slot, const RawHttpResponse& r)
    {
        slot.busy = false;
        ++m_tally.answered;
        if (!slot.stream) {
            if (r.status == 200 && r.complete)
                ++m_tally.nonStreamOk;
            else
                fail(QStringLiteral("HTTP %1 %2").arg(r.status).arg(QString::fromUtf8(r.body.left(200))), false);
            return;
        }
        if (r.status == 200 && r.body.contains("data: [DONE]") && !r.body.contains("event: error"))
            ++m_tally.streamComplete;
        else if (r.body.contains("event: error") && !r.body.contains("[DONE]"))
            ++m_tally.streamInterrupted;
        else
            fail(QStringLiteral("stream HTTP %1 %2").arg(r.status).arg(QString::fromUtf8(r.body.right(200))), true);
    }

    void fail(const QString& what, bool stream)
    {
        if (!stream)
            ++m_tally.nonStreamFailed;
        else
            ++m_tally.streamBroken;
        if (m_tally.failures.size() < 10)
            m_tally.failures << what;
    }

    quint16 m_port;
    std::vector<std::unique_ptr<Slot>> m_slots;
    Tally m_tally;
};

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();
}

} // namespace

// 20,000 requests over three backends while one of them is killed and restarted every two
// seconds: every request is answered, no non-stream request fails (two backends are always up),
// and the gateway ends with the file descriptors it started with.
class TestSoak : public QObject
{
    Q_OBJECT

private slots:
    void backendsDyingUnderLoad()
    {
        const quint16 ports[3] = {freePort(), freePort(), freePort()};
        std::vector<std::unique_ptr<MockProcess>> mocks;
        QByteArray models;
        for (int i = 0; i < 3; ++i) {
            const QByteArray id = "m" + QByteArray::number(i);
            mocks.push_back(std::make_unique<MockProcess>(id, ports[i]));
            QVERIFY(mocks.back()->start());
            models += "  - model_name: chat\n    litellm_params: {model: openai/mock-model, api_base: "
                      "'http://127.0.0.1:"
                + QByteArray::number(ports[i]) + "/v1', timeout: 10}\n    model_info: {id: " + id + "}\n";
        }
        GatewayProcess gw;
        const quint16 port = gw.start(gatewayConfig(models, "health_check: {interval: 1}")
                                      + "router_settings:\n  cooldown_time: 1\n  routing_strategy: least-busy\n");
        QVERIFY(port);

        auto settledFds = [&] {
            // Transient sockets (a health check connecting) come and go: take the lowest of a few.
            int fewest = std::numeric_limits<int>::max();
            for (int i = 0; i < 10; ++i) {
                fewest = qMin(fewest, gw.openFileDescriptors());
                QTest::qWait(100);
            }
            return fewest;
        };
        // Baseline: serving, with every backend gone, so no pooled upstream connection is open
        // once the gateway has seen them close: wait until the count stops changing.
        for (auto& m : mocks)
            m->kill();
        int fdsBefore = settledFds();
        for (QDeadlineTimer guard(kStartGuardMs); !guard.hasExpired();) {
            const int again = settledFds();
            if (again == fdsBefore)
                break;
            fdsBefore = again;
        }
        for (auto& m : mocks)
            QVERIFY(m->start());

        SoakDriver driver(port);
        QElapsedTimer clock;
        clock.start();
        int kills = 0;
        int victim = 0;
        qint64 nextKill = 2000;
        qint64 restartAt = -1;
        while (!driver.done() && clock.elapsed() < kSoakGuardMs) {
            QTest::qWait(20);
            if (restartAt >= 0 && clock.elapsed() >= restartAt) {
                QVERIFY(mocks[victim]->start());
                restartAt = -1;
                victim = (victim + 1) % 3;
            } else if (restartAt < 0 && clock.elapsed() >= nextKill) {
                mocks[victim]->kill();
                ++kills;
                restartAt = clock.elapsed() + 1000;
                nextKill = clock.elapsed() + 2000;
            }
        }
        const SoakDriver::Tally& t = driver.tally();
        qInfo("%d requests in %lld ms with %d backend kills: %d ok, %d streams complete, %d streams interrupted "
              "mid-way",
              t.answered,
              clock.elapsed(),
              kills,
              t.nonStreamOk,
              t.streamComplete,
              t.streamInterrupted);
        QVERIFY2(driver.done(), qPrintable(QString::number(t.answered)));
        QVERIFY(kills >= 3);
        QVERIFY2(t.nonStreamFailed == 0, qPrintable(t.failures.join(u'\n')));
        QVERIFY2(t.streamBroken == 0, qPrintable(t.failures.join(u'\n')));
        QCOMPARE(t.nonStreamOk + t.streamComplete + t.streamInterrupted, kRequests);

        // No leaked sockets: back to the baseline once clients and backends are gone.
        driver.closeAll();
        for (auto& m : mocks)
            m->kill();
        // The gateway sees the closes when it gets to them; then it is back where it started.
        QTRY_COMPARE_WITH_TIMEOUT(settledFds(), fdsBefore, kStartGuardMs);
        QCOMPARE(gw.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSoak)
#include "TestSoak.moc"
