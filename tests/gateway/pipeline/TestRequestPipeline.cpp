// The request pipeline's orchestration (Exchange, RelayStage and their stages) through its stable
// entry point, RequestPipeline::handleRequest(): a scripted fake backend, recording clients, a
// real Router on a manual clock. Retries, failover, cooldowns, streaming and back-pressure are
// checked step by step, without sockets or processes.
#include "gateway/routing/FailoverPolicy.h"
#include "tests/gateway/support/PipelineHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sy;
using namespace sy::testing;

namespace {

// Only a guard against hangs: every wait below ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

const QByteArray kTwoDeployments = "model_list:\n" + deploymentYaml("chat", 1001) + deploymentYaml("chat", 1002);

QByteArray withRouter(const QByteArray& modelList, const QByteArray& routerSettings)
{
    return modelList + "router_settings:\n" + routerSettings;
}

HttpHeaders headersOf(std::initializer_list<std::pair<QByteArray, QByteArray>> fields)
{
    HttpHeaders h;
    for (const auto& [name, value] : fields)
        h.add(name, value);
    return h;
}

QJsonObject errorOf(const ChannelLog& log)
{
    return QJsonDocument::fromJson(log.body).object().value(u"error").toObject();
}

// Lets zero-interval timers (the exchange's retry, the reaper) run, without waiting for anything.
void spinEventLoop()
{
    for (int i = 0; i < 5; ++i)
        QCoreApplication::processEvents();
}

} // namespace

class TestRequestPipeline : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PipelineHarness> h;

    bool load(const QByteArray& yaml)
    {
        if (!h->load(yaml)) {
            qWarning().noquote() << h->configError;
            return false;
        }
        return true;
    }

    const Deployment& deploymentAt(quint16 port) const
    {
        for (const Deployment& d : h->pipeline.config()->deployments) {
            if (d.origin.port == port)
                return d;
        }
        qFatal("no deployment at port %d", int(port));
    }

    // Makes @p call fail the way @p how names.
    static void failCall(FakeCall& call, const QByteArray& how)
    {
        if (how == "500")
            call.reply(500, R"({"error":{"message":"backend exploded","type":"server_error"}})");
        else if (how == "connect failed")
            call.error(UpstreamError::Kind::ConnectFailed, QStringLiteral("Connection refused"));
        else if (how == "first byte timeout")
            call.error(UpstreamError::Kind::FirstByteTimeout);
        else if (how == "closed early")
            call.error(UpstreamError::Kind::ConnectionClosed);
        else if (how == "invalid json")
            call.reply(200, "<html>oops</html>");
        else if (how == "empty body")
            call.reply(200, "");
        else if (how == "empty stream") {
            call.beginStream();
            call.end();
        }
    }

private slots:
    void init() { h = std::make_unique<PipelineHarness>(); }
    void cleanup() { h.reset(); }

    void aJsonAnswerIsRelayedAndAccounted()
    {
        QVERIFY(load("model_list:\n" + deploymentYaml("chat", 1001)));
        auto log = h->chat(chatRequest("chat"));
        QCOMPARE(h->upstream.count(), 1);
        const UpstreamRequest& sent = h->upstream.call(0).request;
        QCOMPARE(sent.target, QByteArray("/v1/chat/completions"));
        QVERIFY2(sent.body.contains(R"("model":"chat-backend")"), sent.body.constData());
        QCOMPARE(sent.headers.value("authorization"), QByteArray("Bearer sk-b"));
        QVERIFY(!log->finished());

        h->upstream.call(0).reply(200, completionJson("hello there", 3, 2));
        QCOMPARE(log->status, 200);
        QCOMPARE(log->body, completionJson("hello there", 3, 2));
        QCOMPARE(log->headers.value("x-switchyard-backend"), deploymentAt(1001).idBytes);
        QCOMPARE(log->headers.value("x-switchyard-attempts"), QByteArray("1"));
        QCOMPARE(h->pipeline.exchangesInFlight(), 0);
        QCOMPARE(h->router.inFlight(deploymentAt(1001).stateKey()), 0);

        QCOMPARE(h->records().size(), 1);
        const RequestRecord& r = h->records().first();
        QCOMPARE(r.status, 200);
        QVERIFY(r.errorCode.isEmpty());
        QCOMPARE(r.usage.promptTokens, 3);
        QCOMPARE(r.usage.completionTokens, 2);
        QVERIFY(!r.usage.estimated);
        QCOMPARE(r.deploymentId, deploymentAt(1001).id);
    }

    void aFailedAttemptIsRetriedOnAnotherDeployment_data()
    {
        QTest::addColumn<QByteArray>("how");
        for (const char* how : {"500",
                                "connect failed",
                                "first byte timeout",
                                "closed early",
                                "invalid json",
                                "empty body",
                                "empty stream"})
            QTest::newRow(how) << QByteArray(how);
    }

    void aFailedAttemptIsRetriedOnAnotherDeployment()
    {
        QFETCH(QByteArray, how);
        QVERIFY(load(kTwoDeployments));
        auto log = h->chat(chatRequest("chat", how == "empty stream" ? "\"stream\":true" : ""));
        QCOMPARE(h->upstream.count(), 1);
        failCall(h->upstream.call(0), how);
        QVERIFY(!h->upstream.call(0).live());
        QVERIFY2(!log->finished() && log->status == 0, "nothing reaches the client of a failed attempt");

        QTRY_COMPARE_WITH_TIMEOUT(h->upstream.count(), 2, kHangGuardMs);
        QVERIFY(h->upstream.call(1).port() != h->upstream.call(0).port());
        if (how == "empty stream") {
            h->upstream.call(1).beginStream();
            h->upstream.call(1).event(chunkJson("hi"));
            h->upstream.call(1).data("data: [DONE]\n\n");
            h->upstream.call(1).end();
            QVERIFY(log->ended);
        } else {
            h->upstream.call(1).reply(200, completionJson());
            QCOMPARE(log->body, completionJson());
        }
        QCOMPARE(log->status, 200);
        QCOMPARE(log->headers.value("x-switchyard-attempts"), QByteArray("2"));
        QCOMPARE(log->headers.value("x-litellm-attempted-retries"), QByteArray("1"));
        QCOMPARE(h->records().size(), 1);
        QCOMPARE(h->records().first().status, 200);
        QCOMPARE(h->upstream.liveCount(), 0);
    }

    void retriesStopAfterNumRetries()
    {
        QVERIFY(load(withRouter(kTwoDeployments, "  num_retries: 2\n")));
        auto log = h->chat(chatRequest("chat"));
        for (int attempt = 0; attempt < 3; ++attempt) {
            QTRY_COMPARE_WITH_TIMEOUT(h->upstream.count(), attempt + 1, kHangGuardMs);
            failCall(h->upstream.last(), "500");
        }
        // Both deployments tried, then the first again after a pause: three attempts, then the error.
        QCOMPARE(h->upstream.call(2).port(), h->upstream.call(0).port());
        QCOMPARE(log->status, 500);
        QCOMPARE(errorOf(*log).value(u"message").toString(), QStringLiteral("backend exploded"));
        spinEventLoop();
        QCOMPARE(h->upstream.count(), 3);
        QCOMPARE(h->records().first().status, 500);
    }

    void aLoneDeploymentIsRetriedAfterAPause()
    {
        QVERIFY(load("model_list:\n" + deploymentYaml("chat", 1001)));
        auto log = h->chat(chatRequest("chat"));
        failCall(h->upstream.call(0), "500");
        spinEventLoop();
        // The same deployment again, but not at once: it may be restarting.
        QCOMPARE(h->upstream.count(), 1);
        QVERIFY(FailoverPolicy::sameDeploymentDelayMs(1) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(h->upstream.count(), 2, kHangGuardMs);
        h->upstream.call(1).reply(200, completionJson());
        QCOMPARE(log->status, 200);
    }

    void aClientErrorIsNotRetried()
    {
        QVERIFY(load(kTwoDeployments));
        auto log = h->chat(chatRequest("chat"));
        h->upstream.call(0).reply(
            400, R"({"error":{"message":"bad temperature","type":"invalid_request_error","param":"temperature"}})");
        QCOMPARE(log->status, 400);
        const QJsonObject error = errorOf(*log);
        QCOMPARE(error.value(u"message").toString(), QStringLiteral("bad temperature"));
        QCOMPARE(error.value(u"param").toString(), QStringLiteral("temperature"));
        spinEventLoop();
        QCOMPARE(h->upstream.count(), 1);
        QVERIFY(h->router.states().isRoutable(deploymentAt(h->upstream.call(0).port()).stateKey()));
    }

    void noRetryOnceTheFirstByteReachedTheClient()
    {
        QVERIFY(load(kTwoDeployments));
        auto log = h->chat(chatRequest("chat", "\"stream\":true"));
        FakeCall& call = h->upstream.call(0);
        call.beginStream();
        call.event(chunkJson("Once"));
        QCOMPARE(log->pieces.size(), 1);
        call.error(UpstreamError::Kind::ConnectionClosed, QStringLiteral("peer went away"));

        // The stream ends with an error event and a cut connection, never with [DONE].
        QVERIFY(log->aborted());
        QVERIFY2(log->streamText().contains("event: error\ndata: {\"error\""), log->streamText().constData());
        QVERIFY(!log->streamText().contains("[DONE]"));
        QCOMPARE(h->pipeline.exchangesInFlight(), 0);
        spinEventLoop();
        QCOMPARE(h->upstream.count(), 1);
        QCOMPARE(h->records().first().status, 502);
        QCOMPARE(h->records().first().errorCode, QByteArray("upstream_stream_interrupted"));
    }

    void fallbacksServeWhenTheGroupFails()
    {
        QVERIFY(load(withRouter("model_list:\n" + deploymentYaml("chat", 1001) + deploymentYaml("backup", 2001),
                                "  num_retries: 0\n  fallbacks: [{chat: [backup]}]\n")));
        auto log = h->chat(chatRequest("chat"));
        failCall(h->upstream.call(0), "500");
        QTRY_COMPARE_WITH_TIMEOUT(h->upstream.count(), 2, kHangGuardMs);
        QCOMPARE(h->upstream.call(1).port(), quint16(2001));
        QVERIFY2(h->upstream.call(1).request.body.contains(R"("model":"backup-backend")"),
                 h->upstream.call(1).request.body.constData());
        h->upstream.call(1).reply(200, completionJson());
        QCOMPARE(log->status, 200);
        QCOMPARE(log->headers.value("x-litellm-attempted-fallbacks"), QByteArray("1"));
        QCOMPARE(log->headers.value("x-switchyard-backend"), deploymentAt(2001).idBytes);
        QCOMPARE(h->records().first().deploymentId, deploymentAt(2001).id);
    }

    void aPromptTooLongGoesToTheContextWindowFallback()
    {
        QVERIFY(load(withRouter("model_list:\n" + deploymentYaml("chat", 1001) + deploymentYaml("backup", 2001)
                                    + deploymentYaml("long", 3001),
                                "  fallbacks: [{chat: [backup]}]\n  context_window_fallbacks: [{chat: [long]}]\n")));
        auto log = h->chat(chatRequest("chat"));
        h->upstream.call(0).reply(400,
                                  R"({"error":{"message":"The maximum context length is 4096 tokens",)"
                                  R"("type":"invalid_request_error","code":"context_length_exceeded"}})");
        QTRY_COMPARE_WITH_TIMEOUT(h->upstream.count(), 2, kHangGuardMs);
        QCOMPARE(h->upstream.call(1).port(), quint16(3001));
        h->upstream.call(1).reply(200, completionJson());
        QCOMPARE(log->status, 200);
    }

    void a429CoolsTheDeploymentDownForItsRetryAfter()
    {
        QVERIFY(load(kTwoDeployments));
        auto first = h->chat(chatRequest("chat"));
        FakeCall& limited = h->upstream.call(0);
        const QString limitedKey = deploymentAt(limited.port()).stateKey();
        limited.head(429, headersOf({{"content-type", "application/json"}, {"retry-after", "30"}}));
        limited.data(R"({"error":{"message":"slow down","type":"rate_limit_error"}})");
        limited.end();
        QVERIFY(h->router.states().isCoolingDown(limitedKey));
        QCOMPARE(h->router.states().find(limitedKey)->cooldownUntilMs - h->clock.monotonicMs(), 30'000);

        QTRY_COMPARE_WITH_TIMEOUT(h->upstream.count(), 2, kHangGuardMs);
        QVERIFY(h->upstream.call(1).port() != limited.port());
        h->upstream.call(1).reply(200, completionJson());
        QCOMPARE(first->status, 200);

        // While it cools down, new requests go elsewhere; after its Retry-After, it is back.
        for (int i = 0; i < 4; ++i) {
            h->chat(chatRequest("chat"));
            QCOMPARE(h->upstream.last().port(), h->upstream.call(1).port());
            h->upstream.last().reply(200, completionJson());
        }
        h->clock.advance(29'999);
        QVERIFY(h->router.states().isCoolingDown(limitedKey));
        h->clock.advance(1);
        QVERIFY(!h->router.states().isCoolingDown(limitedKey));
        QVERIFY(h->router.states().isRoutable(limitedKey));
    }

    void aLong429IsPassedOnWhenNothingElseServes()
    {
        QVERIFY(load("model_list:\n" + deploymentYaml("chat", 1001)));
        auto log = h->chat(chatRequest("chat"));
        h->upstream.call(0).head(429, headersOf({{"content-type", "application/json"}, {"retry-after", "120"}}));
        h->upstream.call(0).data(R"({"error":{"message":"quota","type":"rate_limit_error"}})");
        h->upstream.call(0).end();
        // Waiting out two minutes would serve the client worse than the 429 itself.
        QCOMPARE(log->status, 429);
        QCOMPARE(log->headers.value("retry-after"), QByteArray("120"));
        QCOMPARE(errorOf(*log).value(u"message").toString(), QStringLiteral("quota"));
        spinEventLoop();
        QCOMPARE(h->upstream.count(), 1);
    }

    void theClientLeavingAbortsTheBackendCall_data()
    {
        QTest::addColumn<bool>("stream");
        QTest::addColumn<bool>("midStream");
        QTest::newRow("waiting for the answer") << false << false;
        QTest::newRow("waiting for the stream") << true << false;
        QTest::newRow("mid-stream") << true << true;
    }

    void theClientLeavingAbortsTheBackendCall()
    {
        QFETCH(bool, stream);
        QFETCH(bool, midStream);
        QVERIFY(load("model_list:\n" + deploymentYaml("chat", 1001)));
        auto log = h->chat(chatRequest("chat", stream ? "\"stream\":true" : ""));
        FakeCall& call = h->upstream.call(0);
        if (midStream) {
            call.beginStream();
            call.event(chunkJson("Once"));
        }
        log->clientGone();
        QVERIFY2(call.destroyed(), "the backend's work stops at once");
        QCOMPARE(h->pipeline.exchangesInFlight(), 0);
        QCOMPARE(h->router.inFlight(deploymentAt(1001).stateKey()), 0);
        call.event(chunkJson("upon")); // too late: nobody listens
        QCOMPARE(call.droppedAnswers(), 1);
        const RequestRecord r = h->records().first();
        QCOMPARE(r.status, 499);
        QCOMPARE(r.errorCode, QByteArray("client_closed_request"));
        QVERIFY2(r.usage.promptTokens > 0 && r.usage.estimated, "the prompt reached the backend: it is billed");
    }

    void streamEventsAreRelayedOneByOne()
    {
        QVERIFY(load("model_list:\n" + deploymentYaml("chat", 1001)));
        auto log = h->chat(chatRequest("chat", "\"stream\":true"));
        FakeCall& call = h->upstream.call(0);
        QCOMPARE(call.request.headers.value("accept"), QByteArray("text/event-stream"));
        call.beginStream();
        QVERIFY2(!log->streamed, "the head waits for the first event, so a failure before it can be retried");

        // Each event reaches the client before the backend sends the next one.
        const QList<QByteArray> words{"Once", " upon", " a", " time"};
        for (int i = 0; i < words.size(); ++i) {
            call.event(chunkJson(words[i]));
            QCOMPARE(log->pieces.size(), i + 1);
            QCOMPARE(log->pieces.last(), "data: " + chunkJson(words[i]) + "\n\n");
        }
        QCOMPARE(log->status, 200);
        QCOMPARE(log->headers.value("content-type"), QByteArray("text/event-stream"));
        QCOMPARE(log->headers.value("cache-control"), QByteArray("no-cache"));

        // An event split across reads goes out once complete.
        const QByteArray split = "data: " + chunkJson("!") + "\n\n";
        call.data(split.left(10));
        QCOMPARE(log->pieces.size(), 4);
        call.data(split.mid(10));
        QCOMPARE(log->pieces.size(), 5);
        QCOMPARE(log->pieces.last(), split);

        // [DONE] goes out with the end of the stream.
        call.data("data: [DONE]\n\n");
        QCOMPARE(log->pieces.size(), 5);
        QVERIFY(!log->ended);
        call.end();
        QVERIFY(log->ended);
        QCOMPARE(log->last, QByteArray("data: [DONE]\n\n"));
        const RequestRecord r = h->records().first();
        QCOMPARE(r.status, 200);
        QVERIFY(r.stream);
        QVERIFY(r.ttftMs >= 0);
    }

    void aSlowClientPausesTheBackend()
    {
        QVERIFY(load("model_list:\n" + deploymentYaml("chat", 1001)));
        auto log = h->chat(chatRequest("chat", "\"stream\":true"));
        FakeCall& call = h->upstream.call(0);
        call.beginStream();
        call.event(chunkJson("a"));
        QVERIFY(!call.paused());
        log->pending = 4 * 1024 * 1024; // the client stopped reading
        call.event(chunkJson("b"));
        QVERIFY2(call.paused(), "the backend is not read while the client lags");
        QCOMPARE(log->pieces.size(), 2); // what arrived is not held back
        log->drained();
        QVERIFY(!call.paused());
        QCOMPARE(call.pauseHistory(), (QList<bool>{true, false}));
        call.event(chunkJson("c"));
        QCOMPARE(log->pieces.size(), 3);
    }

    void usageIsReadFromTheStreamAndItsChunkKeptOnlyIfAsked_data()
    {
        QTest::addColumn<bool>("clientAsks");
        QTest::newRow("client did not ask") << false;
        QTest::newRow("client asked") << true;
    }

    void usageIsReadFromTheStreamAndItsChunkKeptOnlyIfAsked()
    {
        QFETCH(bool, clientAsks);
        QVERIFY(load("model_list:\n" + deploymentYaml("chat", 1001)));
        auto log = h->chat(chatRequest(
            "chat", clientAsks ? R"("stream":true,"stream_options":{"include_usage":true})" : R"("stream":true)"));
        FakeCall& call = h->upstream.call(0);
        // Every stream asks the backend for usage, whatever the client asked.
        const QJsonObject sent = QJsonDocument::fromJson(call.request.body).object();
        QVERIFY(sent.value(u"stream_options").toObject().value(u"include_usage").toBool());
        call.beginStream();
        call.event(chunkJson("hi"));
        call.event(usageChunkJson(7, 4));
        call.data("data: [DONE]\n\n");
        call.end();
        QCOMPARE(log->streamText().contains("\"usage\""), clientAsks);
        QVERIFY(log->streamText().contains("hi"));
        const RequestRecord r = h->records().first();
        QCOMPARE(r.usage.promptTokens, 7);
        QCOMPARE(r.usage.completionTokens, 4);
        QVERIFY(!r.usage.estimated);
    }

    void aNonStreamedAnswerMustBeJson_data()
    {
        QTest::addColumn<QByteArray>("how");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("html") << QByteArray("invalid json") << QByteArray("upstream_bad_response");
        QTest::newRow("empty") << QByteArray("empty body") << QByteArray("upstream_empty_response");
    }

    void aNonStreamedAnswerMustBeJson()
    {
        QFETCH(QByteArray, how);
        QFETCH(QByteArray, code);
        QVERIFY(load(withRouter("model_list:\n" + deploymentYaml("chat", 1001), "  num_retries: 0\n")));
        auto log = h->chat(chatRequest("chat"));
        failCall(h->upstream.call(0), how);
        QCOMPARE(log->status, 502);
        QCOMPARE(errorOf(*log).value(u"code").toString().toUtf8(), code);
        QVERIFY2(!log->body.contains("oops"), "the bad answer is not passed on as if it were one");
    }

    void aSaturatedGroupQueuesUntilADeploymentIsFree()
    {
        QVERIFY(load("model_list:\n" + deploymentYaml("chat", 1001, "max_parallel_requests: 1")));
        auto first = h->chat(chatRequest("chat"));
        auto second = h->chat(chatRequest("chat"));
        QCOMPARE(h->upstream.count(), 1);
        QCOMPARE(h->router.queue().size(), 1);
        h->upstream.call(0).reply(200, completionJson("one"));
        QTRY_COMPARE_WITH_TIMEOUT(h->upstream.count(), 2, kHangGuardMs);
        h->upstream.call(1).reply(200, completionJson("two"));
        QCOMPARE(first->body, completionJson("one"));
        QCOMPARE(second->body, completionJson("two"));
        QCOMPARE(h->router.queue().size(), 0);
    }

    void aQueuedClientLeavingLeavesTheQueue()
    {
        QVERIFY(load("model_list:\n" + deploymentYaml("chat", 1001, "max_parallel_requests: 1")));
        auto first = h->chat(chatRequest("chat"));
        auto second = h->chat(chatRequest("chat"));
        QCOMPARE(h->router.queue().size(), 1);
        second->clientGone();
        QCOMPARE(h->router.queue().size(), 0);
        h->upstream.call(0).reply(200, completionJson());
        spinEventLoop();
        QCOMPARE(h->upstream.count(), 1);
        QCOMPARE(h->records().size(), 2);
    }

    void badRequestsNeverReachABackend_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("not json") << QByteArray("{\"model\":") << 400 << QByteArray("invalid_json");
        QTest::newRow("no model") << QByteArray("{\"messages\":[]}") << 400 << QByteArray("missing_model");
        QTest::newRow("unknown model") << chatRequest("nope") << 404 << QByteArray("model_not_found");
    }

    void badRequestsNeverReachABackend()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        QVERIFY(load("model_list:\n" + deploymentYaml("chat", 1001)));
        auto log = h->chat(body);
        QCOMPARE(log->status, status);
        QCOMPARE(errorOf(*log).value(u"code").toString().toUtf8(), code);
        QCOMPARE(h->upstream.count(), 0);
        QCOMPARE(h->records().first().status, status);
    }

    void theMasterKeyIsRequiredWhenSet()
    {
        QVERIFY(load("model_list:\n" + deploymentYaml("chat", 1001) + "general_settings:\n  master_key: sk-master\n"));
        auto anonymous = h->chat(chatRequest("chat"));
        QCOMPARE(anonymous->status, 401);
        auto wrong = h->send(
            "POST", "/v1/chat/completions", chatRequest("chat"), headersOf({{"authorization", "Bearer sk-wrong"}}));
        QCOMPARE(wrong->status, 401);
        QCOMPARE(h->upstream.count(), 0);
        auto right = h->send(
            "POST", "/v1/chat/completions", chatRequest("chat"), headersOf({{"authorization", "Bearer sk-master"}}));
        QCOMPARE(h->upstream.count(), 1);
        QVERIFY2(!h->upstream.call(0).request.headers.value("authorization").contains("sk-master"),
                 "the client's key never goes to a backend");
        h->upstream.call(0).reply(200, completionJson());
        QCOMPARE(right->status, 200);
    }

    void ownEndpointsAreAnsweredWithoutABackend()
    {
        QVERIFY(load("model_list:\n" + deploymentYaml("chat", 1001) + deploymentYaml("other", 1002)));
        auto models = h->send("GET", "/v1/models");
        QCOMPARE(models->status, 200);
        QStringList ids;
        for (const QJsonValue& m : QJsonDocument::fromJson(models->body).object().value(u"data").toArray())
            ids << m.toObject().value(u"id").toString();
        QCOMPARE(ids, (QStringList{"chat", "other"}));
        QCOMPARE(h->send("GET", "/health/liveliness")->status, 200);
        QCOMPARE(h->send("GET", "/metrics")->status, 200);
        auto unknown = h->send("GET", "/v2/nothing");
        QCOMPARE(unknown->status, 404);
        QCOMPARE(errorOf(*unknown).value(u"code").toString(), QStringLiteral("not_found"));
        QCOMPARE(h->send("GET", "/v1/chat/completions")->status, 405);
        QCOMPARE(h->upstream.count(), 0);
    }

    void shuttingDownWithRequestsInFlightStopsTheirCalls()
    {
        QVERIFY(load(kTwoDeployments));
        h->chat(chatRequest("chat"));
        h->chat(chatRequest("chat", "\"stream\":true"));
        h->upstream.call(1).beginStream();
        h->upstream.call(1).event(chunkJson("a"));
        const std::shared_ptr<FakeCall> waiting = h->upstream.share(0);
        const std::shared_ptr<FakeCall> streaming = h->upstream.share(1);
        h.reset();
        QVERIFY(waiting->destroyed());
        QVERIFY(streaming->destroyed());
    }
};

QTEST_GUILESS_MAIN(TestRequestPipeline)
#include "TestRequestPipeline.moc"
