#include "KeyTestSupport.h"
#include "tests/support/PrometheusServer.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <cmath>
#include <functional>

using namespace sy::testing;
using namespace Qt::StringLiterals;

namespace {

// Declared by the response cache and guardrails (branch f/cache, issue #17 part 1). A build
// without them has no such families; once merged, they must have samples like every other name.
const QStringList kCacheGuardrailNames{QStringLiteral("litellm_cache_hits_metric_total"),
                                       QStringLiteral("litellm_cache_misses_metric_total"),
                                       QStringLiteral("litellm_cached_tokens_metric_total"),
                                       QStringLiteral("switchyard_cache_bytes"),
                                       QStringLiteral("switchyard_cache_served_bytes_total"),
                                       QStringLiteral("switchyard_guardrail_decisions_total")};

const QByteArray kDashboardSelector = "job=~\"$job\",instance=~\"$instance\"";

QString sourceFile(const char* relative)
{
    return QStringLiteral(SWITCHYARD_SOURCE_DIR "/") + QString::fromLatin1(relative);
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/** Sample names of a scrape (metric names as PromQL sees them: x_total, x_bucket, …). */
QSet<QString> sampleNames(const QByteArray& scrape)
{
    QSet<QString> names;
    for (const QByteArray& line : scrape.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        qsizetype end = 0;
        while (end < line.size() && line[end] != '{' && line[end] != ' ')
            ++end;
        names.insert(QString::fromLatin1(line.left(end)));
    }
    return names;
}

/** Names of the families a scrape declares (# TYPE lines), with or without samples. */
QSet<QString> declaredNames(const QByteArray& scrape)
{
    QSet<QString> names;
    for (const QByteArray& line : scrape.split('\n')) {
        if (line.startsWith("# TYPE "))
            names.insert(QString::fromLatin1(line.mid(7, line.indexOf(' ', 7) - 7)));
    }
    return names;
}

/**
 * The metric names a PromQL expression reads: identifiers left once strings, label matchers,
 * range selectors and grouping label lists are gone, other than functions and keywords.
 */
QSet<QString> metricNamesIn(QString expr)
{
    static const QRegularExpression strings(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\""));
    static const QRegularExpression matchers(QStringLiteral("\\{[^}]*\\}|\\[[^\\]]*\\]"));
    static const QRegularExpression grouping(
        QStringLiteral("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)"));
    static const QRegularExpression identifier(
        QStringLiteral("(?<![\\w.$:])([A-Za-z_:][A-Za-z0-9_:]*)(?!\\s*\\(|[\\w:])"));
    static const QSet<QString> keywords{QStringLiteral("and"),
                                        QStringLiteral("or"),
                                        QStringLiteral("unless"),
                                        QStringLiteral("bool"),
                                        QStringLiteral("offset"),
                                        QStringLiteral("inf"),
                                        QStringLiteral("nan")};
    expr.remove(strings).remove(matchers).remove(grouping);
    QSet<QString> names;
    for (auto it = identifier.globalMatch(expr); it.hasNext();) {
        const QString name = it.next().captured(1);
        if (!keywords.contains(name.toLower()))
            names.insert(name);
    }
    return names;
}

/** Every PromQL expression of a dashboard: panel targets and query variables. */
QStringList dashboardExpressions(const QJsonObject& dashboard)
{
    QStringList exprs;
    std::function<void(const QJsonArray&)> walk = [&](const QJsonArray& panels) {
        for (const QJsonValue& panel : panels) {
            for (const QJsonValue& target : panel[QStringLiteral("targets")].toArray())
                exprs.append(target[QStringLiteral("expr")].toString());
            walk(panel[QStringLiteral("panels")].toArray());
        }
    };
    walk(dashboard[QStringLiteral("panels")].toArray());
    static const QRegularExpression labelValues(QStringLiteral("^label_values\\((.*),\\s*\\w+\\)$"));
    for (const QJsonValue& variable : dashboard[QStringLiteral("templating")][QStringLiteral("list")].toArray()) {
        if (variable[QStringLiteral("type")].toString() != QStringLiteral("query"))
            continue;
        const QJsonValue query = variable[QStringLiteral("query")];
        const QString text = query.isObject() ? query[QStringLiteral("query")].toString() : query.toString();
        const QRegularExpressionMatch m = labelValues.match(text);
        exprs.append(m.hasMatch() ? m.captured(1) : text);
    }
    return exprs;
}

/** An expression with Grafana's variables replaced, as Prometheus would get it. */
QByteArray resolved(QString expr)
{
    return expr.replace(QStringLiteral("$__rate_interval"), QStringLiteral("1m"))
        .replace(QStringLiteral("$__range"), QStringLiteral("5m"))
        .replace(QStringLiteral("$job"), QStringLiteral(".*"))
        .replace(QStringLiteral("$instance"), QStringLiteral(".*"))
        .toUtf8();
}

/** The value of the one sample @p series (name and labels as rendered) in @p scrape, or NaN. */
double sampleValue(const QByteArray& scrape, const QByteArray& series)
{
    for (const QByteArray& line : scrape.split('\n')) {
        if (line.startsWith(series + ' '))
            return line.mid(series.size() + 1).toDouble();
    }
    return std::nan("");
}

} // namespace

// Switchyard's /metrics as Prometheus and Grafana see it: promtool accepts a scrape after mixed
// traffic, the dashboard in packaging/grafana reads only names a scrape has, and a real
// Prometheus server scrapes the gateway (with the key, as packaging/prometheus configures it)
// and answers queries about it.
class TestPrometheusExport : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_a = nullptr;
    MockBackendThread* m_b = nullptr;
    MockBackendThread* m_flaky = nullptr;
    GatewayProcess* m_gateway = nullptr;
    quint16 m_port = 0;
    QByteArray m_scrape;
    QByteArray m_scraperKey; ///< a virtual key of its own for Prometheus
    QJsonObject m_dashboard;

    std::optional<RawHttpResponse> scrape(const RawHttpClient::Headers& headers)
    {
        return RawHttpClient::fetch(m_port, "GET", "/metrics", {}, headers);
    }

    void expectStatus(const QByteArray& path, const QByteArray& body, int status, const RawHttpClient::Headers& h)
    {
        const auto r = RawHttpClient::fetch(m_port, "POST", path, body, h);
        QVERIFY2(r, path.constData());
        QVERIFY2(r->status == status, (QByteArray::number(r->status) + ' ' + r->body).constData());
        QVERIFY(r->complete);
    }

    // Non-streamed and streamed chats over two deployments, an Anthropic client, backend 500s, a
    // refused connection, an unknown model and a wrong key.
    void sendTraffic()
    {
        const QByteArray streamed = "\"stream\":true,\"stream_options\":{\"include_usage\":true}";
        for (int i = 0; i < 4; ++i)
            expectStatus("/v1/chat/completions", chatBody("chat"), 200, authHeaders());
        for (int i = 0; i < 3; ++i)
            expectStatus("/v1/chat/completions", chatBody("chat", streamed), 200, authHeaders());
        expectStatus("/v1/messages",
                     "{\"model\":\"chat\",\"max_tokens\":16,\"stream\":true,\"messages\":[{\"role\":\"user\","
                     "\"content\":\"hi\"}]}",
                     200,
                     authHeaders());
        for (int i = 0; i < 2; ++i)
            expectStatus("/v1/chat/completions", chatBody("flaky"), 500, authHeaders());
        expectStatus("/v1/chat/completions", chatBody("down"), 502, authHeaders());
        expectStatus("/v1/chat/completions", chatBody("nope"), 404, authHeaders());
        expectStatus("/v1/chat/completions", chatBody("chat"), 401, bearer("sk-wrong"));
        // Blocked where guardrails exist (f/cache); a plain answer where they do not.
        const auto banned
            = post(m_port,
                   "/v1/chat/completions",
                   "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"a forbidden-topic\"}]}");
        QVERIFY(banned && banned->complete);
    }

private slots:
    void initTestCase()
    {
        m_a = new MockBackendThread;
        m_b = new MockBackendThread;
        MockBackend::Options flaky;
        flaky.knobs.status = 500;
        m_flaky = new MockBackendThread(flaky);
        QVERIFY(m_a->start() && m_b->start() && m_flaky->start());
        const quint16 closed = ServerProcess::freePort();
        QVERIFY(closed != 0);
        const QByteArray yaml = "model_list:\n" + pricedModel("chat", m_a->port()) + pricedModel("chat", m_b->port())
            + mockModelEntry("flaky", m_flaky->port()) + mockModelEntry("down", closed)
            + "general_settings:\n  master_key: " + kMasterKey
            + "\nlitellm_settings:\n  num_retries: 0\n  cache: true\n"
              "guardrails:\n  - guardrail_name: no-forbidden\n    litellm_params:\n      guardrail: banned_substrings\n"
              "      substrings: [forbidden-topic]\n      mode: pre_call\n      default_on: true\n"
              "gateway:\n  host: 127.0.0.1\n  port: 0\n  metrics_require_auth: true\n";
        m_gateway = new GatewayProcess;
        m_port = m_gateway->start(yaml);
        QVERIFY2(m_port != 0, m_gateway->stderrText().constData());
        sendTraffic();
        m_scraperKey = generateKey(m_port, {{u"key_alias"_s, u"prometheus"_s}})[u"key"_s].toString().toUtf8();
        QVERIFY(!m_scraperKey.isEmpty());
        const auto metrics = scrape(authHeaders());
        QVERIFY(metrics);
        QCOMPARE(metrics->status, 200);
        m_scrape = metrics->body;
        QJsonParseError error;
        const QJsonDocument dashboard
            = QJsonDocument::fromJson(readFile(sourceFile("packaging/grafana/switchyard.json")), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(dashboard.isObject());
        m_dashboard = dashboard.object();
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
        delete m_gateway;
        delete m_a;
        delete m_b;
        delete m_flaky;
    }

    void metricsNeedTheKeyWhenConfiguredSo()
    {
        const auto anonymous = scrape({});
        QVERIFY(anonymous);
        QCOMPARE(anonymous->status, 401);
        QVERIFY(!anonymous->body.contains("litellm_"));
        const auto wrong = scrape(bearer("sk-wrong"));
        QVERIFY(wrong);
        QCOMPARE(wrong->status, 401);
        const auto virtualKey = scrape(bearer(m_scraperKey));
        QVERIFY(virtualKey);
        QCOMPARE(virtualKey->status, 200);
        QVERIFY(virtualKey->body.contains("litellm_proxy_total_requests_metric_total{"));
    }

    void scrapeCoversTheTraffic()
    {
        const QByteArray ok = "litellm_proxy_total_requests_metric_total{requested_model=\"chat\",status_code=\"200\"}";
        QVERIFY2(sampleValue(m_scrape, ok) >= 8, m_scrape.constData());
        QCOMPARE(
            sampleValue(m_scrape,
                        "litellm_proxy_total_requests_metric_total{requested_model=\"flaky\",status_code=\"500\"}"),
            2.0);
        QCOMPARE(sampleValue(m_scrape, "switchyard_rejected_requests_total{status_code=\"401\"}"), 1.0);
        QVERIFY(m_scrape.contains("litellm_llm_api_time_to_first_token_metric_bucket{requested_model=\"chat\""));
        QVERIFY(m_scrape.contains("litellm_deployment_failure_responses_total{requested_model=\"down\""));
        QVERIFY(m_scrape.contains("switchyard_requests_by_dialect_total{dialect=\"anthropic\""));
        // 3 prompt and 5 completion tokens a request at 0.001 and 0.002 USD: never zero here.
        QVERIFY(sampleValue(m_scrape, "litellm_spend_metric_total{requested_model=\"chat\",model=\"backend-chat\"}")
                >= kRequestCost);
        QCOMPARE(m_scrape.count("litellm_deployment_state{"), 4);
    }

    void scrapePassesPromtool()
    {
        const QString promtool = PrometheusServer::promtool();
        if (promtool.isEmpty())
            QSKIP("promtool (Debian package prometheus) is not installed: run scripts/install-deps.sh --with-tests");
        QProcess check;
        check.setProcessChannelMode(QProcess::MergedChannels);
        check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(check.waitForStarted(GatewayProcess::kWaitMs));
        check.write(m_scrape);
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(GatewayProcess::kWaitMs));
        const QByteArray complaints = check.readAll();
        QVERIFY2(check.exitStatus() == QProcess::NormalExit && check.exitCode() == 0 && complaints.trimmed().isEmpty(),
                 complaints.constData());
    }

    void dashboardIsTemplated()
    {
        QVERIFY(m_dashboard[QStringLiteral("schemaVersion")].toInt() >= 36);
        QVERIFY(!m_dashboard[QStringLiteral("uid")].toString().isEmpty());
        QStringList variables;
        for (const QJsonValue& v : m_dashboard[QStringLiteral("templating")][QStringLiteral("list")].toArray())
            variables.append(v[QStringLiteral("type")].toString() + u':' + v[QStringLiteral("name")].toString());
        QVERIFY2(variables.contains(QStringLiteral("datasource:DS_PROMETHEUS")), qPrintable(variables.join(u' ')));
        QVERIFY(variables.contains(QStringLiteral("query:job")));
        QVERIFY(variables.contains(QStringLiteral("query:instance")));
        int targets = 0;
        for (const QJsonValue& panel : m_dashboard[QStringLiteral("panels")].toArray()) {
            if (panel[QStringLiteral("type")].toString() == QStringLiteral("row"))
                continue;
            const QString title = panel[QStringLiteral("title")].toString();
            QVERIFY2(panel[QStringLiteral("datasource")][QStringLiteral("uid")].toString()
                         == QStringLiteral("${DS_PROMETHEUS}"),
                     qPrintable(title));
            const QJsonArray panelTargets = panel[QStringLiteral("targets")].toArray();
            QVERIFY2(!panelTargets.isEmpty(), qPrintable(title));
            for (const QJsonValue& target : panelTargets) {
                ++targets;
                const QByteArray expr = target[QStringLiteral("expr")].toString().toUtf8();
                // Every series read is narrowed to the chosen jobs and instances.
                QVERIFY2(expr.count(kDashboardSelector) >= expr.count('{'), expr.constData());
            }
        }
        QVERIFY(targets >= 30);
    }

    void dashboardReadsOnlyExportedNames()
    {
        const QSet<QString> samples = sampleNames(m_scrape);
        const QSet<QString> declared = declaredNames(m_scrape);
        QSet<QString> used;
        for (const QString& expr : dashboardExpressions(m_dashboard))
            used.unite(metricNamesIn(expr));
        QVERIFY2(used.size() >= 20, qPrintable(QStringList(used.cbegin(), used.cend()).join(u' ')));
        QStringList missing;
        for (const QString& name : std::as_const(used)) {
            if (samples.contains(name))
                continue;
            if (kCacheGuardrailNames.contains(name) && !declared.contains(name)) {
                qWarning("%s: not declared by this build (the cache and guardrails are not merged)", qPrintable(name));
                continue;
            }
            missing.append(name);
        }
        missing.sort();
        QVERIFY2(missing.isEmpty(), qPrintable(u"no samples of: "_s + missing.join(u", "_s)));
    }

    void prometheusScrapesAndAnswers()
    {
        if (PrometheusServer::binary().isEmpty())
            QSKIP("prometheus (Debian package prometheus) is not installed: run scripts/install-deps.sh --with-tests");
        PrometheusServer prometheus;
        // The shipped scrape config, pointed at this gateway, scraping every second.
        QByteArray config = readFile(sourceFile("packaging/prometheus/prometheus.yml"));
        const QString keyFile = prometheus.dir().filePath(QStringLiteral("switchyard.key"));
        for (const auto& [from, to] :
             QList<QPair<QByteArray, QByteArray>>{{"localhost:4000", "127.0.0.1:" + QByteArray::number(m_port)},
                                                  {"/etc/prometheus/switchyard.key", QFile::encodeName(keyFile)},
                                                  {"scrape_interval: 15s", "scrape_interval: 1s"}}) {
            QVERIFY2(config.contains(from), from.constData());
            config.replace(from, to);
        }
        QFile key(keyFile);
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write(m_scraperKey + '\n');
        key.close();
        QVERIFY2(prometheus.start(config), qPrintable(prometheus.error()));

        // Wait for a successful scrape; the deadline is only a hang guard.
        QDeadlineTimer guard(120'000);
        QJsonArray up;
        while (!guard.hasExpired()) {
            up = prometheus.query("up{job=\"switchyard\"} == 1");
            if (!up.isEmpty())
                break;
            QTest::qWait(200);
        }
        QVERIFY2(!up.isEmpty(),
                 qPrintable(prometheus.lastQueryError() + QString::fromUtf8(prometheus.api("/api/v1/targets"))));

        const QByteArray series
            = "litellm_proxy_total_requests_metric_total{requested_model=\"flaky\",status_code=\"500\"}";
        const QJsonArray counter = prometheus.query(series);
        QCOMPARE(counter.size(), 1);
        QCOMPARE(counter[0][QStringLiteral("value")][1].toString(), QStringLiteral("2"));
        QCOMPARE(counter[0][QStringLiteral("metric")][QStringLiteral("job")].toString(), QStringLiteral("switchyard"));
        const QJsonArray ttft = prometheus.query(
            "histogram_quantile(0.5, sum by (le) (litellm_llm_api_time_to_first_token_metric_bucket))");
        QCOMPARE(ttft.size(), 1);
        QVERIFY(ttft[0][QStringLiteral("value")][1].toString() != QStringLiteral("NaN"));

        // Every dashboard expression is valid PromQL to this Prometheus.
        for (const QString& expr : dashboardExpressions(m_dashboard)) {
            prometheus.query(resolved(expr));
            QVERIFY2(prometheus.lastQueryError().isEmpty(), qPrintable(expr + u": "_s + prometheus.lastQueryError()));
        }
    }

    void shippedPrometheusConfigIsValid()
    {
        const QString promtool = PrometheusServer::promtool();
        if (promtool.isEmpty())
            QSKIP("promtool (Debian package prometheus) is not installed: run scripts/install-deps.sh --with-tests");
        QTemporaryDir dir;
        QByteArray config = readFile(sourceFile("packaging/prometheus/prometheus.yml"));
        const QString keyFile = dir.filePath(QStringLiteral("switchyard.key"));
        QVERIFY(config.contains("/etc/prometheus/switchyard.key"));
        config.replace("/etc/prometheus/switchyard.key", QFile::encodeName(keyFile));
        QFile key(keyFile);
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write(kMasterKey);
        key.close();
        QFile file(dir.filePath(QStringLiteral("prometheus.yml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(config);
        file.close();
        QByteArray output;
        const int exit = ServerProcess::runAs(
            {}, promtool, {QStringLiteral("check"), QStringLiteral("config"), file.fileName()}, &output);
        QVERIFY2(exit == 0, output.constData());
    }
};

QTEST_GUILESS_MAIN(TestPrometheusExport)
#include "TestPrometheusExport.moc"
