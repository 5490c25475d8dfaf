#include "gateway/core/Deployment.h"
#include "gateway/core/RequestRecord.h"
#include "gateway/metrics/GatewayMetrics.h"
#include "gateway/metrics/MetricsRegistry.h"

#include <QTest>

using namespace sy;

class TestGatewayMetrics : public QObject
{
    Q_OBJECT

private:
    static RequestRecord record(int status, qint64 upstreamMs = 20)
    {
        RequestRecord r;
        r.group = "chat";
        r.deploymentId = "d1";
        r.backendModel = "llama";
        r.apiBase = "http://h:1/v1";
        r.provider = "openai";
        r.status = status;
        r.latencyMs = 30;
        r.upstreamLatencyMs = upstreamMs;
        r.ttftMs = 5;
        r.usage = {10, 4, false};
        r.errorCode = status == 200 ? QByteArray() : QByteArray("upstream_timeout");
        return r;
    }

private slots:
    void prometheusTextFormat()
    {
        MetricsRegistry registry;
        const int c = registry.declare("requests", "Requests.", MetricsRegistry::Kind::Counter);
        const int h = registry.declare("latency_seconds", "Latency.", MetricsRegistry::Kind::Histogram, {0.1, 1});
        registry.add(c, {{"model", "a\"b"}});
        registry.observe(h, {{"model", "m"}}, 0.05);
        registry.observe(h, {{"model", "m"}}, 0.5);
        registry.observe(h, {{"model", "m"}}, 5);
        const QByteArray text = registry.exposition();
        QVERIFY(text.contains("# HELP requests_total Requests.\n# TYPE requests_total counter\n"));
        QVERIFY(text.contains("requests_total{model=\"a\\\"b\"} 1\n"));
        QVERIFY(text.contains("latency_seconds_bucket{model=\"m\",le=\"0.1\"} 1\n"));
        QVERIFY(text.contains("latency_seconds_bucket{model=\"m\",le=\"1\"} 2\n"));
        QVERIFY(text.contains("latency_seconds_bucket{model=\"m\",le=\"+Inf\"} 3\n"));
        QVERIFY(text.contains("latency_seconds_sum{model=\"m\"} 5.55\n"));
        QVERIFY(text.contains("latency_seconds_count{model=\"m\"} 3\n"));
    }

    void countsPerGroupAndDeployment()
    {
        GatewayMetrics m;
        m.record(record(200));
        m.record(record(200));
        m.record(record(504));
        m.record(record(499)); // the client went away: not the backend's failure
        const QByteArray text = m.exposition();
        QVERIFY(
            text.contains("litellm_proxy_total_requests_metric_total{requested_model=\"chat\",status_code=\"200\"} 2"));
        QVERIFY(text.contains(
            "litellm_proxy_failed_requests_metric_total{requested_model=\"chat\",exception_status=\"504\","
            "exception_class=\"upstream_timeout\"} 1"));
        QVERIFY(text.contains(
            "litellm_deployment_total_requests_total{requested_model=\"chat\",litellm_model_name=\"llama\","
            "model_id=\"d1\",api_base=\"http://h:1/v1\",api_provider=\"openai\"} 4"));
        QVERIFY(text.contains(
            "litellm_deployment_success_responses_total{requested_model=\"chat\",litellm_model_name=\"llama\","
            "model_id=\"d1\",api_base=\"http://h:1/v1\",api_provider=\"openai\"} 2"));
        QVERIFY(text.contains("exception_status=\"504\",exception_class=\"upstream_timeout\"} 1"));
        QVERIFY(!text.contains("litellm_deployment_failure_responses_total{requested_model=\"chat\",litellm_model_name="
                               "\"llama\",model_id=\"d1\",api_base=\"http://h:1/v1\",api_provider=\"openai\","
                               "exception_status=\"499\""));
        QVERIFY(text.contains("litellm_input_tokens_metric_total{requested_model=\"chat\",model=\"llama\"} 40"));
        QVERIFY(
            text.contains("litellm_llm_api_time_to_first_token_metric_count{requested_model=\"chat\",model=\"llama\","
                          "model_id=\"d1\",api_base=\"http://h:1/v1\"} 4"));
    }

    void inFlightGauges()
    {
        GatewayMetrics m;
        Deployment d;
        d.id = "d1";
        d.group = "chat";
        d.apiBaseText = "http://h:1/v1";
        m.requestStarted("chat");
        m.upstreamStarted(d);
        QVERIFY(m.exposition().contains("switchyard_in_flight_requests{requested_model=\"chat\"} 1"));
        QVERIFY(
            m.exposition().contains("switchyard_deployment_in_flight_requests{requested_model=\"chat\",model_id=\"d1\","
                                    "api_base=\"http://h:1/v1\"} 1"));
        m.upstreamEnded(d);
        m.requestEnded("chat");
        QVERIFY(m.exposition().contains("switchyard_in_flight_requests{requested_model=\"chat\"} 0"));
    }

    void relabelsAReusedDeploymentId()
    {
        GatewayMetrics m;
        RequestRecord r = record(200);
        m.record(r);
        r.apiBase = "http://other:2/v1"; // same model_info.id, new address after a reload
        m.record(r);
        QVERIFY(m.exposition().contains("api_base=\"http://other:2/v1\",api_provider=\"openai\"} 1"));
    }

    void unconfiguredGroupsShareOneLabel()
    {
        // Issue #15: client-chosen model names must not mint series.
        GatewayMetrics m;
        m.setGroups({"chat"});
        m.record(record(200));
        const qsizetype before = m.exposition().size();
        for (int i = 0; i < 500; ++i) {
            RequestRecord r = record(404);
            r.group = QString("made-up-%1").arg(i);
            r.deploymentId.clear();
            r.backendModel.clear();
            r.errorCode = "model_not_found";
            m.requestStarted(r.group);
            m.requestEnded(r.group);
            m.record(r);
        }
        const QByteArray text = m.exposition();
        QVERIFY(!text.contains("made-up"));
        QVERIFY(text.contains(
            "litellm_proxy_total_requests_metric_total{requested_model=\"unknown\",status_code=\"404\"} 500"));
        QVERIFY(text.contains("switchyard_in_flight_requests{requested_model=\"unknown\"} 0"));
        // A few new series for "unknown", not 500 of anything.
        QVERIFY2(text.size() - before < 4000, QByteArray::number(text.size() - before));
    }

    void aGroupRemovedByAReloadKeepsItsSeries()
    {
        GatewayMetrics m;
        m.setGroups({"chat"});
        m.requestStarted("chat");
        m.setGroups({"other"});
        m.requestEnded("chat"); // the request started under the old config
        QVERIFY(m.exposition().contains("switchyard_in_flight_requests{requested_model=\"chat\"} 0"));
    }

    void failureLabelsAreCapped()
    {
        GatewayMetrics m;
        for (int i = 0; i < 200; ++i) {
            RequestRecord r = record(502);
            r.errorCode = "backend_code_" + QByteArray::number(i); // codes a backend made up
            m.record(r);
        }
        const QByteArray text = m.exposition();
        QCOMPARE(text.count("backend_code_"), 2 * 32); // per group and per deployment
        QVERIFY(text.contains("exception_class=\"other\""));
    }

    void rejectedRequestsAreOneCounter()
    {
        GatewayMetrics m;
        for (int i = 0; i < 1000; ++i)
            m.requestRejected(401);
        m.requestRejected(403);
        const QByteArray text = m.exposition();
        QVERIFY(text.contains("switchyard_rejected_requests_total{status_code=\"401\"} 1000"));
        QVERIFY(text.contains("switchyard_rejected_requests_total{status_code=\"403\"} 1"));
    }

    void spendPerGroupAndModel()
    {
        GatewayMetrics m;
        RequestRecord r = record(200);
        r.cost = 0.25;
        m.record(r);
        m.record(r);
        QVERIFY(m.exposition().contains("litellm_spend_metric_total{requested_model=\"chat\",model=\"llama\"} 0.5\n"));
    }

    void deploymentStateFollowsHealthAndForgetsRemovedDeployments()
    {
        Deployment a;
        a.id = "a";
        a.group = "chat";
        a.backendModel = "llama";
        a.apiBaseText = "http://h:1/v1";
        a.provider = "openai";
        Deployment b = a;
        b.id = "b";
        Deployment c = a;
        c.id = "c";
        GatewayMetrics m;
        m.setDeploymentHealth(
            {{&a, BackendHealth::Healthy}, {&b, BackendHealth::CoolingDown}, {&c, BackendHealth::Unhealthy}});
        QByteArray text = m.exposition();
        const QByteArray prefix
            = "litellm_deployment_state{requested_model=\"chat\",litellm_model_name=\"llama\",model_id=\"";
        QVERIFY(text.contains(prefix + "a\",api_base=\"http://h:1/v1\",api_provider=\"openai\"} 0\n"));
        QVERIFY(text.contains(prefix + "b\",api_base=\"http://h:1/v1\",api_provider=\"openai\"} 1\n"));
        QVERIFY(text.contains(prefix + "c\",api_base=\"http://h:1/v1\",api_provider=\"openai\"} 2\n"));
        m.setDeploymentHealth({{&a, BackendHealth::Unknown}});
        text = m.exposition();
        QVERIFY(text.contains(prefix + "a\""));
        QVERIFY(!text.contains(prefix + "b\""));
        QVERIFY(!text.contains(prefix + "c\""));
    }
};

QTEST_GUILESS_MAIN(TestGatewayMetrics)
#include "TestGatewayMetrics.moc"
