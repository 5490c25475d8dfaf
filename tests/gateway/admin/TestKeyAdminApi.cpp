// LiteLLM's /key/* API through the pipeline, on a real KeyManager with SQLite in a temp dir and a
// manual clock: expiry and budget periods are checked to the second, without waiting.
#include "AdminTestSupport.h"
#include "gateway/admin/KeyAdminApi.h"
#include "gateway/keys/ApiKeys.h"

#include <QTemporaryDir>
#include <QTimeZone>

using namespace sy;
using namespace sy::testing;

class TestKeyAdminApi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<PipelineHarness> h;
    std::unique_ptr<KeyAdminApi> m_api;

    QByteArray newKey(const QJsonObject& request = {})
    {
        const auto log = call(*h, "POST", "/key/generate", request);
        return log->status == 200 ? jsonOf(*log).value(u"key").toString().toUtf8() : QByteArray();
    }

    // A chat request with @p key: its status once routed (200 after the fake backend answers).
    int chatStatus(const QByteArray& key)
    {
        const int before = h->upstream.count();
        auto log = h->send("POST", "/v1/chat/completions", chatRequest("chat"), bearer(key));
        if (h->upstream.count() > before)
            h->upstream.last().reply(200, completionJson());
        return log->status;
    }

private slots:
    void init()
    {
        QDir(m_dir.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_dir.path()));
        h = std::make_unique<PipelineHarness>();
        QVERIFY(h->load(adminConfig()));
        QVERIFY(h->startKeys(m_dir.path()));
        m_api = std::make_unique<KeyAdminApi>(*h->keys);
        h->pipeline.addAdminHandler(m_api.get());
    }

    void cleanup()
    {
        h.reset();
        m_api.reset();
    }

    void generateAnswersOnceInLiteLlmsShape()
    {
        const auto log = call(*h,
                              "POST",
                              "/key/generate",
                              {{"key_alias", "web"},
                               {"models", QJsonArray{"chat"}},
                               {"max_budget", 5},
                               {"budget_duration", "30d"},
                               {"rpm_limit", 100},
                               {"duration", "7d"}});
        QCOMPARE(log->status, 200);
        const QJsonObject created = jsonOf(*log);
        const QByteArray key = created.value(u"key").toString().toUtf8();
        QVERIFY(key.startsWith("sk-"));
        QCOMPARE(created.value(u"token").toString(), ApiKeys::token(key));
        QCOMPARE(created.value(u"key_alias").toString(), QStringLiteral("web"));
        QCOMPARE(created.value(u"rpm_limit").toInt(), 100);
        // Times follow the gateway's clock exactly.
        const QDateTime expires = QDateTime::fromString(created.value(u"expires").toString(), Qt::ISODate);
        QCOMPARE(expires, h->clock.nowUtc().addDays(7));
        // "30d" is monthly, as in LiteLLM: the clock is at 2026-01-01, so the budget resets on February 1.
        const QDateTime reset = QDateTime::fromString(created.value(u"budget_reset_at").toString(), Qt::ISODate);
        QCOMPARE(reset, QDateTime(QDate(2026, 2, 1), QTime(0, 0), QTimeZone::utc()));

        // Only its hash is stored: /key/info shows everything but the key.
        const auto info = call(*h, "GET", "/key/info?key=" + key);
        QCOMPARE(info->status, 200);
        const QJsonObject details = jsonOf(*info).value(u"info").toObject();
        QVERIFY(!QJsonDocument(details).toJson().contains(key.mid(3)));
        QCOMPARE(details.value(u"key_alias").toString(), QStringLiteral("web"));
        QCOMPARE(chatStatus(key), 200);
    }

    void aKeyExpiresOnTheClock()
    {
        const QByteArray key = newKey({{"duration", "1h"}});
        QCOMPARE(chatStatus(key), 200);
        h->clock.advance(3600 * 1000 - 1);
        QCOMPARE(chatStatus(key), 200);
        h->clock.advance(1);
        QCOMPARE(chatStatus(key), 401);
    }

    void onlyTheMasterKeyManagesKeys()
    {
        const QByteArray key = newKey();
        QVERIFY(!key.isEmpty());
        for (const auto& [method, path] : {std::pair<QByteArray, QByteArray>{"POST", "/key/generate"},
                                           {"POST", "/key/update"},
                                           {"POST", "/key/delete"},
                                           {"POST", "/key/block"},
                                           {"GET", "/key/list"}}) {
            const auto log = call(*h, method, path, {{"key", "x"}}, key);
            QCOMPARE(log->status, 403);
            QVERIFY(!errorOf(*log).value(u"message").toString().isEmpty());
        }
        QCOMPARE(call(*h, "GET", "/key/list", {}, {})->status, 401);
        // A key may look at itself, not at another.
        const auto self = call(*h, "GET", "/key/info", {}, key);
        QCOMPARE(self->status, 200);
        QCOMPARE(jsonOf(*self).value(u"info").toObject().value(u"token").toString(), ApiKeys::token(key));
        QCOMPARE(call(*h, "GET", "/key/info?key=" + newKey(), {}, key)->status, 403);
    }

    void badInputIsA400ThatSaysWhy_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("/key/generate") << QByteArray("{\"models\":") << "not valid JSON";
        QTest::newRow("wrong type") << QByteArray("/key/generate") << QByteArray("{\"rpm_limit\":\"ten\"}")
                                    << "'rpm_limit'";
        QTest::newRow("typo") << QByteArray("/key/generate") << QByteArray("{\"max_budgett\":1}")
                              << "unknown field 'max_budgett'";
        QTest::newRow("update without key")
            << QByteArray("/key/update") << QByteArray("{\"rpm_limit\":1}") << "'key' is required";
        QTest::newRow("delete non-list") << QByteArray("/key/delete") << QByteArray("{\"keys\":\"sk-x\"}")
                                         << "list of strings";
    }

    void badInputIsA400ThatSaysWhy()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        auto log = h->send("POST", path, body, bearer(kMaster));
        QTRY_VERIFY_WITH_TIMEOUT(log->finished(), kHangGuardMs);
        QCOMPARE(log->status, 400);
        QVERIFY2(errorOf(*log).value(u"message").toString().contains(message), log->body.constData());
        QCOMPARE(errorOf(*log).value(u"type").toString(), QStringLiteral("invalid_request_error"));
    }

    void updateBlockAndDeleteApplyAtOnce()
    {
        const QByteArray a = newKey({{"key_alias", "a"}});
        const QByteArray b = newKey({{"key_alias", "b"}});
        QCOMPARE(call(*h, "POST", "/key/update", {{"key", QString::fromUtf8(a)}, {"rpm_limit", 1}})->status, 200);
        QCOMPARE(chatStatus(a), 200);
        QCOMPARE(chatStatus(a), 429);
        h->clock.advance(60'000); // a new minute
        QCOMPARE(chatStatus(a), 200);

        QCOMPARE(call(*h, "POST", "/key/block", {{"key", QString::fromUtf8(b)}})->status, 200);
        QCOMPARE(chatStatus(b), 401);
        QCOMPARE(call(*h, "POST", "/key/unblock", {{"key", QString::fromUtf8(b)}})->status, 200);
        QCOMPARE(chatStatus(b), 200);

        // All or nothing: one unknown key deletes none.
        const auto unknown = call(*h, "POST", "/key/delete", {{"keys", QJsonArray{QString::fromUtf8(a), "sk-nope"}}});
        QCOMPARE(unknown->status, 404);
        h->clock.advance(60'000);
        QCOMPARE(chatStatus(a), 200);
        const auto deleted = call(*h, "POST", "/key/delete", {{"key_aliases", QJsonArray{"a", "b"}}});
        QCOMPARE(deleted->status, 200);
        QCOMPARE(chatStatus(a), 401);
        QCOMPARE(chatStatus(b), 401);
    }

    void listPagesOldestFirst()
    {
        QList<QString> tokens;
        for (int i = 0; i < 3; ++i) {
            tokens.append(ApiKeys::token(newKey({{"key_alias", QStringLiteral("k%1").arg(i)}})));
            h->clock.advance(1000); // distinct creation times
        }
        auto page = call(*h, "GET", "/key/list?size=2");
        QCOMPARE(page->status, 200);
        QCOMPARE(jsonOf(*page).value(u"total_count").toInt(), 3);
        QCOMPARE(jsonOf(*page).value(u"total_pages").toInt(), 2);
        QCOMPARE(jsonOf(*page).value(u"keys").toArray(), (QJsonArray{tokens[0], tokens[1]}));
        page = call(*h, "GET", "/key/list?size=2&page=2");
        QCOMPARE(jsonOf(*page).value(u"keys").toArray(), QJsonArray{tokens[2]});
        page = call(*h, "GET", "/key/list?key_alias=k1");
        QCOMPARE(jsonOf(*page).value(u"keys").toArray(), QJsonArray{tokens[1]});
        QCOMPARE(call(*h, "GET", "/key/list?size=101")->status, 400);
    }

    void keysSurviveARestart()
    {
        const QByteArray key = newKey({{"key_alias", "kept"}});
        h.reset();
        h = std::make_unique<PipelineHarness>();
        QVERIFY(h->load(adminConfig()));
        QVERIFY(h->startKeys(m_dir.path()));
        m_api = std::make_unique<KeyAdminApi>(*h->keys);
        h->pipeline.addAdminHandler(m_api.get());
        QCOMPARE(chatStatus(key), 200);
        QCOMPARE(jsonOf(*call(*h, "GET", "/key/info?key=" + key)).value(u"info").toObject().value(u"key_alias"),
                 QJsonValue("kept"));
    }
};

QTEST_GUILESS_MAIN(TestKeyAdminApi)
#include "TestKeyAdminApi.moc"
