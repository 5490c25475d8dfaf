#include "IntegrationSupport.h"

#include <QElapsedTimer>
#include <QTest>

using namespace sy::testing;

namespace {

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

} // namespace

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
    // meets the fault first. @p badExtra goes to the bad one only (say, its short timeouts: the
    // good one keeps the default, so a loaded machine cannot make it fail too).
    QByteArray pairConfig(const QByteArray& badExtra = {}, int cooldownSeconds = 1) const
    {
        return gatewayConfig(entry("chat", "bad", m_bad->port(), "order: 1\n" + badExtra)
                             + entry("chat", "good", m_good->port(), "order: 2\n"))
            + "router_settings:\n  cooldown_time: " + QByteArray::number(cooldownSeconds) + "\n";
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

    // Sends requests until one is served by the bad backend (hang guard aside); exactly one is.
    static bool untilServedByBad(quint16 port)
    {
        return QTest::qWaitFor(
            [port] {
                const auto r = post(port, "/v1/chat/completions", chatBody("chat"));
                return r && r->header("x-switchyard-backend") == "bad";
            },
            kHangGuardMs);
    }

    // The sum of a metric's series for deployment @p id (/metrics text).
    static int metricSum(const QByteArray& metrics, const QByteArray& name, const QByteArray& id)
    {
        int sum = 0;
        for (const QByteArray& line : metrics.split('\n')) {
            if (line.startsWith(name + '{') && line.contains("model_id=\"" + id + '"'))
                sum += line.mid(line.lastIndexOf(' ') + 1).toInt();
        }
        return sum;
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
        QTest::newRow("slow first token") << int(B::Normal) << 200 << 600'000 << true; // far past its 1 s timeout
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

    // The cooldown starts when the gateway sees the failure: after the first request was sent and
    // before its answer arrived. So an answer that arrives within the cooldown of that send was
    // routed during the cooldown, however slow the machine; later ones prove nothing either way.
    void refusedConnectionsFailOverAndCoolDown()
    {
        constexpr int kCooldownMs = 3000;
        GatewayProcess gw;
        // No health checks: one that passed over a connection the mock still had open (closing
        // the listener keeps those) ended the cooldown early, on a busy machine now and then.
        const quint16 port
            = gw.start(gatewayConfig(entry("chat", "bad", m_bad->port(), "order: 1\n")
                                         + entry("chat", "good", m_good->port(), "order: 2\n"),
                                     "health_check: {enabled: false}")
                       + "router_settings:\n  cooldown_time: " + QByteArray::number(kCooldownMs / 1000) + "\n");
        QVERIFY(port);
        QVERIFY(!m_bad->backend()->setListening(false));
        QElapsedTimer sinceFailure;
        sinceFailure.start();
        verifyServedByGood(post(port, "/v1/chat/completions", chatBody("chat")), "2");
        // Cooling down now: the next requests go straight to the good one.
        int duringCooldown = 0;
        for (int i = 0; i < 5; ++i) {
            const auto r = post(port, "/v1/chat/completions", chatBody("chat"));
            if (sinceFailure.elapsed() < kCooldownMs) {
                verifyServedByGood(r, "1");
                ++duringCooldown;
            }
        }
        QVERIFY2(duringCooldown > 0, "no answer came within the cooldown: nothing was checked");
        // Back, and once the cooldown is over, the bad one (order 1) serves again.
        QVERIFY(m_bad->backend()->setListening(true));
        QVERIFY(untilServedByBad(port));
        QVERIFY(sinceFailure.elapsed() >= kCooldownMs);
        QCOMPARE(gw.terminate(), 0);
    }

    void rateLimitedHonoursRetryAfter()
    {
        constexpr int kRetryAfterS = 3;
        setBad([](MockKnobs& k) {
            k.status = 429;
            k.retryAfter = kRetryAfterS;
        });
        GatewayProcess gw;
        const quint16 port = gw.start(pairConfig());
        QVERIFY(port);
        QElapsedTimer sinceLimited; // see refusedConnectionsFailOverAndCoolDown
        sinceLimited.start();
        verifyServedByGood(post(port, "/v1/chat/completions", chatBody("chat")), "2");
        setBad([](MockKnobs&) {}); // healthy again, but it asked for 3 s, longer than cooldown_time
        int duringRetryAfter = 0;
        for (int i = 0; i < 5; ++i) {
            const auto r = post(port, "/v1/chat/completions", chatBody("chat"));
            if (sinceLimited.elapsed() < kRetryAfterS * 1000) {
                verifyServedByGood(r, "1");
                ++duringRetryAfter;
            }
        }
        QVERIFY2(duringRetryAfter > 0, "no answer came within the Retry-After: nothing was checked");
        QVERIFY(untilServedByBad(port));
        QVERIFY(sinceLimited.elapsed() >= kRetryAfterS * 1000);
        QCOMPARE(badRequests(), 2); // the 429, then the first request after its Retry-After
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
        QTest::qWait(1100); // the bad one's cooldown from the first cut (its failure was before this wait)
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

    void aBackendThatCutsEveryStreamIsCooledDown()
    {
        // Issue #15: the bad one (tried first) cuts every stream after its second event, when
        // the client already has bytes: no failover for those, but each cut counts against it, so
        // after allowed_fails + 1 of them it is cooled down (for an hour: the rest of this test)
        // and every later stream goes to the good one, whole.
        setBad([](MockKnobs& k) {
            k.behavior = MockKnobs::Behavior::Cut;
            k.cutAfter = 2;
        });
        GatewayProcess gw;
        // No health checks: a passing one ends a cooldown, and the mock passes them. The two cuts
        // come back to back, well within allowed_fails' one-minute window.
        const quint16 port = gw.start(gatewayConfig(entry("chat", "bad", m_bad->port(), "order: 1\n")
                                                        + entry("chat", "good", m_good->port(), "order: 2\n"),
                                                    "health_check: {enabled: false}")
                                      + "router_settings:\n  cooldown_time: 3600\n  allowed_fails: 1\n");
        QVERIFY(port);
        constexpr int kStreams = 10;
        QList<QByteArray> servedBy;
        for (int i = 0; i < kStreams; ++i) {
            const auto r = post(port, "/v1/chat/completions", chatBody("chat", "\"stream\":true"));
            QVERIFY(r);
            QCOMPARE(r->status, 200); // the head went out before the cut
            const QByteArray backend = r->header("x-switchyard-backend");
            QVERIFY2(backend == "good" ? r->body.contains("data: [DONE]") : r->body.contains("event: error"),
                     r->body.constData());
            servedBy << backend;
        }
        QCOMPARE(servedBy.count("bad"), 2); // allowed_fails (1) exceeded on the second cut
        QCOMPARE(servedBy.mid(2), QList<QByteArray>(kStreams - 2, "good"));
        QCOMPARE(badRequests(), 2);
        // The gateway's own count agrees: two calls to the bad one, both failures.
        const QByteArray metrics = RawHttpClient::fetch(port, "GET", "/metrics", {}, authHeaders())->body;
        QCOMPARE(metricSum(metrics, "litellm_deployment_total_requests_total", "bad"), 2);
        QCOMPARE(metricSum(metrics, "litellm_deployment_failure_responses_total", "bad"), 2);
        QCOMPARE(metricSum(metrics, "litellm_deployment_total_requests_total", "good"), kStreams - 2);
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
        GatewayProcess gw;
        // No health checks: their GETs would count in the mock's max_in_flight.
        const quint16 port = gw.start(gatewayConfig(entry("chat", "good", m_good->port(), "max_parallel_requests: 1"),
                                                    "health_check: {enabled: false}")
                                      + "router_settings:\n  queue_size: 1\n  queue_timeout: 30\n");
        QVERIFY(port);
        const auto chatsInGateway = [&] {
            const auto metrics = RawHttpClient::fetch(port, "GET", "/metrics", {}, authHeaders());
            const QByteArray series = "switchyard_in_flight_requests{requested_model=\"chat\"} ";
            const qsizetype at = metrics ? metrics->body.indexOf(series) : -1;
            return at < 0 ? -1 : metrics->body.mid(at + series.size()).split('\n').first().toInt();
        };
        // The first holds the only slot (a stream the mock sends on only when released), the
        // second waits in the queue, the third finds the queue full. Each is sent once the
        // gateway has the one before: arrival order is not left to the scheduler.
        RawHttpClient first, second, third;
        for (RawHttpClient* c : {&first, &second, &third})
            QVERIFY(c->connectToHost(QHostAddress::LocalHost, port));
        first.send(first.buildRequest("POST",
                                      "/v1/chat/completions",
                                      chatBody("chat", "\"stream\":true,\"mock\":{\"step\":true}"),
                                      authHeaders()));
        QTRY_COMPARE_WITH_TIMEOUT(m_good->backend()->stats().value(u"in_flight").toInt(), 1, kHangGuardMs);
        second.send(second.buildRequest("POST", "/v1/chat/completions", chatBody("chat"), authHeaders()));
        QTRY_COMPARE_WITH_TIMEOUT(chatsInGateway(), 2, kHangGuardMs);
        third.send(third.buildRequest("POST", "/v1/chat/completions", chatBody("chat"), authHeaders()));
        const auto r3 = third.readResponse();
        QVERIFY(r3);
        QCOMPARE(r3->status, 429); // the queue (size 1) was full
        QVERIFY(!r3->header("retry-after").isEmpty());
        QVERIFY(jsonOf(r3->body).value(u"error").toObject().value(u"message").toString().contains("queue"));
        m_good->backend()->releaseEvents(100);
        const auto r1 = first.readResponse();
        const auto r2 = second.readResponse();
        QVERIFY(r1 && r2);
        QCOMPARE(r1->status, 200);
        QVERIFY(r1->body.contains("data: [DONE]"));
        QCOMPARE(r2->status, 200); // waited its turn
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
