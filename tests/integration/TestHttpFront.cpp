#include "IntegrationSupport.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

using namespace sy::testing;

namespace {

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

// A plain socket for byte-level misbehaviour that no well-formed client would produce.
class RawSocket
{
public:
    bool connectTo(quint16 port, const QHostAddress& address = QHostAddress::LocalHost)
    {
        m_socket.connectToHost(address, port);
        return m_socket.waitForConnected(kHangGuardMs);
    }
    void send(const QByteArray& bytes)
    {
        m_socket.write(bytes);
        m_socket.waitForBytesWritten(1000);
    }
    /** Reads until @p needle shows up, the peer closes, or @p timeoutMs passes. */
    bool waitFor(const QByteArray& needle, int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        while (!m_received.contains(needle) && clock.elapsed() < timeoutMs) {
            if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(int(timeoutMs - clock.elapsed())))
                break;
            m_received += m_socket.readAll();
        }
        return m_received.contains(needle);
    }
    bool waitForClose(int timeoutMs)
    {
        QElapsedTimer clock;
        clock.start();
        while (m_socket.state() == QAbstractSocket::ConnectedState && clock.elapsed() < timeoutMs) {
            m_socket.waitForReadyRead(50);
            m_received += m_socket.readAll();
        }
        m_received += m_socket.readAll();
        return m_socket.state() != QAbstractSocket::ConnectedState;
    }
    const QByteArray& received() const { return m_received; }
    QTcpSocket& socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
};

QByteArray head(const QByteArray& extraHeaders, qint64 contentLength)
{
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + kMasterKey
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(contentLength) + "\r\n"
        + extraHeaders + "\r\n";
}

} // namespace

class TestHttpFront : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_mock = nullptr;
    GatewayProcess* m_gateway = nullptr;
    quint16 m_port = 0;

private slots:
    void initTestCase()
    {
        m_mock = new MockBackendThread;
        QVERIFY(m_mock->start());
        QByteArray yaml = gatewayConfig(mockModelEntry("m", m_mock->port()),
                                        "max_connections_per_client: 6\nheader_timeout: 1\nbody_timeout: 1\n"
                                        "keepalive_timeout: 1.5\nmax_header_kb: 8\n");
        yaml.replace("general_settings:\n", "general_settings:\n  max_request_size_mb: 1\n");
        m_gateway = new GatewayProcess;
        m_port = m_gateway->start(yaml);
        QVERIFY2(m_port != 0, m_gateway->stderrText().constData());
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
        delete m_gateway;
        delete m_mock;
    }

    void init() { m_mock->backend()->resetStats(); }

    void declaredBodyTooLargeIsRefusedBeforeItIsSent()
    {
        RawSocket s;
        QVERIFY(s.connectTo(m_port));
        s.send(head({}, 2 * 1024 * 1024));
        QVERIFY(s.waitFor("\r\n\r\n", kHangGuardMs));
        QVERIFY2(s.received().startsWith("HTTP/1.1 413"), s.received().constData());
        QVERIFY(s.waitFor("request_too_large", kHangGuardMs));
        QVERIFY(s.waitForClose(kHangGuardMs));
        // Only the completions path counts: the health checker may probe /v1/models meanwhile.
        const QJsonObject byPath = m_mock->backend()->stats()["requests_by_path"].toObject();
        QCOMPARE(byPath["/v1/chat/completions"].toInt(), 0);
    }

    void chunkedBodyOverTheLimit()
    {
        RawSocket s;
        QVERIFY(s.connectTo(m_port));
        QByteArray request
            = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n";
        const QByteArray piece(256 * 1024, 'x');
        for (int i = 0; i < 5; ++i)
            request += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
        s.send(request);
        QVERIFY(s.waitFor("HTTP/1.1 413", kHangGuardMs));
    }

    void headersTooLarge()
    {
        RawSocket s;
        QVERIFY(s.connectTo(m_port));
        s.send(head("X-Filler: " + QByteArray(10 * 1024, 'f') + "\r\n", 2));
        QVERIFY(s.waitFor("HTTP/1.1 431", kHangGuardMs));
        QVERIFY(s.waitForClose(kHangGuardMs));
    }

    void slowHeadersTimeOut()
    {
        // Slowloris: a header byte every 200 ms keeps the connection busy but never finishes. The
        // header timeout (1 s) counts from the connection, not from the last byte: a gateway that
        // restarted it per byte would never answer, and the hang guard would end the test.
        RawSocket s;
        QElapsedTimer clock;
        clock.start();
        QVERIFY(s.connectTo(m_port));
        s.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n");
        while (s.socket().state() == QAbstractSocket::ConnectedState && clock.elapsed() < kHangGuardMs) {
            s.send("X");
            s.waitFor("HTTP/1.1 408", 200);
            if (s.received().contains("HTTP/1.1 408"))
                break;
        }
        QVERIFY2(s.received().startsWith("HTTP/1.1 408"), s.received().constData());
        QVERIFY2(clock.elapsed() >= 990, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(s.waitForClose(kHangGuardMs));
    }

    void stalledBodyTimesOut()
    {
        RawSocket s;
        QVERIFY(s.connectTo(m_port));
        QElapsedTimer clock;
        clock.start(); // before the last byte is sent, so before the body timeout starts
        s.send(head({}, 100) + "{\"model\":");
        QVERIFY(s.waitFor("HTTP/1.1 408", kHangGuardMs));
        QVERIFY2(clock.elapsed() >= 990, qPrintable(QString::number(clock.elapsed())));
    }

    void idleKeepAliveConnectionsAreClosed()
    {
        RawHttpClient client;
        QVERIFY(client.connectToHost(QHostAddress::LocalHost, m_port));
        QElapsedTimer clock;
        clock.start(); // before the request, so before the keep-alive timeout starts
        QCOMPARE(client.request("POST", "/v1/chat/completions", chatBody("m"), authHeaders())->status, 200);
        QVERIFY(client.waitForDisconnected());
        QVERIFY2(clock.elapsed() >= 1490, qPrintable(QString::number(clock.elapsed())));
    }

    void loopbackClientsAreNotCappedPerAddress()
    {
        // Every app on this machine is 127.0.0.1: max_connections_per_client (6 here) must not let
        // one of them lock out the others (issue #15). The per-address cap and the total cap are
        // tested in TestConnectionLimits.
        std::vector<std::unique_ptr<RawSocket>> open;
        for (int i = 0; i < 8; ++i) {
            open.push_back(std::make_unique<RawSocket>());
            QVERIFY(open.back()->connectTo(m_port));
        }
        const auto served = RawHttpClient::fetch(m_port, "GET", "/health/liveliness");
        QVERIFY(served);
        QCOMPARE(served->status, 200);
    }

    void expectContinueIsAnswered()
    {
        const QByteArray body = chatBody("m");
        RawSocket s;
        QVERIFY(s.connectTo(m_port));
        s.send(head("Expect: 100-continue\r\n", body.size()));
        // The body is held back until the interim answer: the gateway must send it at once, not
        // wait for the body (it would answer 408 after its 1 s header timeout instead).
        QVERIFY(s.waitFor("\r\n\r\n", kHangGuardMs));
        QVERIFY2(s.received() == "HTTP/1.1 100 Continue\r\n\r\n", s.received().constData());
        s.send(body);
        QVERIFY(s.waitFor("chat.completion", kHangGuardMs));
        QVERIFY(s.received().contains("HTTP/1.1 200"));
    }

    void expectContinueWithTooLargeBodyGets413()
    {
        RawSocket s;
        QVERIFY(s.connectTo(m_port));
        s.send(head("Expect: 100-continue\r\n", 5 * 1024 * 1024));
        QVERIFY(s.waitFor("\r\n\r\n", kHangGuardMs));
        QVERIFY2(s.received().startsWith("HTTP/1.1 413"), s.received().constData());
    }

    void pipelinedResponsesKeepRequestOrder()
    {
        // The first request is slow, the second fast: the answers must still come in order.
        const QByteArray slow = chatBody("m", "\"mock\":{\"latency_ms\":400,\"tokens\":1}");
        const QByteArray fast = chatBody("m", "\"mock\":{\"tokens\":3}");
        RawHttpClient client;
        QVERIFY(client.connectToHost(QHostAddress::LocalHost, m_port));
        client.send(client.buildRequest("POST", "/v1/chat/completions", slow, authHeaders())
                    + client.buildRequest("POST", "/v1/chat/completions", fast, authHeaders()));
        const auto first = client.readResponse();
        const auto second = client.readResponse();
        QVERIFY(first && second);
        QCOMPARE(first->json()["usage"].toObject()["completion_tokens"].toInt(), 1);
        QCOMPARE(second->json()["usage"].toObject()["completion_tokens"].toInt(), 3);
    }

    void malformedRequestLineGets400()
    {
        RawSocket s;
        QVERIFY(s.connectTo(m_port));
        s.send("HELLO THERE\r\n\r\n");
        QVERIFY(s.waitFor("HTTP/1.1 400", kHangGuardMs));
        QVERIFY(s.received().contains("malformed_http_request"));
        QVERIFY(s.waitForClose(kHangGuardMs));
    }

    void clientGoneBeforeAnswerIsHarmless()
    {
        for (int i = 1; i <= 5; ++i) {
            RawSocket s;
            QVERIFY(s.connectTo(m_port));
            const QByteArray body = chatBody("m", "\"mock\":{\"behavior\":\"hang\"}");
            s.send(head({}, body.size()) + body);
            // Gone while the backend works on it: the gateway cancels the backend's request.
            QTRY_COMPARE_WITH_TIMEOUT(
                m_mock->backend()->stats()["requests_by_path"].toObject()["/v1/chat/completions"].toInt(),
                i,
                kHangGuardMs);
            s.socket().abort();
            QTRY_COMPARE_WITH_TIMEOUT(m_mock->backend()->stats()["cancelled"].toInt(), i, kHangGuardMs);
        }
        QCOMPARE(post(m_port, "/v1/chat/completions", chatBody("m"))->status, 200);
    }

    void http10StreamIsCloseDelimited()
    {
        RawSocket s;
        QVERIFY(s.connectTo(m_port));
        const QByteArray body = chatBody("m", "\"stream\":true");
        QByteArray request = head({}, body.size()) + body;
        request.replace("HTTP/1.1", "HTTP/1.0");
        s.send(request);
        QVERIFY(s.waitForClose(kHangGuardMs));
        const QByteArray& response = s.received();
        QVERIFY(response.startsWith("HTTP/1.1 200"));
        // No chunked coding in any spelling (Qt 6.8's responder writes "Transfer-Encoding"): the
        // body is the bare event stream, ended by the close.
        const qsizetype bodyStart = response.indexOf("\r\n\r\n") + 4;
        QVERIFY(bodyStart > 4);
        QVERIFY2(!response.left(bodyStart).toLower().contains("transfer-encoding"), response.constData());
        QVERIFY2(response.mid(bodyStart).startsWith("data: "), response.constData());
        QVERIFY2(response.endsWith("data: [DONE]\n\n"), response.constData());
    }

    void localhostIsDualStack()
    {
        GatewayProcess local;
        const quint16 port = local.start("model_list: []\ngateway:\n  host: localhost\n  port: 0\n");
        QVERIFY2(port != 0, local.stderrText().constData());
        for (const QHostAddress& address :
             {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)}) {
            RawHttpClient client;
            if (!client.connectToHost(address, port)) {
                if (address.protocol() == QAbstractSocket::IPv6Protocol)
                    QSKIP("IPv6 loopback is not available on this machine");
                QFAIL("IPv4 loopback refused");
            }
            QCOMPARE(client.request("GET", "/health/liveliness")->status, 200);
        }
        QCOMPARE(local.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHttpFront)
#include "TestHttpFront.moc"
