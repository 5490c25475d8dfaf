#include "IntegrationSupport.h"

#include <QTest>

using namespace sy::testing;

namespace {

// A gateway as it ships: localhost only, no master key.
QByteArray openConfig(quint16 mockPort, const QByteArray& gatewayExtra = {})
{
    QByteArray yaml = "model_list:\n" + mockModelEntry("m", mockPort) + "gateway:\n  host: 127.0.0.1\n  port: 0\n";
    for (const QByteArray& line : gatewayExtra.split('\n')) {
        if (!line.trimmed().isEmpty())
            yaml += "  " + line.trimmed() + '\n';
    }
    return yaml;
}

// The bytes a browser sends for a page's fetch()/form: exactly these headers, nothing added.
std::optional<RawHttpResponse> browserRequest(quint16 port,
                                              const QByteArray& method,
                                              const QByteArray& path,
                                              const QByteArray& body,
                                              const QList<QPair<QByteArray, QByteArray>>& headers)
{
    RawHttpClient client;
    if (!client.connectToHost(QHostAddress::LocalHost, port))
        return std::nullopt;
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\n";
    for (const auto& [name, value] : headers)
        request += name + ": " + value + "\r\n";
    request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    client.send(request);
    return client.readResponse(5000);
}

// Completions the mock was asked for (health checks aside).
qint64 mockRequests(MockBackendThread* mock)
{
    return qint64(
        mock->backend()->stats().value("requests_by_path").toObject().value("/v1/chat/completions").toDouble());
}

} // namespace

// Issue #15, finding 1: any web page in the user's browser could mint keys, stop servers and
// spend paid backends through a gateway on localhost.
class TestBrowserAttacks : public QObject
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

    void crossSiteSimplePostIsRefused()
    {
        // Measured on main: this got 200 and a key.
        GatewayProcess gw;
        const quint16 port = gw.start(openConfig(m_mock->port()));
        QVERIFY2(port, gw.stderrText().constData());
        const QByteArray host = "127.0.0.1:" + QByteArray::number(port);
        const auto minted = browserRequest(port,
                                           "POST",
                                           "/key/generate",
                                           R"({"key_alias":"evil"})",
                                           {{"Host", host},
                                            {"Origin", "http://evil.example"},
                                            {"Content-Type", "text/plain;charset=UTF-8"},
                                            {"Sec-Fetch-Site", "cross-site"},
                                            {"Sec-Fetch-Mode", "no-cors"}});
        QVERIFY(minted);
        QCOMPARE(minted->status, 403);
        QVERIFY(!minted->json().contains("key"));
        QCOMPARE(minted->json()["error"].toObject()["code"].toString(), QString("cross_origin_forbidden"));

        // The same for a paid backend: the page may not spend it, and the backend sees nothing.
        const qint64 before = mockRequests(m_mock);
        const auto spent = browserRequest(
            port,
            "POST",
            "/v1/chat/completions",
            chatBody("m"),
            {{"Host", host}, {"Origin", "https://evil.example"}, {"Content-Type", "text/plain;charset=UTF-8"}});
        QVERIFY(spent);
        QCOMPARE(spent->status, 403);
        // An old browser that sends no Origin still sends its form's content type.
        const auto form = browserRequest(port,
                                         "POST",
                                         "/v1/chat/completions",
                                         chatBody("m"),
                                         {{"Host", host},
                                          {"User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13)"},
                                          {"Content-Type", "application/x-www-form-urlencoded"}});
        QVERIFY(form);
        QCOMPARE(form->status, 415);
        QVERIFY(form->json()["error"].toObject()["message"].toString().contains("application/json"));
        QCOMPARE(mockRequests(m_mock), before);

        // What real clients send keeps working: JSON with a charset, and no Content-Type at all.
        const auto sdk = browserRequest(port,
                                        "POST",
                                        "/v1/chat/completions",
                                        chatBody("m"),
                                        {{"Host", host}, {"Content-Type", "application/json; charset=utf-8"}});
        QCOMPARE(sdk->status, 200);
        const auto bare = browserRequest(port, "POST", "/v1/chat/completions", chatBody("m"), {{"Host", "localhost"}});
        QCOMPARE(bare->status, 200);
        QCOMPARE(gw.terminate(), 0);
    }

    void adminNeedsTheMasterKey()
    {
        // With no master key the admin API is off: before, anyone who could connect was admin.
        GatewayProcess gw;
        const quint16 port = gw.start(openConfig(m_mock->port()));
        QVERIFY(port);
        const QList<QPair<QByteArray, QByteArray>> json{{"Content-Type", "application/json"}};
        for (const auto& [method, path] : QList<QPair<QByteArray, QByteArray>>{{"POST", "/key/generate"},
                                                                               {"GET", "/key/list"},
                                                                               {"GET", "/spend/logs"},
                                                                               {"GET", "/servers"},
                                                                               {"POST", "/servers/x/stop"}}) {
            const auto r = RawHttpClient::fetch(port, method, path, method == "POST" ? "{}" : "", json);
            QVERIFY(r);
            QCOMPARE(r->status, 403);
            const QJsonObject error = r->json()["error"].toObject();
            QCOMPARE(error["code"].toString(), QString("master_key_required"));
            QVERIFY(error["message"].toString().contains("general_settings.master_key"));
        }
        // The API itself stays open on localhost, as before.
        QCOMPARE(RawHttpClient::fetch(port, "POST", "/v1/chat/completions", chatBody("m"), json)->status, 200);
        QCOMPARE(gw.terminate(), 0);

        // With a master key it is the master key's, as before.
        GatewayProcess keyed;
        const quint16 keyedPort = keyed.start(gatewayConfig(mockModelEntry("m", m_mock->port())));
        QVERIFY(keyedPort);
        QCOMPARE(RawHttpClient::fetch(keyedPort, "GET", "/key/list", {}, json)->status, 401);
        QCOMPARE(RawHttpClient::fetch(keyedPort, "GET", "/key/list", {}, authHeaders())->status, 200);
        QCOMPARE(keyed.terminate(), 0);
    }

    void reboundHostNamesAreRefused()
    {
        // DNS rebinding: a page at evil.example points its name at 127.0.0.1 and calls "itself".
        GatewayProcess gw;
        const quint16 port = gw.start(openConfig(m_mock->port(), "allowed_hosts: [gpu-box.lan]\n"));
        QVERIFY(port);
        const QByteArray portText = ':' + QByteArray::number(port);
        const qint64 before = mockRequests(m_mock);
        for (const QByteArray& path : {QByteArray("/v1/models"), QByteArray("/health"), QByteArray("/metrics")}) {
            const auto r = browserRequest(port, "GET", path, {}, {{"Host", "evil.example" + portText}});
            QVERIFY(r);
            QCOMPARE(r->status, 403);
            QCOMPARE(r->json()["error"].toObject()["code"].toString(), QString("host_not_allowed"));
        }
        const auto post = browserRequest(port,
                                         "POST",
                                         "/v1/chat/completions",
                                         chatBody("m"),
                                         {{"Host", "evil.example" + portText}, {"Content-Type", "application/json"}});
        QCOMPARE(post->status, 403);
        QCOMPARE(mockRequests(m_mock), before);
        // The gateway's own names still work, and so do configured ones.
        for (const QByteArray& host : {QByteArray("localhost"),
                                       "localhost" + portText,
                                       "127.0.0.1" + portText,
                                       "[::1]" + portText,
                                       "GPU-Box.lan" + portText}) {
            const auto r = browserRequest(port, "GET", "/v1/models", {}, {{"Host", host}});
            QVERIFY(r);
            QVERIFY2(r->status == 200, host.constData());
        }
        QCOMPARE(gw.terminate(), 0);
    }

    void unknownPathsAnswerOnlyAfterAuthentication()
    {
        GatewayProcess gw;
        const quint16 port = gw.start(gatewayConfig(mockModelEntry("m", m_mock->port())));
        QVERIFY(port);
        // Without a key nobody learns which paths exist.
        QCOMPARE(RawHttpClient::fetch(port, "GET", "/no/such/path")->status, 401);
        QCOMPARE(RawHttpClient::fetch(port, "GET", "/v1/chat/completions")->status, 401);
        QCOMPARE(RawHttpClient::fetch(port, "GET", "/no/such/path", {}, authHeaders())->status, 404);
        QCOMPARE(RawHttpClient::fetch(port, "GET", "/v1/chat/completions", {}, authHeaders())->status, 405);
        // Health stays open for probes.
        QCOMPARE(RawHttpClient::fetch(port, "GET", "/health/liveliness")->status, 200);
        QCOMPARE(gw.terminate(), 0);
    }

    void metricsCanRequireAKeyAndNeverShowSecrets()
    {
        GatewayProcess gw;
        QByteArray entry = mockModelEntry("m", m_mock->port());
        // Credentials in the URL must not reach /metrics, headers or records.
        entry.replace("api_base: http://", "api_base: http://user:hunter2@");
        entry.replace("/v1\n", "/v1?key=topsecret\n");
        const quint16 port = gw.start(gatewayConfig(entry, "metrics_require_auth: true\n"));
        QVERIFY2(port, gw.stderrText().constData());
        const auto chat = post(port, "/v1/chat/completions", chatBody("m"));
        QCOMPARE(chat->status, 200);
        QVERIFY(!chat->header("x-litellm-model-api-base").contains("hunter2"));
        QCOMPARE(RawHttpClient::fetch(port, "GET", "/metrics")->status, 401);
        const auto metrics = RawHttpClient::fetch(port, "GET", "/metrics", {}, authHeaders());
        QCOMPARE(metrics->status, 200);
        QVERIFY(metrics->body.contains("litellm_deployment_total_requests"));
        for (const QByteArray& secret : {QByteArray("hunter2"), QByteArray("topsecret"), QByteArray("sk-backend")})
            QVERIFY2(!metrics->body.contains(secret), secret.constData());
        QCOMPARE(gw.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestBrowserAttacks)
#include "TestBrowserAttacks.moc"
