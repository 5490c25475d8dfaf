#include "gateway/dialects/Endpoint.h"
#include "gateway/pipeline/AuthStage.h"
#include "gateway/pipeline/ForwardStage.h"
#include "gateway/pipeline/LimitStage.h"
#include "gateway/pipeline/ParseStage.h"
#include "gateway/pipeline/RequestContext.h"

#include <QTest>

using namespace sy;

namespace {

RequestContext contextWith(const QByteArray& body, const QString& masterKey = {})
{
    auto config = std::make_shared<GatewayConfig>();
    config->masterKey = masterKey;
    RequestContext ctx;
    ctx.config = config;
    ctx.http.method = "POST";
    ctx.http.path = "/v1/chat/completions";
    ctx.http.body = body;
    ctx.endpoint = Endpoint::ChatCompletions;
    return ctx;
}

} // namespace

class TestPipelineStages : public QObject
{
    Q_OBJECT

private slots:
    void endpoints_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("endpoint");
        QTest::newRow("chat") << QByteArray("POST") << QByteArray("/v1/chat/completions")
                              << int(Endpoint::ChatCompletions);
        QTest::newRow("chat bare") << QByteArray("POST") << QByteArray("/chat/completions")
                                   << int(Endpoint::ChatCompletions);
        QTest::newRow("trailing slash") << QByteArray("POST") << QByteArray("/v1/embeddings/")
                                        << int(Endpoint::Embeddings);
        QTest::newRow("models") << QByteArray("GET") << QByteArray("/v1/models") << int(Endpoint::Models);
        QTest::newRow("liveliness") << QByteArray("GET") << QByteArray("/health/liveliness")
                                    << int(Endpoint::HealthLiveness);
        QTest::newRow("metrics") << QByteArray("GET") << QByteArray("/metrics") << int(Endpoint::Metrics);
        QTest::newRow("wrong method") << QByteArray("GET") << QByteArray("/v1/completions")
                                      << int(Endpoint::MethodNotAllowed);
        QTest::newRow("unknown") << QByteArray("POST") << QByteArray("/v1/images") << int(Endpoint::NotFound);
        QTest::newRow("prefix only") << QByteArray("POST") << QByteArray("/v1/chat") << int(Endpoint::NotFound);
    }

    void endpoints()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(int, endpoint);
        QCOMPARE(int(classifyEndpoint(method, path)), endpoint);
    }

    void parseReadsModelAndStreamFlags()
    {
        RequestContext ctx = contextWith(
            "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}");
        QVERIFY(ParseStage().process(ctx).isNext());
        QCOMPARE(ctx.model, QString("m"));
        QVERIFY(ctx.stream);
        QVERIFY(ctx.clientWantsUsage);
    }

    void parseRejects_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("code");
        QTest::newRow("empty") << QByteArray("  ") << QByteArray("invalid_json");
        QTest::newRow("malformed") << QByteArray("{\"model\":") << QByteArray("invalid_json");
        QTest::newRow("no model") << QByteArray("{}") << QByteArray("missing_model");
        QTest::newRow("model not string") << QByteArray("{\"model\":1}") << QByteArray("invalid_model");
        QTest::newRow("empty model") << QByteArray("{\"model\":\" \"}") << QByteArray("invalid_model");
        QTest::newRow("stream not bool") << QByteArray("{\"model\":\"m\",\"stream\":\"yes\"}")
                                         << QByteArray("invalid_type");
    }

    void parseRejects()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, code);
        RequestContext ctx = contextWith(body);
        const StageResult result = ParseStage().process(ctx);
        QVERIFY(!result.isNext());
        QCOMPARE(result.error().status, 400);
        QCOMPARE(result.error().code, code);
    }

    void auth_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("bearer") << QByteArray("Authorization") << QByteArray("Bearer sk-master") << true;
        QTest::newRow("bearer lower-case scheme")
            << QByteArray("authorization") << QByteArray("bearer sk-master") << true;
        QTest::newRow("x-api-key") << QByteArray("x-api-key") << QByteArray("sk-master") << true;
        QTest::newRow("wrong") << QByteArray("Authorization") << QByteArray("Bearer sk-mastex") << false;
        QTest::newRow("prefix of the key") << QByteArray("Authorization") << QByteArray("Bearer sk-maste") << false;
        QTest::newRow("missing") << QByteArray("X-Other") << QByteArray("sk-master") << false;
    }

    void auth()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        QFETCH(bool, accepted);
        RequestContext ctx = contextWith("{}", "sk-master");
        ctx.http.headers.add(header, value);
        AuthStage stage;
        const StageResult result = stage.process(ctx);
        QCOMPARE(result.isNext(), accepted);
        if (accepted)
            QCOMPARE(ctx.principal.kind, Principal::Kind::Master);
        else
            QCOMPARE(result.error().status, 401);
    }

    void noMasterKeyMeansOpen()
    {
        RequestContext ctx = contextWith("{}");
        AuthStage stage;
        QVERIFY(stage.process(ctx).isNext());
        QCOMPARE(ctx.principal.kind, Principal::Kind::Anonymous);
    }

    void limitCapsRequestsInFlight()
    {
        auto config = std::make_shared<GatewayConfig>();
        config->maxParallelRequests = 2;
        RequestContext first, second, third;
        first.config = second.config = third.config = config;
        LimitStage limit;
        QVERIFY(limit.process(first).isNext());
        QVERIFY(limit.process(second).isNext());
        const StageResult over = limit.process(third);
        QCOMPARE(over.error().status, 429);
        QCOMPARE(over.error().retryAfterSeconds, 1);
        QVERIFY(!third.limits.global); // refused: nothing to release
        limit.release(first);
        QCOMPARE(limit.inFlight(), 1);
        limit.release(first); // a second release of the same request changes nothing
        QCOMPARE(limit.inFlight(), 1);
        QVERIFY(limit.process(third).isNext());
        QCOMPARE(limit.inFlight(), 2);
    }

    void forwardRewritesModelAndAsksForUsage_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("forwarded");
        QTest::newRow("plain") << QByteArray("{\"model\":\"group\",\"messages\":[]}")
                               << QByteArray("{\"model\":\"backend-id\",\"messages\":[]}");
        QTest::newRow("stream without options")
            << QByteArray("{\"model\":\"group\",\"stream\":true}")
            << QByteArray("{\"model\":\"backend-id\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        QTest::newRow("stream with other options")
            << QByteArray("{\"stream\":true,\"stream_options\":{\"x\":1},\"model\":\"group\"}")
            << QByteArray(
                   "{\"stream\":true,\"stream_options\":{\"x\":1,\"include_usage\":true},\"model\":\"backend-id\"}");
        QTest::newRow("stream with usage off")
            << QByteArray("{\"stream\":true,\"stream_options\":{\"include_usage\":false},\"model\":\"group\"}")
            << QByteArray("{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"model\":\"backend-id\"}");
        QTest::newRow("client asked already")
            << QByteArray("{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"model\":\"group\"}")
            << QByteArray("{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"model\":\"backend-id\"}");
    }

    void forwardRewritesModelAndAsksForUsage()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, forwarded);
        RequestContext ctx = contextWith(body);
        QVERIFY(ParseStage().process(ctx).isNext());
        Deployment d;
        d.backendModel = "backend-id";
        ctx.deployment = &d;
        ApiError error;
        QCOMPARE(ForwardStage::bodyFor(ctx, &error).value_or("(none)"), forwarded);
    }

    void forwardAddsDefaultParamsTheClientDidNotSet()
    {
        RequestContext ctx = contextWith("{\"model\":\"group\",\"temperature\":0.9}");
        QVERIFY(ParseStage().process(ctx).isNext());
        Deployment d;
        d.backendModel = "group";
        d.defaultParams = {{"temperature", "0.2"}, {"max_tokens", "256"}};
        ctx.deployment = &d;
        ApiError error;
        QCOMPARE(ForwardStage::bodyFor(ctx, &error).value_or("(none)"),
                 QByteArray("{\"model\":\"group\",\"temperature\":0.9,\"max_tokens\":256}"));
    }

    void forwardBuildsTheUpstreamRequest()
    {
        RequestContext ctx = contextWith("{\"model\":\"group\",\"stream\":true}");
        QVERIFY(ParseStage().process(ctx).isNext());
        Deployment d;
        d.backendModel = "backend-id";
        d.origin = {false, "127.0.0.1", 1234};
        d.basePath = "/v1";
        d.setBearerKey(QStringLiteral("sk-backend"));
        d.timeout = std::chrono::milliseconds(30'000);
        d.streamTimeout = std::chrono::milliseconds(5'000);
        ctx.deployment = &d;
        ApiError error;
        const UpstreamRequest r = ForwardStage::buildRequest(ctx, &error).value();
        QCOMPARE(r.target, QByteArray("/v1/chat/completions"));
        QCOMPARE(r.headers.value("authorization"), QByteArray("Bearer sk-backend"));
        QCOMPARE(r.headers.value("accept"), QByteArray("text/event-stream"));
        QCOMPARE(r.timeouts.firstByte.count(), 5000);
        QCOMPARE(r.timeouts.idle.count(), 5000); // a stream may be long, but not silent
        QCOMPARE(r.timeouts.total.count(), 0);
        QCOMPARE(r.timeouts.connect.count(), 5000);
    }
};

QTEST_GUILESS_MAIN(TestPipelineStages)
#include "TestPipelineStages.moc"
