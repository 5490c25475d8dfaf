#include "gateway/core/GatewayConfig.h"
#include "gateway/http/HttpRequest.h"
#include "gateway/pipeline/RequestGuard.h"

#include <QTest>

using namespace sy;

namespace {

HttpRequest request(const QByteArray& method, const QList<QPair<QByteArray, QByteArray>>& headers)
{
    HttpRequest r;
    r.method = method;
    r.path = "/v1/chat/completions";
    for (const auto& [name, value] : headers)
        r.headers.add(name, value);
    return r;
}

} // namespace

// What a web page could make the user's browser send: wrong Host, cross-site Origin, form bodies.
class TestRequestGuard : public QObject
{
    Q_OBJECT

private slots:
    void hostOfAHostHeader_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("host");
        QTest::newRow("name and port") << QByteArray("LocalHost:4000") << "localhost";
        QTest::newRow("ipv4") << QByteArray("127.0.0.1:4000") << "127.0.0.1";
        QTest::newRow("ipv6") << QByteArray("[::1]:4000") << "::1";
        QTest::newRow("no port") << QByteArray("gpu-box.lan") << "gpu-box.lan";
        QTest::newRow("trailing dot") << QByteArray("localhost.:4000") << "localhost";
        QTest::newRow("unclosed bracket") << QByteArray("[::1:4000") << "";
    }

    void hostOfAHostHeader()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, host);
        QCOMPARE(RequestGuard::hostOf(header), host);
    }

    void hosts_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QStringList>("allowed");
        QTest::addColumn<bool>("accepted");
        const QStringList none;
        QTest::newRow("localhost") << QByteArray("localhost:4000") << none << true;
        QTest::newRow("loopback v4") << QByteArray("127.0.0.1:4000") << none << true;
        QTest::newRow("loopback v6") << QByteArray("[::1]:4000") << none << true;
        QTest::newRow("LAN address") << QByteArray("192.168.1.20:4000") << none << true;
        QTest::newRow("tailscale address") << QByteArray("100.101.102.103:4000") << none << true;
        QTest::newRow("sub.localhost") << QByteArray("app.localhost:4000") << none << true;
        QTest::newRow("machine name") << QByteArray("studio:4000") << none << true;
        QTest::newRow("machine name .local") << QByteArray("Studio.local:4000") << none << true;
        QTest::newRow("rebound name") << QByteArray("evil.example:4000") << none << false;
        QTest::newRow("lookalike") << QByteArray("localhost.evil.example") << none << false;
        QTest::newRow("configured name") << QByteArray("gpu-box.lan:4000") << QStringList{"gpu-box.lan"} << true;
        QTest::newRow("wildcard") << QByteArray("gw.tail1234.ts.net") << QStringList{"*.ts.net"} << true;
        QTest::newRow("wildcard is not the bare domain") << QByteArray("ts.net") << QStringList{"*.ts.net"} << false;
        QTest::newRow("any") << QByteArray("whatever.example") << QStringList{"*"} << true;
    }

    void hosts()
    {
        QFETCH(QByteArray, host);
        QFETCH(QStringList, allowed);
        QFETCH(bool, accepted);
        GatewayConfig config;
        config.allowedHosts = allowed;
        const RequestGuard guard(QStringLiteral("studio"));
        const std::optional<ApiError> refusal = guard.check(request("GET", {{"host", host}}), config);
        QCOMPARE(!refusal, accepted);
        if (refusal) {
            QCOMPARE(refusal->status, 403);
            QCOMPARE(refusal->code, QByteArray("host_not_allowed"));
            QVERIFY(refusal->message.contains("gateway.allowed_hosts"));
        }
    }

    // The guard remembers the last Host it accepted; a reload that drops the name must not.
    void aHostAcceptedOnceIsCheckedAgainAfterAReload()
    {
        const RequestGuard guard(QStringLiteral("studio"));
        GatewayConfig allowing;
        allowing.allowedHosts = {QStringLiteral("llm.example.net")};
        const HttpRequest named = request("GET", {{"host", "llm.example.net:4000"}});
        QVERIFY(!guard.check(named, allowing));
        QVERIFY(!guard.check(named, allowing));
        GatewayConfig reloaded;
        reloaded.allowedHosts = {QStringLiteral("other.example.net")};
        const std::optional<ApiError> refusal = guard.check(named, reloaded);
        QVERIFY(refusal);
        QCOMPARE(refusal->code, QByteArray("host_not_allowed"));
        QVERIFY(!guard.check(request("GET", {{"host", "localhost:4000"}}), reloaded));
        QVERIFY(guard.check(named, reloaded));
    }

    void noHostIsNoBrowser()
    {
        GatewayConfig config;
        QVERIFY(!RequestGuard(QStringLiteral("studio")).check(request("GET", {}), config));
    }

    void origins_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<QByteArray>("fetchSite");
        QTest::addColumn<QByteArray>("fetchMode");
        QTest::addColumn<QStringList>("cors");
        QTest::addColumn<bool>("accepted");
        const QStringList off;
        QTest::newRow("no markers (SDK, curl)")
            << QByteArray("POST") << QByteArray() << QByteArray() << QByteArray() << off << true;
        QTest::newRow("cross-site POST") << QByteArray("POST") << QByteArray("http://evil.example") << QByteArray()
                                         << QByteArray() << off << false;
        QTest::newRow("null origin") << QByteArray("POST") << QByteArray("null") << QByteArray() << QByteArray() << off
                                     << false;
        QTest::newRow("same origin") << QByteArray("POST") << QByteArray("http://localhost:4000") << QByteArray()
                                     << QByteArray() << off << true;
        QTest::newRow("same origin, other port") << QByteArray("POST") << QByteArray("http://localhost:3000")
                                                 << QByteArray("same-site") << QByteArray() << off << false;
        QTest::newRow("allowed by cors") << QByteArray("POST") << QByteArray("http://localhost:3000") << QByteArray()
                                         << QByteArray() << QStringList{"http://localhost:3000"} << true;
        QTest::newRow("cors any") << QByteArray("POST") << QByteArray("https://app.example") << QByteArray()
                                  << QByteArray() << QStringList{"*"} << true;
        QTest::newRow("cross-site no-cors GET")
            << QByteArray("GET") << QByteArray() << QByteArray("cross-site") << QByteArray("no-cors") << off << false;
        QTest::newRow("followed link") << QByteArray("GET") << QByteArray() << QByteArray("cross-site")
                                       << QByteArray("navigate") << off << true;
        QTest::newRow("typed address") << QByteArray("GET") << QByteArray() << QByteArray("none")
                                       << QByteArray("navigate") << off << true;
        QTest::newRow("preflight") << QByteArray("OPTIONS") << QByteArray("http://evil.example") << QByteArray()
                                   << QByteArray() << off << true;
    }

    void origins()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, origin);
        QFETCH(QByteArray, fetchSite);
        QFETCH(QByteArray, fetchMode);
        QFETCH(QStringList, cors);
        QFETCH(bool, accepted);
        GatewayConfig config;
        config.cors.allowedOrigins = cors;
        QList<QPair<QByteArray, QByteArray>> headers{{"host", "localhost:4000"}, {"content-type", "application/json"}};
        if (!origin.isEmpty())
            headers.append({"origin", origin});
        if (!fetchSite.isEmpty())
            headers.append({"sec-fetch-site", fetchSite});
        if (!fetchMode.isEmpty())
            headers.append({"sec-fetch-mode", fetchMode});
        const std::optional<ApiError> refusal
            = RequestGuard(QStringLiteral("studio")).check(request(method, headers), config);
        QCOMPARE(!refusal, accepted);
        if (refusal) {
            QCOMPARE(refusal->status, 403);
            QCOMPARE(refusal->code, QByteArray("cross_origin_forbidden"));
        }
    }

    void contentTypes_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("json") << QByteArray("POST") << QByteArray("application/json") << true;
        QTest::newRow("json with charset")
            << QByteArray("POST") << QByteArray("application/json; charset=utf-8") << true;
        QTest::newRow("none") << QByteArray("POST") << QByteArray() << true;
        QTest::newRow("vendor json") << QByteArray("POST") << QByteArray("application/vnd.api+json") << true;
        QTest::newRow("text/plain") << QByteArray("POST") << QByteArray("text/plain;charset=UTF-8") << false;
        QTest::newRow("form") << QByteArray("POST") << QByteArray("application/x-www-form-urlencoded") << false;
        QTest::newRow("multipart") << QByteArray("POST") << QByteArray("Multipart/Form-Data; boundary=x") << false;
        QTest::newRow("GET ignores it") << QByteArray("GET") << QByteArray("text/plain") << true;
    }

    void commandLineClientsMayPostWithCurlsFormType()
    {
        // curl -d sends application/x-www-form-urlencoded; Ollama's and others' docs use it with
        // JSON. No browser said it sent this (no Origin, Sec-Fetch or browser User-Agent).
        const QList<QPair<QByteArray, QByteArray>> headers{{"host", "127.0.0.1:4000"},
                                                           {"content-type", "application/x-www-form-urlencoded"},
                                                           {"user-agent", "curl/7.88.1"}};
        QVERIFY(!RequestGuard(QStringLiteral("studio")).check(request("POST", headers), GatewayConfig()));
    }

    void contentTypes()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, type);
        QFETCH(bool, accepted);
        // A browser (its User-Agent), as only a browser can be made to post forms to another site.
        QList<QPair<QByteArray, QByteArray>> headers{{"host", "127.0.0.1:4000"},
                                                     {"user-agent", "Mozilla/5.0 (X11; Linux x86_64)"}};
        if (!type.isEmpty())
            headers.append({"content-type", type});
        const std::optional<ApiError> refusal
            = RequestGuard(QStringLiteral("studio")).check(request(method, headers), GatewayConfig());
        QCOMPARE(!refusal, accepted);
        if (refusal) {
            QCOMPARE(refusal->status, 415);
            QCOMPARE(refusal->code, QByteArray("unsupported_content_type"));
            QVERIFY(refusal->message.contains("application/json"));
        }
    }
};

QTEST_GUILESS_MAIN(TestRequestGuard)
#include "TestRequestGuard.moc"
