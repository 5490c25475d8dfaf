// LiteLLM's /spend/logs and /global/spend through the pipeline, over requests the pipeline
// itself accounted, on a real KeyManager with SQLite in a temp dir.
#include "AdminTestSupport.h"
#include "gateway/admin/KeyAdminApi.h"
#include "gateway/admin/SpendApi.h"
#include "gateway/keys/ApiKeys.h"

#include <QTemporaryDir>

using namespace sy;
using namespace sy::testing;

namespace {

// 3 prompt and 2 completion tokens at 0.001 USD each.
constexpr double kRequestCost = 0.005;

} // namespace

class TestSpendApi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<PipelineHarness> h;
    std::unique_ptr<KeyAdminApi> m_keyApi;
    std::unique_ptr<SpendApi> m_spendApi;

    bool start(bool withDatabase = true)
    {
        // Usage records carry the real time of their request: the clock starts there too.
        h = std::make_unique<PipelineHarness>(QDateTime::currentDateTimeUtc());
        if (!h->load(adminConfig()))
            return false;
        if (withDatabase) {
            QDir(m_dir.path()).removeRecursively();
            if (!QDir().mkpath(m_dir.path()) || !h->startKeys(m_dir.path()))
                return false;
        } else {
            h->keys = std::make_unique<KeyManager>(h->clock);
            h->keys->start(StorageSettings(), [] {}); // no data dir: nothing is stored
            h->pipeline.setKeys(h->keys.get());
        }
        m_keyApi = std::make_unique<KeyAdminApi>(*h->keys);
        m_spendApi = std::make_unique<SpendApi>(*h->keys);
        h->pipeline.addAdminHandler(m_keyApi.get());
        h->pipeline.addAdminHandler(m_spendApi.get());
        return true;
    }

    QByteArray newKey() { return jsonOf(*call(*h, "POST", "/key/generate")).value(u"key").toString().toUtf8(); }

    void chat(QByteArrayView key, int status = 200)
    {
        h->send("POST", "/v1/chat/completions", chatRequest("chat"), bearer(key));
        if (status == 200)
            h->upstream.last().reply(200, completionJson("hello there", 3, 2));
        else
            h->upstream.last().reply(status, R"({"error":{"message":"no","type":"invalid_request_error"}})");
        h->records(); // accounted now, as the pipeline would on its next pass
    }

    static QString day(int offset)
    {
        return QDateTime::currentDateTimeUtc().date().addDays(offset).toString(Qt::ISODate);
    }

private slots:
    void cleanup()
    {
        h.reset();
        m_keyApi.reset();
        m_spendApi.reset();
    }

    void logsHoldEveryRequestNewestFirst()
    {
        QVERIFY(start());
        const QByteArray key = newKey();
        chat(key);
        chat(kMaster);
        chat(key, 400);
        const auto log = call(*h, "GET", "/spend/logs");
        QCOMPARE(log->status, 200);
        const QJsonArray rows = QJsonDocument::fromJson(log->body).array();
        QCOMPARE(rows.size(), 3);
        // Newest first: the failed request was the last.
        const QJsonObject failed = rows[0].toObject();
        QCOMPARE(failed[u"status"].toString(), QStringLiteral("failure"));
        QCOMPARE(failed[u"metadata"][u"status_code"].toInt(), 400);
        QCOMPARE(failed[u"api_key"].toString(), ApiKeys::token(key));
        const QJsonObject ok = rows[2].toObject();
        QCOMPARE(ok[u"status"].toString(), QStringLiteral("success"));
        QCOMPARE(ok[u"prompt_tokens"].toInt(), 3);
        QCOMPARE(ok[u"completion_tokens"].toInt(), 2);
        QCOMPARE(ok[u"spend"].toDouble(), kRequestCost);
        QCOMPARE(ok[u"model_group"].toString(), QStringLiteral("chat"));
        QCOMPARE(rows[1][u"api_key"].toString(), QString()); // the master key's requests have none
    }

    void filtersAndWhoMayRead()
    {
        QVERIFY(start());
        const QByteArray mine = newKey();
        const QByteArray other = newKey();
        chat(mine);
        chat(mine);
        chat(other);
        QCOMPARE(QJsonDocument::fromJson(call(*h, "GET", "/spend/logs?api_key=" + mine)->body).array().size(), 2);
        QCOMPARE(QJsonDocument::fromJson(call(*h, "GET", "/spend/logs?limit=1")->body).array().size(), 1);
        // A key reads its own requests only.
        const auto own = call(*h, "GET", "/spend/logs", {}, mine);
        QCOMPARE(own->status, 200);
        QCOMPARE(QJsonDocument::fromJson(own->body).array().size(), 2);
        QCOMPARE(call(*h, "GET", "/spend/logs?api_key=" + other, {}, mine)->status, 403);
        QCOMPARE(call(*h, "GET", "/global/spend", {}, mine)->status, 403);
        QCOMPARE(call(*h, "GET", "/spend/logs", {}, {})->status, 401);
    }

    void aDateRangeIsSummedPerDay()
    {
        QVERIFY(start());
        const QByteArray key = newKey();
        chat(key);
        chat(key);
        const auto log = call(*h, "GET", "/spend/logs?start_date=" + day(-1).toUtf8() + "&end_date=" + day(1).toUtf8());
        QCOMPARE(log->status, 200);
        const QJsonArray days = QJsonDocument::fromJson(log->body).array();
        QCOMPARE(days.size(), 3); // every day of the range, also those without requests
        double total = 0;
        for (const QJsonValue& d : days)
            total += d[u"spend"].toDouble();
        QCOMPARE(total, 2 * kRequestCost);
        const auto global = call(*h, "GET", "/global/spend");
        QCOMPARE(jsonOf(*global).value(u"spend").toDouble(), 2 * kRequestCost);
    }

    void badParametersAreA400()
    {
        QVERIFY(start());
        for (const QByteArray query : {"start_date=2026-13-01", "limit=0", "limit=ten"}) {
            const auto log = call(*h, "GET", "/spend/logs?" + query);
            QCOMPARE(log->status, 400);
            QVERIFY(!errorOf(*log).value(u"message").toString().isEmpty());
        }
        QCOMPARE(call(*h, "POST", "/spend/logs")->status, 405);
    }

    void withoutADatabaseSpendIsUnavailable()
    {
        QVERIFY(start(false));
        const auto log = call(*h, "GET", "/spend/logs");
        QCOMPARE(log->status, 503);
        QCOMPARE(errorOf(*log).value(u"code").toString(), QStringLiteral("database_unavailable"));
        QCOMPARE(call(*h, "GET", "/global/spend")->status, 503);
    }
};

QTEST_GUILESS_MAIN(TestSpendApi)
#include "TestSpendApi.moc"
