// The web UI through the pipeline: its files, sign-in, the session cookie standing in for the
// master key on the admin API, the CSRF token on writes, expiry on the manual clock.
#include "gateway/admin/DashboardApi.h"
#include "gateway/webui/WebUiHandler.h"
#include "tests/gateway/admin/AdminTestSupport.h"

using namespace sy;
using namespace sy::testing;
using namespace Qt::StringLiterals;

class TestWebUiHandler : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PipelineHarness> h;
    std::unique_ptr<WebUiHandler> ui;
    std::unique_ptr<DashboardApi> dashboard;
    int reloads = 0;

    void start(const QByteArray& yaml, UiLogin::Credentials credentials = {})
    {
        h = std::make_unique<PipelineHarness>();
        QVERIFY(h->load(yaml));
        ui = std::make_unique<WebUiHandler>(h->clock, nullptr, credentials);
        ui->applyConfig(*h->pipeline.config(), {u"http://127.0.0.1:4000/v1"_s});
        DashboardApi::Sources sources;
        sources.snapshot = [] { return std::make_shared<const GatewaySnapshot>(); };
        sources.traffic = [] { return nullptr; };
        sources.daily = [](const DailyUsageQuery&, DashboardApi::DailyDone done) { done({{}, {}}); };
        sources.reload = [this] { ++reloads; };
        sources.cache = &h->pipeline.cache();
        sources.cacheMetrics = &h->pipeline.cacheGuardrailMetrics();
        dashboard = std::make_unique<DashboardApi>(std::move(sources));
        h->pipeline.addAdminHandler(dashboard.get());
        h->pipeline.addAdminHandler(ui.get());
        h->pipeline.auth().setSessionCheck([this](RequestContext& ctx) { return ui->checkSession(ctx); });
    }

    std::shared_ptr<ChannelLog>
    send(const QByteArray& method, const QByteArray& path, const QByteArray& body = {}, HttpHeaders headers = {})
    {
        auto log = h->send(method, path, body, headers);
        if (!QTest::qWaitFor([&] { return log->finished(); }, kHangGuardMs))
            qWarning("%s %s: no answer", method.constData(), path.constData());
        return log;
    }

    /** Signs in with @p password; the cookie and CSRF headers for the calls that follow. */
    HttpHeaders signIn(const QByteArray& password, QByteArray* csrf = nullptr)
    {
        HttpHeaders json;
        json.add("content-type", "application/json");
        const auto log
            = send("POST", "/ui/api/login", "{\"username\":\"admin\",\"password\":\"" + password + "\"}", json);
        HttpHeaders cookie;
        if (log->status != 200)
            return cookie;
        const QByteArray setCookie = log->headers.value("set-cookie");
        cookie.add("cookie", setCookie.left(setCookie.indexOf(';')));
        if (csrf)
            *csrf = jsonOf(*log).value(u"csrf_token").toString().toLatin1();
        return cookie;
    }

private slots:
    void cleanup()
    {
        h.reset();
        ui.reset();
        dashboard.reset();
    }

    void servesThePageWithETagAndGzip()
    {
        start(adminConfig());
        QVERIFY(ui->isServing());
        QCOMPARE(send("GET", "/ui")->status, 301);
        HttpHeaders gzip;
        gzip.add("accept-encoding", "gzip, br");
        const auto page = send("GET", "/ui/", {}, gzip);
        QCOMPARE(page->status, 200);
        QCOMPARE(page->headers.value("content-type"), QByteArray("text/html; charset=utf-8"));
        QCOMPARE(page->headers.value("content-encoding"), QByteArray("gzip"));
        QVERIFY(page->headers.value("content-security-policy").contains("default-src 'self'"));
        HttpHeaders revalidate;
        revalidate.add("if-none-match", page->headers.value("etag"));
        QCOMPARE(send("GET", "/ui/index.html", {}, revalidate)->status, 304);
        const auto plain = send("GET", "/ui/app.js");
        QVERIFY(plain->headers.value("content-encoding").isEmpty());
        QVERIFY(plain->body.contains("import"));
        QCOMPARE(send("GET", "/ui/missing.js")->status, 404);
        QCOMPARE(send("POST", "/ui/index.html")->status, 405);
    }

    void isOffWithoutAnyAdminLogin()
    {
        start("model_list:\n" + deploymentYaml("chat", 1001));
        QVERIFY(!ui->isServing());
        QVERIFY(send("GET", "/ui/")->status != 200);
        start("model_list:\n" + deploymentYaml("chat", 1001), [] {
            UiLogin::Credentials c;
            c.password = u"pw"_s;
            return c;
        }());
        QVERIFY(ui->isServing());
        QVERIFY(!signIn("pw").isEmpty());
    }

    void isOffWhenDisabledAndMovesWithItsPath()
    {
        start(adminConfig() + "gateway:\n  ui:\n    enabled: false\n");
        QVERIFY(!ui->isServing());
        start(adminConfig() + "gateway:\n  ui:\n    path: /admin/\n");
        QCOMPARE(send("GET", "/admin/")->status, 200);
        QVERIFY(send("GET", "/ui/")->status != 200);
    }

    void aWrongPasswordIsRefused()
    {
        start(adminConfig());
        HttpHeaders json;
        json.add("content-type", "application/json");
        const auto log = send("POST", "/ui/api/login", "{\"username\":\"admin\",\"password\":\"nope\"}", json);
        QCOMPARE(log->status, 401);
        QCOMPARE(errorOf(*log).value(u"code").toString(), u"invalid_login"_s);
        QVERIFY(log->headers.value("set-cookie").isEmpty());
    }

    void theSessionActsAsTheMasterKeyOnTheAdminApi()
    {
        start(adminConfig());
        QByteArray csrf;
        HttpHeaders cookie = signIn(kMaster.toByteArray(), &csrf);
        QVERIFY(!cookie.isEmpty());
        QCOMPARE(send("GET", "/dashboard/overview", {}, cookie)->status, 200);
        QCOMPARE(send("GET", "/ui/api/session", {}, cookie)->status, 200);
        // The Cache and Guardrails pages' reads (this config has neither).
        const auto cache = send("GET", "/dashboard/cache", {}, cookie);
        QCOMPARE(cache->status, 200);
        QCOMPARE(jsonOf(*cache).value(u"configured").toBool(true), false);
        const auto guardrails = send("GET", "/dashboard/guardrails", {}, cookie);
        QCOMPARE(guardrails->status, 200);
        QCOMPARE(jsonOf(*guardrails).value(u"data").toArray().size(), 0);
        const QJsonObject features
            = jsonOf(*send("GET", "/dashboard/overview", {}, cookie)).value(u"features").toObject();
        QCOMPARE(features.value(u"cache").toBool(true), false);
        QCOMPARE(features.value(u"guardrails").toBool(true), false);
        // A write without the CSRF token is refused, and does nothing.
        const auto refused = send("POST", "/config/reload", {}, cookie);
        QCOMPARE(refused->status, 403);
        QCOMPARE(errorOf(*refused).value(u"code").toString(), u"csrf_token_invalid"_s);
        QCOMPARE(reloads, 0);
        HttpHeaders wrong = cookie;
        wrong.add("x-csrf-token", "0000");
        QCOMPARE(send("POST", "/config/reload", {}, wrong)->status, 403);
        cookie.add("x-csrf-token", csrf);
        QCOMPARE(send("POST", "/config/reload", {}, cookie)->status, 202);
        QCOMPARE(reloads, 1);
    }

    void withoutASessionTheAdminApiNeedsTheKey()
    {
        start(adminConfig());
        QCOMPARE(send("GET", "/dashboard/overview")->status, 401);
        HttpHeaders stale;
        stale.add("cookie", "sy_session=0123");
        const auto log = send("GET", "/dashboard/overview", {}, stale);
        QCOMPARE(log->status, 401);
        QCOMPARE(errorOf(*log).value(u"code").toString(), u"session_expired"_s);
        QCOMPARE(send("GET", "/ui/api/session", {}, stale)->status, 401);
    }

    void sessionsExpireAndSignOut()
    {
        start(adminConfig());
        QByteArray csrf;
        HttpHeaders cookie = signIn(kMaster.toByteArray(), &csrf);
        h->clock.advance(UiSessions::kLifetimeMs);
        QCOMPARE(send("GET", "/dashboard/overview", {}, cookie)->status, 401);

        cookie = signIn(kMaster.toByteArray(), &csrf);
        QCOMPARE(send("POST", "/ui/api/logout", {}, cookie)->status, 403); // CSRF on sign-out too
        cookie.add("x-csrf-token", csrf);
        const auto out = send("POST", "/ui/api/logout", {}, cookie);
        QCOMPARE(out->status, 200);
        QVERIFY(out->headers.value("set-cookie").contains("Max-Age=0"));
        QCOMPARE(send("GET", "/ui/api/session", {}, cookie)->status, 401);
    }
};

QTEST_GUILESS_MAIN(TestWebUiHandler)
#include "TestWebUiHandler.moc"
