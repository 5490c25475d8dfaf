#include "IntegrationSupport.h"

#include <QTest>

using namespace sy::testing;

// A client that closes its connection once it has its answer got that answer: the request is
// recorded as the 200 it was, never as 499 client_closed_request (issue #11). This covers every
// HTTP/1.0 client, `Connection: close` (Python's urllib, `curl -H "Connection: close"`), and a
// keep-alive client that hangs up right after the response.
class TestConnectionClose : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockBackendThread> m_mock;
    std::unique_ptr<GatewayProcess> m_gateway;
    quint16 m_port = 0;

    // The sum of every series of @p metric in /metrics (0 when it has none yet).
    qint64 metricSum(const QByteArray& metric) const
    {
        const auto metrics = RawHttpClient::fetch(m_port, "GET", "/metrics", {}, authHeaders());
        qint64 sum = 0;
        for (const QByteArray& line : metrics ? metrics->body.split('\n') : QList<QByteArray>()) {
            if (line.startsWith(metric + '{') || line.startsWith(metric + ' '))
                sum += line.mid(line.lastIndexOf(' ') + 1).toLongLong();
        }
        return sum;
    }

    QJsonArray spendLogs() const
    {
        const auto r = RawHttpClient::fetch(m_port, "GET", "/spend/logs?limit=100", {}, authHeaders());
        return r && r->status == 200 ? QJsonDocument::fromJson(r->body).array() : QJsonArray();
    }

    // The raw request: HTTP/1.0, or HTTP/1.1 with or without `Connection: close`.
    static QByteArray rawRequest(const QByteArray& version, bool close, bool stream)
    {
        const QByteArray body = chatBody("chat", stream ? "\"stream\":true" : "");
        QByteArray request = "POST /v1/chat/completions " + version + "\r\nHost: 127.0.0.1\r\n";
        request += "Authorization: Bearer " + kMasterKey + "\r\nContent-Type: application/json\r\n";
        if (close)
            request += "Connection: close\r\n";
        return request + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }

private slots:
    void initTestCase()
    {
        m_mock = std::make_unique<MockBackendThread>();
        QVERIFY(m_mock->start());
    }

    void init()
    {
        m_gateway = std::make_unique<GatewayProcess>();
        m_port = m_gateway->start(gatewayConfig(mockModelEntry("chat", m_mock->port())));
        QVERIFY2(m_port != 0, m_gateway->stderrText().constData());
    }

    void cleanup()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
        m_gateway.reset();
    }

    void aClosingClientIsRecordedAsServed_data()
    {
        QTest::addColumn<QByteArray>("version");
        QTest::addColumn<bool>("askClose"); ///< the request says Connection: close
        QTest::addColumn<bool>("stream");
        for (const bool stream : {false, true}) {
            const char* kind = stream ? " stream" : " json";
            QTest::addRow("HTTP/1.0%s", kind) << QByteArray("HTTP/1.0") << false << stream;
            QTest::addRow("Connection: close%s", kind) << QByteArray("HTTP/1.1") << true << stream;
            QTest::addRow("keep-alive, then close%s", kind) << QByteArray("HTTP/1.1") << false << stream;
        }
    }

    void aClosingClientIsRecordedAsServed()
    {
        QFETCH(QByteArray, version);
        QFETCH(bool, askClose);
        QFETCH(bool, stream);
        constexpr int kRequests = 3;
        for (int i = 0; i < kRequests; ++i) {
            RawHttpClient client;
            QVERIFY(client.connectToHost(QHostAddress::LocalHost, m_port));
            client.send(rawRequest(version, askClose, stream));
            if (version == "HTTP/1.0" || askClose) {
                // The gateway ends the connection after the response.
                QVERIFY(client.waitForDisconnected(30'000));
            } else {
                const auto response = client.readResponse(30'000);
                QVERIFY(response && response->complete);
                client.disconnectFromHost(); // at once, as a one-shot client does
            }
            // An HTTP/1.1 server answers HTTP/1.0 clients with its own version (RFC 9110 2.5).
            const QByteArray received = client.received();
            QVERIFY2(received.startsWith("HTTP/1.1 200 "), received.left(200).constData());
            QVERIFY2(received.contains(stream ? "data: [DONE]" : "\"chat.completion\""), received.constData());
        }

        // Every request is counted once done; none of them as failed.
        QTRY_COMPARE_WITH_TIMEOUT(metricSum("litellm_proxy_total_requests_metric_total"), kRequests, 30'000);
        QCOMPARE(metricSum("litellm_proxy_failed_requests_metric_total"), 0);
        QTRY_COMPARE_WITH_TIMEOUT(spendLogs().size(), kRequests, 30'000);
        for (const QJsonValue& row : spendLogs()) {
            const QJsonObject metadata = row[u"metadata"].toObject();
            QCOMPARE(metadata[u"status_code"].toInt(), 200);
            QVERIFY2(metadata[u"error_code"].isNull(), qPrintable(metadata[u"error_code"].toString()));
            QCOMPARE(row[u"status"].toString(), QStringLiteral("success"));
            QVERIFY(row[u"completion_tokens"].toInt() > 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestConnectionClose)
#include "TestConnectionClose.moc"
