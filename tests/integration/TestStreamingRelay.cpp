#include "IntegrationSupport.h"

#include <QTest>

using namespace sy::testing;

// SSE relaying through the real gateway: timing, headers, usage, disconnects, broken streams.
class TestStreamingRelay : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_mock = nullptr;
    GatewayProcess* m_gateway = nullptr;
    quint16 m_port = 0;

    QJsonObject stats() const { return m_mock->backend()->stats(); }

    std::unique_ptr<RawHttpClient> openStream(const QByteArray& body)
    {
        auto client = std::make_unique<RawHttpClient>();
        if (!client->connectToHost(QHostAddress::LocalHost, m_port))
            return nullptr;
        client->send(client->buildRequest("POST", "/v1/chat/completions", body, authHeaders()));
        return client;
    }

    static bool isUsageChunk(const SseEvent& e)
    {
        const QJsonObject j = e.json();
        return j["choices"].isArray() && j["choices"].toArray().isEmpty() && j["usage"].isObject();
    }

    int metricValue(const QByteArray& series)
    {
        const auto metrics = RawHttpClient::fetch(m_port, "GET", "/metrics");
        for (const QByteArray& line : metrics->body.split('\n')) {
            if (line.startsWith(series + ' '))
                return line.mid(series.size() + 1).toInt();
        }
        return 0;
    }

private slots:
    void initTestCase()
    {
        m_mock = new MockBackendThread;
        QVERIFY(m_mock->start());
        m_gateway = new GatewayProcess;
        m_port = m_gateway->start(gatewayConfig(mockModelEntry("chat", m_mock->port(), "stream_timeout: 2")));
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

    void eventsArriveAsTheyAreSent()
    {
        // The backend holds each event until the test releases it (the mock's step knob). Each
        // event must reach the client while the next one is still held: nothing is buffered,
        // whatever the machine's speed. Buffering would leave the client waiting (hang guard).
        auto client = openStream(chatBody("chat", "\"stream\":true,\"mock\":{\"tokens\":5,\"step\":true}"));
        QVERIFY(client);
        QList<SseEvent> events;
        for (int i = 0; i < 6; ++i) { // 5 tokens, then the finish chunk
            if (i > 0)
                m_mock->backend()->releaseEvents(1);
            const auto event = client->readEvent();
            QVERIFY2(event, qPrintable(QStringLiteral("event %1 did not arrive before the next was sent").arg(i)));
            QVERIFY2(event->data != "[DONE]", event->raw.constData());
            events << *event;
        }
        QCOMPARE(
            events.first().json()["choices"].toArray().first().toObject()["delta"].toObject()["content"].toString(),
            QStringLiteral("tok0 "));
        m_mock->backend()->releaseEvents(2); // the usage chunk (stripped) and [DONE]
        const QList<SseEvent> rest = client->readAllEvents();
        QVERIFY(client->streamEnded());
        QCOMPARE(rest.size(), 1);
        QCOMPARE(rest.last().data, QByteArray("[DONE]"));
    }

    void streamHeaders()
    {
        auto client = openStream(chatBody("chat", "\"stream\":true"));
        QVERIFY(client);
        const auto head = client->waitForHead();
        QVERIFY(head);
        QCOMPARE(head->status, 200);
        QCOMPARE(head->header("content-type"), QByteArray("text/event-stream"));
        QCOMPARE(head->header("cache-control"), QByteArray("no-cache"));
        QCOMPARE(head->header("x-accel-buffering"), QByteArray("no"));
        QCOMPARE(head->header("transfer-encoding"), QByteArray("chunked"));
        client->readAllEvents();
        QVERIFY(client->streamEnded());
    }

    void usageIsAskedForButNotShownUnlessRequested()
    {
        const int before
            = metricValue("litellm_output_tokens_metric_total{requested_model=\"chat\",model=\"backend-chat\"}");
        auto client = openStream(chatBody("chat", "\"stream\":true,\"mock\":{\"tokens\":4}"));
        const QList<SseEvent> events = client->readAllEvents();
        QVERIFY(client->streamEnded());
        // 4 tokens + the finish chunk + [DONE], and no usage chunk.
        QCOMPARE(events.size(), 6);
        for (const SseEvent& e : events)
            QVERIFY2(!isUsageChunk(e), e.raw.constData());
        // The backend was asked for usage all the same, and the tokens were counted.
        const QByteArray forwarded = stats()["last_request"].toObject()["body"].toString().toUtf8();
        QVERIFY(forwarded.contains("\"stream_options\":{\"include_usage\":true}"));
        const int after
            = metricValue("litellm_output_tokens_metric_total{requested_model=\"chat\",model=\"backend-chat\"}");
        QCOMPARE(after - before, 4);
    }

    void usageChunkIsKeptWhenRequested()
    {
        auto client = openStream(
            chatBody("chat", "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"mock\":{\"tokens\":3}"));
        const QList<SseEvent> events = client->readAllEvents();
        QCOMPARE(events.size(), 6); // 3 tokens, finish, usage, [DONE]
        QVERIFY(isUsageChunk(events[4]));
        QCOMPARE(events[4].json()["usage"].toObject()["completion_tokens"].toInt(), 3);
        QCOMPARE(events.last().data, QByteArray("[DONE]"));
    }

    void explicitIncludeUsageFalseIsOverriddenThenStripped()
    {
        auto client = openStream(chatBody("chat", "\"stream\":true,\"stream_options\":{\"include_usage\":false}"));
        const QList<SseEvent> events = client->readAllEvents();
        for (const SseEvent& e : events)
            QVERIFY(!isUsageChunk(e));
        const QByteArray forwarded = stats()["last_request"].toObject()["body"].toString().toUtf8();
        QVERIFY2(forwarded.contains("\"stream_options\":{\"include_usage\":true}"), forwarded.constData());
    }

    void clientDisconnectAbortsTheUpstream()
    {
        // A stepped stream never ends by itself: only the client leaving can end it.
        auto client = openStream(chatBody("chat", "\"stream\":true,\"mock\":{\"tokens\":50,\"step\":true}"));
        QVERIFY(client->readEvent());
        QCOMPARE(stats()["cancelled"].toInt(), 0);
        client->abort();
        QTRY_COMPARE_WITH_TIMEOUT(stats()["cancelled"].toInt(), 1, RawHttpClient::kWaitMs);
        // The gateway is unharmed and the client's request is counted as 499.
        QCOMPARE(post(m_port, "/v1/chat/completions", chatBody("chat"))->status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(
            metricValue("litellm_proxy_total_requests_metric_total{requested_model=\"chat\",status_code=\"499\"}") >= 1,
            RawHttpClient::kWaitMs);
    }

    void brokenStreamEndsWithAnErrorEventAndNoDone()
    {
        auto client = openStream(
            chatBody("chat", "\"stream\":true,\"mock\":{\"behavior\":\"cut\",\"cut_after\":2,\"tokens\":5}"));
        const QList<SseEvent> events = client->readAllEvents();
        QVERIFY(events.size() >= 3);
        const SseEvent& last = events.last();
        QCOMPARE(last.event, QByteArray("error"));
        const QJsonObject error = last.json()["error"].toObject();
        QVERIFY(!error["message"].toString().isEmpty());
        QCOMPARE(error["code"].toString(), QString("upstream_connection_closed"));
        for (const SseEvent& e : events)
            QVERIFY(e.data != "[DONE]");
        // The HTTP body is cut too, so even a client that ignores the event sees a broken stream.
        QVERIFY(client->waitForDisconnected());
        const QByteArray raw = client->received();
        QVERIFY(!raw.endsWith("0\r\n\r\n"));
    }

    void streamThatGoesSilentTimesOut()
    {
        // stream_timeout is 2 s: a backend that stops mid-stream (a stepped stream nobody
        // releases) is cut off, with an error event that names the timeout.
        auto client = openStream(chatBody("chat", "\"stream\":true,\"mock\":{\"tokens\":3,\"step\":true}"));
        const QList<SseEvent> events = client->readAllEvents();
        QVERIFY(client->streamEnded());
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.last().event, QByteArray("error"));
        QCOMPARE(events.last().json()["error"].toObject()["code"].toString(), QString("upstream_timeout"));
    }

    void upstreamErrorBeforeTheStreamIsJson()
    {
        const auto response
            = post(m_port, "/v1/chat/completions", chatBody("chat", "\"stream\":true,\"mock\":{\"status\":500}"));
        QVERIFY(response);
        QCOMPARE(response->status, 500);
        QCOMPARE(response->header("content-type"), QByteArray("application/json"));
        QVERIFY(response->json()["error"].toObject().contains("message"));
    }
};

QTEST_GUILESS_MAIN(TestStreamingRelay)
#include "TestStreamingRelay.moc"
