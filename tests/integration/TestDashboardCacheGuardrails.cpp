#include "KeyTestSupport.h"

#include "tests/support/ServerProcess.h"

#include <QTest>

using namespace sy::testing;
using namespace Qt::StringLiterals;

namespace {

QByteArray messageBody(const QByteArray& text)
{
    return "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
}

QJsonObject dashboard(quint16 port, const QByteArray& path)
{
    const auto r = adminCall(port, "GET", path);
    return r && r->status == 200 ? r->json() : QJsonObject{{u"status"_s, r ? r->status : 0}};
}

/** One sample of /metrics, 0 when absent. */
double metric(quint16 port, const QByteArray& series)
{
    const auto metrics = RawHttpClient::fetch(port, "GET", "/metrics", {}, authHeaders());
    for (const QByteArray& line : metrics ? metrics->body.split('\n') : QList<QByteArray>()) {
        if (line.startsWith(series + ' '))
            return line.mid(series.size() + 1).toDouble();
    }
    return 0;
}

} // namespace

// The web UI's Cache and Guardrails pages read GET /dashboard/cache and /dashboard/guardrails
// (issue #17): the real binary, real cache hits and a blocked prompt, numbers compared with what
// /metrics exports; the overview says which pages apply; only admins may read them.
class TestDashboardCacheGuardrails : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockBackendThread> m_mock;
    std::unique_ptr<GatewayProcess> m_gateway;
    quint16 m_port = 0;

    QJsonObject cache() const { return dashboard(m_port, "/dashboard/cache"); }
    QJsonObject guardrails() const { return dashboard(m_port, "/dashboard/guardrails"); }
    QJsonObject banned() const { return guardrails()["data"].toArray().at(0).toObject(); }

private slots:
    void initTestCase()
    {
        m_mock = std::make_unique<MockBackendThread>();
        QVERIFY(m_mock->start());
        m_gateway = std::make_unique<GatewayProcess>();
        m_port = m_gateway->start(
            keysConfig(pricedModel("chat", m_mock->port()))
            + "litellm_settings:\n  cache: true\n  cache_params: {type: local, ttl: 120, namespace: dash}\n"
              "guardrails:\n"
              "  - {guardrail_name: banned, litellm_params: {guardrail: banned_substrings, mode: pre_call,"
              " default_on: true, substrings: [project falcon]}}\n"
              "  - {guardrail_name: mask-pii, litellm_params: {guardrail: pii, mode: [pre_call, post_call],"
              " action: mask}}\n");
        QVERIFY2(m_port, m_gateway->stderrText().constData());
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
    }

    void overviewSaysWhichPagesApply()
    {
        const QJsonObject features = dashboard(m_port, "/dashboard/overview")["features"].toObject();
        QCOMPARE(features, (QJsonObject{{u"cache"_s, true}, {u"guardrails"_s, true}}));
    }

    void cacheSettingsBeforeAnyRequest()
    {
        const QJsonObject c = cache();
        QCOMPARE(c["configured"].toBool(), true);
        QCOMPARE(c["type"].toString(), u"local"_s);
        QCOMPARE(c["ttl"].toDouble(), 120.0);
        QCOMPARE(c["namespace"].toString(), u"dash"_s);
        QCOMPARE(c["mode"].toString(), u"default_on"_s);
        QCOMPARE(c["hits"].toDouble(), 0.0);
        QCOMPARE(c["misses"].toDouble(), 0.0);
        QVERIFY(c["hit_rate"].isNull()); // nothing looked up yet: no rate, rather than 0 %
        QCOMPARE(c["entries"].toDouble(), 0.0);
        QCOMPARE(c["bytes"].toDouble(), 0.0);
        QCOMPARE(c["max_bytes"].toDouble(), 64.0 * 1024 * 1024);
        QVERIFY(c["redis_reachable"].isNull());
    }

    void aHitIsCounted()
    {
        const auto first = adminCall(m_port, "POST", "/v1/chat/completions", jsonOf(messageBody("ask me twice")));
        QCOMPARE(first->header("x-switchyard-cache"), QByteArray("miss"));
        const auto second = adminCall(m_port, "POST", "/v1/chat/completions", jsonOf(messageBody("ask me twice")));
        QCOMPARE(second->header("x-switchyard-cache"), QByteArray("hit"));
        const int tokens = second->json()["usage"].toObject()["total_tokens"].toInt();
        QVERIFY(tokens > 0);
        // Requests are accounted just after their answer: wait for the counters to move.
        QTRY_COMPARE_WITH_TIMEOUT(cache()["hits"].toDouble(), 1.0, RawHttpClient::kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(cache()["misses"].toDouble(), 1.0, RawHttpClient::kWaitMs);
        const QJsonObject c = cache();
        QCOMPARE(c["hit_rate"].toDouble(), 0.5);
        QCOMPARE(c["cached_tokens"].toDouble(), double(tokens));
        QVERIFY(c["served_bytes"].toDouble() >= second->body.size());
        QCOMPARE(c["entries"].toDouble(), 1.0);
        QVERIFY(c["bytes"].toDouble() > second->body.size());
        // The same counters /metrics exports (a scrape also sets the store's gauge).
        QCOMPARE(c["served_bytes"].toDouble(), metric(m_port, "switchyard_cache_served_bytes_total"));
        QCOMPARE(c["bytes"].toDouble(), metric(m_port, "switchyard_cache_bytes"));
        QCOMPARE(metric(m_port, "litellm_cache_hits_metric_total{requested_model=\"chat\"}"), 1.0);
    }

    void aBlockedPromptIsCounted()
    {
        const double allowedBefore = guardrails()["allowed"].toDouble();
        QVERIFY(allowedBefore >= 2); // the two requests above passed the default-on guardrail
        const auto r = adminCall(m_port, "POST", "/v1/chat/completions", jsonOf(messageBody("about project falcon")));
        QCOMPARE(r->status, 400);
        QCOMPARE(errorOf(*r)["code"].toString(), u"guardrail_violation"_s);
        QTRY_COMPARE_WITH_TIMEOUT(banned()["blocked"].toDouble(), 1.0, RawHttpClient::kWaitMs);
        const QJsonObject g = guardrails();
        QCOMPARE(g["configured"].toBool(), true);
        QCOMPARE(g["allowed"].toDouble(), allowedBefore);
        QCOMPARE(g["allowed"].toDouble(),
                 metric(m_port, "switchyard_guardrail_decisions_total{guardrail=\"\",decision=\"allowed\"}"));
        const QJsonArray data = g["data"].toArray();
        QCOMPARE(data.size(), 2);
        const QJsonObject b = data[0].toObject();
        QCOMPARE(b["name"].toString(), u"banned"_s);
        QCOMPARE(b["type"].toString(), u"banned_substrings"_s);
        QCOMPARE(b["modes"].toArray(), QJsonArray{u"pre_call"_s});
        QCOMPARE(b["default_on"].toBool(), true);
        QCOMPARE(b["action"].toString(), u"block"_s);
        QVERIFY(b["fail_open"].isNull()); // built in: nothing to fail
        QCOMPARE(b["redacted"].toDouble(), 0.0);
        QCOMPARE(b["blocked"].toDouble(),
                 metric(m_port, "switchyard_guardrail_decisions_total{guardrail=\"banned\",decision=\"blocked\"}"));
        const QJsonObject pii = data[1].toObject();
        QCOMPARE(pii["name"].toString(), u"mask-pii"_s);
        QCOMPARE(pii["modes"].toArray(), (QJsonArray{u"pre_call"_s, u"post_call"_s}));
        QCOMPARE(pii["default_on"].toBool(), false);
        QCOMPARE(pii["action"].toString(), u"redact"_s);
        QCOMPARE(pii["blocked"].toDouble(), 0.0);
    }

    void aRedactionIsCounted()
    {
        const auto r = adminCall(m_port,
                                 "POST",
                                 "/v1/chat/completions",
                                 jsonOf("{\"model\":\"chat\",\"guardrails\":[\"mask-pii\"],\"messages\":[{\"role\":"
                                        "\"user\",\"content\":\"mail jane@example.com\"}]}"));
        QCOMPARE(r->status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(
            guardrails()["data"].toArray().at(1).toObject()["redacted"].toDouble(), 1.0, RawHttpClient::kWaitMs);
        QCOMPARE(banned()["blocked"].toDouble(), 1.0);
    }

    void flushEmptiesTheStoreAndKeepsTheCounts()
    {
        QVERIFY(cache()["entries"].toDouble() >= 1);
        const auto r = adminCall(m_port, "POST", "/cache/flushall");
        QCOMPARE(r->status, 200);
        const QJsonObject c = cache();
        QCOMPARE(c["entries"].toDouble(), 0.0);
        QCOMPARE(c["bytes"].toDouble(), 0.0);
        QCOMPARE(c["hits"].toDouble(), 1.0); // counters count since start
    }

    void onlyAdminsReadThem()
    {
        const QByteArray key = generateKey(m_port)["key"].toString().toUtf8();
        QVERIFY(!key.isEmpty());
        for (const QByteArray path : {"/dashboard/cache", "/dashboard/guardrails"}) {
            const auto r = RawHttpClient::fetch(m_port, "GET", path, {}, bearer(key));
            QCOMPARE(r->status, 403);
            QCOMPARE(RawHttpClient::fetch(m_port, "GET", path)->status, 401);
            QCOMPARE(adminCall(m_port, "POST", path)->status, 405);
        }
    }

    void withoutCacheOrGuardrailsThePagesDoNotApply()
    {
        GatewayProcess plain;
        const quint16 port = plain.start(keysConfig(pricedModel("chat", m_mock->port())));
        QVERIFY2(port, plain.stderrText().constData());
        QCOMPARE(dashboard(port, "/dashboard/overview")["features"].toObject(),
                 (QJsonObject{{u"cache"_s, false}, {u"guardrails"_s, false}}));
        const QJsonObject c = dashboard(port, "/dashboard/cache");
        QCOMPARE(c["configured"].toBool(true), false);
        QVERIFY(c["type"].isNull());
        QVERIFY(c["entries"].isNull());
        const QJsonObject g = dashboard(port, "/dashboard/guardrails");
        QCOMPARE(g["configured"].toBool(true), false);
        QCOMPARE(g["data"].toArray().size(), 0);
        QCOMPARE(plain.terminate(), 0);
    }

    void redisReachabilityIsItsConnectionState()
    {
        RedisServer redis;
        QVERIFY2(redis.start(), qPrintable(redis.error()));
        GatewayProcess shared;
        const quint16 port
            = shared.start(keysConfig(pricedModel("chat", m_mock->port()))
                           + "litellm_settings:\n  cache: true\n  cache_params: {type: redis, host: 127.0.0.1, port: "
                           + QByteArray::number(redis.port()) + "}\n");
        QVERIFY2(port, shared.stderrText().constData());
        QTRY_COMPARE_WITH_TIMEOUT(
            dashboard(port, "/dashboard/cache")["redis_reachable"].toBool(), true, RawHttpClient::kWaitMs);
        const QJsonObject c = dashboard(port, "/dashboard/cache");
        QCOMPARE(c["type"].toString(), u"redis"_s);
        QVERIFY(c["entries"].isNull()); // shared with other instances: not this process's to count
        redis.stop(0);
        QTRY_COMPARE_WITH_TIMEOUT(
            dashboard(port, "/dashboard/cache")["redis_reachable"].toBool(true), false, RawHttpClient::kWaitMs);
        QCOMPARE(shared.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDashboardCacheGuardrails)
#include "TestDashboardCacheGuardrails.moc"
