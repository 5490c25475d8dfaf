#include "IntegrationSupport.h"

#include <QTest>

using namespace sy::testing;

// Retries, failover, cooldowns, fallbacks and queueing through the real binary: one mock
// backend misbehaves in each way the issue lists, another is healthy, and the client must see
// only the healthy answer.
class TestFailover : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_good = nullptr;
    MockBackendThread* m_bad = nullptr;

    static QByteArray entry(const QByteArray& group, const QByteArray& id, quint16 port, const QByteArray& extra = {})
    {
        QByteArray out = "  - model_name: " + group + "\n    litellm_params:\n      model: openai/backend-" + group
            + "\n      api_base: http://127.0.0.1:" + QByteArray::number(port) + "/v1\n";
        for (const QByteArray& line : extra.split('\n')) {
            if (!line.trimmed().isEmpty())
                out += "      " + line.trimmed() + '\n';
        }
        return out + "    model_info: {id: " + id + "}\n";
    }

    // "chat" served by bad and good, tried in that order (order 1, then 2) so every request
    // meets the fault first.
    QByteArray pairConfig(const QByteArray& extra = {}, const QByteArray& routing = {}) const
    {
        return gatewayConfig(entry("chat", "bad", m_bad->port(), "order: 1\n" + extra)
                             + entry("chat", "good", m_good->port(), "order: 2\n" + extra))
            + "router_settings:\n  cooldown_time: 1\n" + routing;
    }

    void setBad(const std::function<void(MockKnobs&)>& change)
    {
        MockKnobs knobs;
        change(knobs);
        m_bad->backend()->setDefaults(knobs);
    }

    // Chat calls only: health checks (GET /v1/models) reach the mocks too.
    qint64 badRequests() const
    {
        return m_bad->backend()
            ->stats()
            .value(u"requests_by_path")
            .toObject()
            .value(u"/v1/chat/completions")
            .toInteger();
    }

    static void verifyServedByGood(const std::optional<RawHttpResponse>& r, const QByteArray& attempts)
    {
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("x-switchyard-backend"), QByteArray("good"));
        QCOMPARE(r->header("x-switchyard-attempts"), attempts);
    }

private slots:
    void init()
    {
        MockBackend::Options good;
        good.id = QStringLiteral("good");
        m_good = new MockBackendThread(good);
        MockBackend::Options bad;
        bad.id = QStringLiteral("bad");
        m_bad = new MockBackendThread(bad);
        QVERIFY(m_good->start());
        QVERIFY(m_bad->start());
    }

    void cleanup()
    {
        delete m_good;
        delete m_bad;
    }

    void eachFaultFailsOverInvisibly_data()
    {
        QTest::addColumn<int>("behavior");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("latencyMs");
        QTest::addColumn<bool>("stream");
        using B = MockKnobs::Behavior;
        QTest::newRow("500") << int(B::Normal) << 500 << 0 << false;
        QTest::newRow("500 stream") << int(B::Normal) << 503 << 0 << true;
        QTest::newRow("hang") << int(B::Hang) << 200 << 0 << false;
        QTest::newRow("garbage") << int(B::Garbage) << 200 << 0 << false;
        QTest::newRow("bad json") << int(B::BadJson) << 200 << 0 << false;
        QTest::newRow("closed") << int(B::Close) << 200 << 0 << true;
        QTest::newRow("slow first token") << int(B::Normal) << 200 << 3000 << true;
    }

    void eachFaultFailsOverInvisibly()
    {
        QFETCH(int, behavior);
        QFETCH(int, status);
        QFETCH(int, latencyMs);
        QFETCH(bool, stream);
        setBad([&](MockKnobs& k) {
            k.behavior = MockKnobs::Behavior(behavior);
            k.status = status;
            k.latencyMs = latencyMs;
        });
        GatewayProcess gw;
        const quint16 port = gw.start(pairConfig("timeout: 1\nstream_timeout: 1"));
        QVERIFY(port);
        const auto r = post(port, "/v1/chat/completions", chatBody("chat", stream ? "\"stream\":true" : ""));
        verifyServedByGood(r, "2");
        if (stream) {
            QVERIFY(r->body.contains("data: [DONE]"));
            QVERIFY(!r->body.contains("event: error"));
        } else {
            QCOMPARE(jsonOf(r->body).value(u"system_fingerprint").toString(), QString("good"));
        }
        QCOMPARE(badRequests(), 1);
        QCOMPARE(gw.terminate(), 0);
    }

    void refusedConnectionsFailOverAndCoolDown()
    {
        GatewayProcess gw;
        const quint16 port = gw.start(pairConfig());
        QVERIFY(port);
        QVERIFY(!m_bad->backend()->setListening(false));
        verifyServedByGood(post(port, "/v1/chat/completions", chatBody("chat")), "2");
        // Cooling down now: the next requests go straight to the good one.
        for (int i = 0; i < 5; ++i)
            verifyServedByGood(post(port, "/v1/chat/completions", chatBody("chat")), "1");
        // Back, and the 1 s cooldown over: the bad one (order 1) serves again.
        QVERIFY(m_bad->backend()->setListening(true));
        QTest::qWait(1100);
        QTRY_COMPARE_WITH_TIMEOUT(post(port, "/v1/chat/completions", chatBody("chat"))->header("x-switchyard-backend"),
                                  QByteArray("bad"),
                                  6000);
        QCOMPARE(gw.terminate(), 0);
    }

    void rateLimitedHonoursRetryAfter()
    {
        setBad([](MockKnobs& k) {
            k.status = 429;
            k.retryAfter = 2;
        });
        GatewayProcess gw;
        const quint16 port = gw.start(pairConfig());
        QVERIFY(port);
        verifyServedByGood(post(port, "/v1/chat/completions", chatBody("chat")), "2");
        setBad([](MockKnobs&) {}); // healthy again, but it asked for 2 s
        for (int i = 0; i < 5; ++i)
            verifyServedByGood(post(port, "/v1/chat/completions", chatBody("chat")), "1");
        QCOMPARE(badRequests(), 1);
        QTest::qWait(2100);
        QCOMPARE(post(port, "/v1/chat/completions", chatBody("chat"))->header("x-switchyard-backend"),
                 QByteArray("bad"));
        QCOMPARE(gw.terminate(), 0);
    }

    void aCutBeforeTheFirstEventFailsOverAfterItEndsTheStreamWithAnError()
    {
        GatewayProcess gw;
        const quint16 port = gw.start(pairConfig());
        QVERIFY(port);
        setBad([](MockKnobs& k) {
            k.behavior = MockKnobs::Behavior::Cut;
            k.cutAfter = 0;
        });
        const auto early = post(port, "/v1/chat/completions", chatBody("chat", "\"stream\":true"));
        verifyServedByGood(early, "2");
        QVERIFY(early->body.contains("data: [DONE]"));

        // Cut after two events: the client has them already, so no failover: an SSE error and
        // no [DONE]. A broken stream never looks finished.
        QTest::qWait(1100); // the bad one's cooldown from the first cut
        setBad([](MockKnobs& k) {
            k.behavior = MockKnobs::Behavior::Cut;
            k.cutAfter = 2;
        });
        QByteArray body;
        for (int i = 0; i < 3 && !body.contains("event: error"); ++i) {
            const auto r = post(port, "/v1/chat/completions", chatBody("chat", "\"stream\":true"));
            QVERIFY(r);
            body = r->body;
        }
        QVERIFY2(body.contains("event: error"), body.constData());
        QVERIFY(body.contains("\"error\""));
        QVERIFY(!body.contains("[DONE]"));
        QCOMPARE(gw.terminate(), 0);
    }

    void everyDeploymentDownIsAClearErrorAfterTrying()
    {
        QVERIFY(!m_bad->backend()->setListening(false));
        QVERIFY(!m_good->backend()->setListening(false));
        GatewayProcess gw;
        const quint16 port = gw.start(pairConfig());
        QVERIFY(port);
        const auto r = post(port, "/v1/chat/completions", chatBody("chat"));
        QVERIFY(r);
        QCOMPARE(r->status, 502);
        const QJsonObject error = jsonOf(r->body).value(u"error").toObject();
        QCOMPARE(error.value(u"code").toString(), QString("upstream_connect_failed"));
        QVERIFY(!error.value(u"message").toString().isEmpty());
        // Both in cooldown now, yet the next request still tries (the least recently failed).
        QCOMPARE(post(port, "/v1/chat/completions", chatBody("chat"))->status, 502);
        QVERIFY(m_good->backend()->setListening(true));
        QCOMPARE(post(port, "/v1/chat/completions", chatBody("chat"))->status, 200);
        QCOMPARE(gw.terminate(), 0);
    }

    void fallbacksServeWhenTheGroupCannot()
    {
        setBad([](MockKnobs& k) { k.status = 500; });
        GatewayProcess gw;
        const QByteArray models = entry("primary", "bad", m_bad->port()) + entry("secondary", "good", m_good->port());
        const quint16 port = gw.start(gatewayConfig(models)
                                      + "router_settings:\n  num_retries: 1\n"
                                        "  fallbacks: [{primary: [missing, secondary]}]\n");
        QVERIFY(port);
        const auto r = post(port, "/v1/chat/completions", chatBody("primary"));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("x-switchyard-backend"), QByteArray("good"));
        QCOMPARE(r->header("x-litellm-attempted-fallbacks"), QByteArray("2")); // "missing" counted, then served
        QCOMPARE(r->header("x-litellm-model-group"), QByteArray("primary"));
        QCOMPARE(badRequests(), 2); // the first attempt and one retry
        QCOMPARE(gw.terminate(), 0);
    }

    void contextWindowErrorsUseTheirOwnFallbacks()
    {
        setBad([](MockKnobs& k) { k.contextError = true; });
        GatewayProcess gw;
        const QByteArray models = entry("small", "bad", m_bad->port()) + entry("large", "good", m_good->port());
        const quint16 port
            = gw.start(gatewayConfig(models) + "router_settings:\n  context_window_fallbacks: [{small: [large]}]\n");
        QVERIFY(port);
        const auto r = post(port, "/v1/chat/completions", chatBody("small"));
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("x-switchyard-backend"), QByteArray("good"));
        QCOMPARE(badRequests(), 1); // a context error is not retried on the same group
        QCOMPARE(gw.terminate(), 0);
        // Without a context fallback the client gets the backend's own 400.
        GatewayProcess plain;
        const quint16 plainPort = plain.start(gatewayConfig(models));
        const auto e = post(plainPort, "/v1/chat/completions", chatBody("small"));
        QCOMPARE(e->status, 400);
        QCOMPARE(jsonOf(e->body).value(u"error").toObject().value(u"code").toString(),
                 QString("context_length_exceeded"));
        QCOMPARE(plain.terminate(), 0);
    }

    void saturatedGroupsQueueThenRefuseWhenTheQueueIsFull()
    {
        MockKnobs slow;
        slow.latencyMs = 400;
        m_good->backend()->setDefaults(slow);
        GatewayProcess gw;
        // No health checks: their GETs would count in the mock's max_in_flight.
        const quint16 port = gw.start(gatewayConfig(entry("chat", "good", m_good->port(), "max_parallel_requests: 1"),
                                                    "health_check: {enabled: false}")
                                      + "router_settings:\n  queue_size: 1\n  queue_timeout: 5\n");
        QVERIFY(port);
        RawHttpClient first, second, third;
        for (RawHttpClient* c : {&first, &second, &third}) {
            QVERIFY(c->connectToHost(QHostAddress::LocalHost, port));
            c->send(c->buildRequest("POST", "/v1/chat/completions", chatBody("chat"), authHeaders()));
            QTest::qWait(50); // arrive in this order
        }
        const auto r1 = first.readResponse(5000);
        const auto r2 = second.readResponse(5000);
        const auto r3 = third.readResponse(5000);
        QVERIFY(r1 && r2 && r3);
        QCOMPARE(r1->status, 200);
        QCOMPARE(r2->status, 200); // waited its turn
        QCOMPARE(r3->status, 429); // the queue (size 1) was full
        QVERIFY(!r3->header("retry-after").isEmpty());
        QVERIFY(jsonOf(r3->body).value(u"error").toObject().value(u"message").toString().contains("queue"));
        QCOMPARE(m_good->backend()->stats().value(u"max_in_flight").toInt(), 1);
        QCOMPARE(gw.terminate(), 0);
    }

    void sessionAffinityKeepsAUserOnOneBackend()
    {
        GatewayProcess gw;
        const QByteArray models = entry("chat", "good", m_good->port()) + entry("chat", "bad", m_bad->port());
        const quint16 port = gw.start(
            gatewayConfig(models) + "router_settings:\n  session_affinity: true\n  routing_strategy: round-robin\n");
        QVERIFY(port);
        for (const char* user : {"alice", "bob"}) {
            QSet<QByteArray> served;
            for (int i = 0; i < 6; ++i) {
                const auto r
                    = post(port, "/v1/chat/completions", chatBody("chat", "\"user\":\"" + QByteArray(user) + "\""));
                served.insert(r->header("x-switchyard-backend"));
            }
            QCOMPARE(served.size(), 1);
        }
        QCOMPARE(gw.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFailover)
#include "TestFailover.moc"
