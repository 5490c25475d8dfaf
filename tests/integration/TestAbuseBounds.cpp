#include "KeyTestSupport.h"

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace sy::testing;

namespace {

QByteArray randomName(int length)
{
    static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789-";
    QByteArray name(length, 'x');
    for (char& c : name)
        c = kAlphabet[QRandomGenerator::global()->bounded(int(sizeof kAlphabet) - 1)];
    return name;
}

// @p count requests on one keep-alive connection, @p window of them pipelined at a time; the
// number of responses with each status.
QHash<int, int> sendAll(quint16 port, const QList<QByteArray>& requests, int window = 8)
{
    QHash<int, int> statuses;
    RawHttpClient client;
    if (!client.connectToHost(QHostAddress::LocalHost, port))
        return statuses;
    for (qsizetype i = 0; i < requests.size(); i += window) {
        QByteArray batch;
        const qsizetype n = qMin<qsizetype>(window, requests.size() - i);
        for (qsizetype j = 0; j < n; ++j)
            batch += requests[i + j];
        client.send(batch);
        for (qsizetype j = 0; j < n; ++j) {
            const auto r = client.readResponse(10'000);
            ++statuses[r ? r->status : 0];
        }
    }
    return statuses;
}

QByteArray chatRequest(const QByteArray& model, const QByteArray& authorization)
{
    const QByteArray body = chatBody(model);
    QByteArray out = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
    if (!authorization.isEmpty())
        out += "Authorization: " + authorization + "\r\n";
    return out + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

qint64 requestLogRows(const QString& path)
{
    qint64 rows = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("abuse-check"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT COUNT(*) FROM request_log")) && q.next())
                rows = q.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("abuse-check"));
    return rows;
}

// The mock reports @p usageJson as the response's usage, exactly as written.
QByteArray reportedUsage(const QByteArray& usageJson)
{
    QByteArray escaped = usageJson;
    escaped.replace('"', "\\\"");
    return "\"mock\":{\"reported_usage\":\"" + escaped + "\"}";
}

double spendOf(quint16 port, const QByteArray& key)
{
    const auto info = adminCall(port, "GET", "/key/info?key=" + key);
    return info ? info->json()["info"].toObject()["spend"].toDouble(-1) : -1;
}

} // namespace

// Issue #15, findings 2, 5 and 6: what anyone who can connect could grow, guess or overflow.
class TestAbuseBounds : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_mock = nullptr;

private slots:
    void initTestCase()
    {
        m_mock = new MockBackendThread;
        QVERIFY(m_mock->start());
    }

    void cleanupTestCase() { delete m_mock; }

    void unauthenticatedFloodLeavesMetricsAndDatabaseTheSameSize()
    {
        // Measured on main: 5,000 such requests grew /metrics from 1.9 KB to 33.7 MB and wrote 5,000 rows.
        GatewayProcess gw;
        const quint16 port
            = gw.start(gatewayConfig(mockModelEntry("m", m_mock->port()), "auth_failures_per_minute: 0"));
        QVERIFY2(port, gw.stderrText().constData());
        QCOMPARE(post(port, "/v1/chat/completions", chatBody("m"))->status, 200);
        // One of each kind first, so the counters they touch exist before the baseline.
        sendAll(port,
                {chatRequest(randomName(200), "Bearer sk-wrong"),
                 chatRequest(randomName(200), {}),
                 chatRequest(randomName(300), {})});
        const auto before = RawHttpClient::fetch(port, "GET", "/metrics");
        QVERIFY(before);

        QList<QByteArray> flood;
        for (int i = 0; i < 5000; ++i) {
            const QByteArray model = randomName(i % 10 == 0 ? 300 : 200);
            flood.append(chatRequest(model, i % 2 ? "Bearer sk-wrong-" + model.left(8) : QByteArray()));
        }
        const QHash<int, int> statuses = sendAll(port, flood);
        QCOMPARE(statuses.value(0), 0); // every request was answered
        QCOMPARE(statuses.value(401) + statuses.value(400), 5000);

        const auto after = RawHttpClient::fetch(port, "GET", "/metrics");
        QVERIFY(after);
        QCOMPARE(after->body.count('\n'), before->body.count('\n')); // not one series more
        QVERIFY2(after->body.size() - before->body.size() < 32, // counters gained a digit or two
                 qPrintable(QString("%1 -> %2 bytes").arg(before->body.size()).arg(after->body.size())));
        QVERIFY(after->body.contains("switchyard_rejected_requests_total"));
        QCOMPARE(gw.terminate(), 0); // writes every record
        QCOMPARE(requestLogRows(gw.dataDir() + "/switchyard.db"), 1); // the one authenticated request
    }

    void failedAuthenticationIsThrottled()
    {
        GatewayProcess gw;
        const quint16 port
            = gw.start(gatewayConfig(mockModelEntry("m", m_mock->port()), "auth_failures_per_minute: 3"));
        QVERIFY(port);
        const RawHttpClient::Headers wrong{{"Authorization", "Bearer sk-guess"}, {"Content-Type", "application/json"}};
        for (int i = 0; i < 4; ++i) // three allowed; the fourth is the one too many
            QCOMPARE(RawHttpClient::fetch(port, "POST", "/v1/chat/completions", chatBody("m"), wrong)->status, 401);
        const auto first = RawHttpClient::fetch(port, "POST", "/v1/chat/completions", chatBody("m"), wrong);
        QCOMPARE(first->status, 429);
        QCOMPARE(first->json()["error"].toObject()["code"].toString(), QString("auth_throttled"));
        const int firstWait = first->header("retry-after").toInt();
        QVERIFY(firstWait > 0);
        // Trying on lengthens the wait; while it lasts even the right key is not compared.
        const auto second = RawHttpClient::fetch(port, "GET", "/v1/models", {}, wrong);
        QCOMPARE(second->status, 429);
        QVERIFY2(second->header("retry-after").toInt() > firstWait, second->header("retry-after").constData());
        QCOMPARE(post(port, "/v1/chat/completions", chatBody("m"))->status, 429);
        // Health probes carry no key and are not throttled.
        QCOMPARE(RawHttpClient::fetch(port, "GET", "/health/liveliness")->status, 200);
        QCOMPARE(gw.terminate(), 0);
        QCOMPARE(gw.stderrText().count("failed authentications from 127.0.0.1"), 1); // logged once
    }

    void missingKeysAreNotGuesses()
    {
        GatewayProcess gw;
        const quint16 port
            = gw.start(gatewayConfig(mockModelEntry("m", m_mock->port()), "auth_failures_per_minute: 2"));
        QVERIFY(port);
        const RawHttpClient::Headers none{{"Content-Type", "application/json"}};
        for (int i = 0; i < 10; ++i) // a client not set up yet guesses nothing
            QCOMPARE(RawHttpClient::fetch(port, "POST", "/v1/chat/completions", chatBody("m"), none)->status, 401);
        QCOMPARE(post(port, "/v1/chat/completions", chatBody("m"))->status, 200);
        QCOMPARE(gw.terminate(), 0);
    }

    void anOversizedUsageReportCannotOverflowOrRefund()
    {
        // Measured on main: UBSan stopped the gateway; the release build charged a key 5.5e13 USD.
        GatewayProcess gw;
        const quint16 port = gw.start(keysConfig(pricedModel("m", m_mock->port())));
        QVERIFY2(port, gw.stderrText().constData());
        const QJsonObject created = generateKey(port, {{"max_budget", 1.0}, {"tpm_limit", 100000}});
        const QByteArray key = created["key"].toString().toUtf8();
        QVERIFY(!key.isEmpty());
        const QByteArray huge
            = R"({"prompt_tokens":1,"completion_tokens":9223372036854775807,"total_tokens":9223372036854775807})";
        QCOMPARE(chatAs(port, key, "m", reportedUsage(huge))->status, 200);
        QCOMPARE(chatAs(port, key, "m", "\"stream\":true," + reportedUsage(huge))->status, 200);
        const QByteArray bothMax = R"({"prompt_tokens":9223372036854775807,"completion_tokens":9223372036854775807})";
        QCOMPARE(chatAs(port, key, "m", reportedUsage(bothMax))->status, 200);
        QTRY_VERIFY(spendOf(port, key) > 0);
        const double spent = spendOf(port, key);
        QVERIFY2(spent < 0.5, qPrintable(QString::number(spent))); // an estimate, not 9.2e15 tokens

        // Negative counts refund nothing.
        const QByteArray negative = R"({"prompt_tokens":-1000000000,"completion_tokens":-1000000000})";
        QCOMPARE(chatAs(port, key, "m", reportedUsage(negative))->status, 200);
        QTest::qWait(500); // let the record be counted (a refund would show below)
        QVERIFY(spendOf(port, key) >= spent);

        // The key is neither over its budget nor its TPM limit, and the metrics stay finite.
        QCOMPARE(chatAs(port, key, "m")->status, 200);
        const auto metrics = RawHttpClient::fetch(port, "GET", "/metrics");
        QVERIFY(!metrics->body.contains("e+18"));
        QVERIFY(!metrics->body.contains("e+15"));
        QVERIFY(
            !metrics->body.contains("litellm_output_tokens_metric_total{requested_model=\"m\",model=\"backend-m\"} -"));
        QCOMPARE(gw.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAbuseBounds)
#include "TestAbuseBounds.moc"
