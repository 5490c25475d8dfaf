#include "KeyTestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace sy::testing;

// Virtual keys through the real binary: LiteLLM's admin API, and each rule enforced at its
// boundary on real requests, answered in OpenAI's error shape.
namespace {

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

} // namespace

class TestVirtualKeys : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockBackendThread> m_mock;
    std::unique_ptr<GatewayProcess> m_gateway;
    quint16 m_port = 0;

    bool startGateway(const QByteArray& general = {})
    {
        m_gateway = std::make_unique<GatewayProcess>();
        m_port = m_gateway->start(
            keysConfig(pricedModel("chat", m_mock->port()) + pricedModel("other", m_mock->port()), general));
        if (!m_port)
            qWarning("%s", m_gateway->stderrText().constData());
        return m_port != 0;
    }

    QByteArray newKey(const QJsonObject& request = {})
    {
        return generateKey(m_port, request).value(QStringLiteral("key")).toString().toUtf8();
    }

private slots:
    void initTestCase()
    {
        m_mock = std::make_unique<MockBackendThread>();
        QVERIFY(m_mock->start());
    }

    void init() { QVERIFY(startGateway()); }

    void cleanup()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
        m_gateway.reset();
    }

    void generateReturnsTheKeyOnceInLiteLlmsShape()
    {
        const QJsonObject created = generateKey(m_port,
                                                {{"key_alias", "web-app"},
                                                 {"models", QJsonArray{"chat"}},
                                                 {"max_budget", 5},
                                                 {"budget_duration", "30d"},
                                                 {"rpm_limit", 100},
                                                 {"tpm_limit", 10000},
                                                 {"max_parallel_requests", 4},
                                                 {"duration", "7d"},
                                                 {"metadata", QJsonObject{{"team", "web"}}}});
        const QByteArray key = created.value(QStringLiteral("key")).toString().toUtf8();
        QVERIFY(key.startsWith("sk-"));
        QVERIFY2(key.size() - 3 >= 22, key.constData()); // at least 128 bits in base64url
        QCOMPARE(created.value(QStringLiteral("token")).toString(), tokenOf(key));
        QCOMPARE(created.value(QStringLiteral("key_name")).toString(), QStringLiteral("sk-...") + key.right(4));
        QCOMPARE(created.value(QStringLiteral("key_alias")).toString(), QStringLiteral("web-app"));
        QCOMPARE(created.value(QStringLiteral("models")).toArray(), QJsonArray{"chat"});
        QCOMPARE(created.value(QStringLiteral("max_budget")).toDouble(), 5.0);
        QCOMPARE(created.value(QStringLiteral("rpm_limit")).toInt(), 100);
        QCOMPARE(created.value(QStringLiteral("tpm_limit")).toInt(), 10000);
        QCOMPARE(created.value(QStringLiteral("max_parallel_requests")).toInt(), 4);
        QCOMPARE(created.value(QStringLiteral("budget_duration")).toString(), QStringLiteral("30d"));
        QVERIFY(!created.value(QStringLiteral("budget_reset_at")).toString().isEmpty());
        const QDateTime expires
            = QDateTime::fromString(created.value(QStringLiteral("expires")).toString(), Qt::ISODate);
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().daysTo(expires) - 7) <= 1);
        QCOMPARE(created.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("team")).toString(),
                 QStringLiteral("web"));

        // The key works, and /key/info shows everything but the key itself.
        auto chat = chatAs(m_port, key, "chat");
        QVERIFY(chat);
        QCOMPARE(chat->status, 200);
        auto info = adminCall(m_port, "GET", "/key/info?key=" + key);
        QCOMPARE(info->status, 200);
        QCOMPARE(info->json().value(QStringLiteral("key")).toString(), QString::fromUtf8(key));
        const QJsonObject details = info->json().value(QStringLiteral("info")).toObject();
        QCOMPARE(details.value(QStringLiteral("key_alias")).toString(), QStringLiteral("web-app"));
        QVERIFY(!QJsonDocument(details).toJson().contains(key)); // the key is shown once only
        QTRY_VERIFY_WITH_TIMEOUT(adminCall(m_port, "GET", "/key/info?key=" + tokenOf(key).toUtf8())
                                         ->json()
                                         .value(QStringLiteral("info"))
                                         .toObject()
                                         .value(QStringLiteral("spend"))
                                         .toDouble()
                                     > 0.0129,
                                 kHangGuardMs);
        QVERIFY(!details.value(QStringLiteral("created_at")).toString().isEmpty());
    }

    void onlyTheMasterKeyManagesKeys()
    {
        const QByteArray key = newKey();
        QVERIFY(!key.isEmpty());
        for (const auto& [method, path] : {std::pair<QByteArray, QByteArray>{"POST", "/key/generate"},
                                           {"POST", "/key/update"},
                                           {"POST", "/key/delete"},
                                           {"GET", "/key/list"},
                                           {"GET", "/global/spend"}}) {
            const auto r = RawHttpClient::fetch(m_port, method, path, "{}", bearer(key));
            QCOMPARE(r->status, 403);
            QVERIFY2(!errorOf(*r).isEmpty(), r->body.constData());
        }
        const auto anonymous = RawHttpClient::fetch(m_port, "GET", "/key/list");
        QCOMPARE(anonymous->status, 401);
        // A key may look at itself, not at others.
        const auto self = RawHttpClient::fetch(m_port, "GET", "/key/info", {}, bearer(key));
        QCOMPARE(self->status, 200);
        QCOMPARE(self->json().value(QStringLiteral("info")).toObject().value(QStringLiteral("token")).toString(),
                 tokenOf(key));
        const QByteArray other = newKey();
        QCOMPARE(RawHttpClient::fetch(m_port, "GET", "/key/info?key=" + other, {}, bearer(key))->status, 403);
    }

    void badInputGets400WithAClearMessage_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("/key/generate") << QByteArray("{\"models\":") << "not valid JSON";
        QTest::newRow("not an object") << QByteArray("/key/generate") << QByteArray("[1]") << "JSON object";
        QTest::newRow("wrong type") << QByteArray("/key/generate") << QByteArray("{\"rpm_limit\":\"ten\"}")
                                    << "'rpm_limit'";
        QTest::newRow("typo") << QByteArray("/key/generate") << QByteArray("{\"max_budgett\":1}")
                              << "unknown field 'max_budgett'";
        QTest::newRow("bad duration") << QByteArray("/key/generate") << QByteArray("{\"duration\":\"forever\"}")
                                      << "'duration'";
        QTest::newRow("update without key")
            << QByteArray("/key/update") << QByteArray("{\"rpm_limit\":1}") << "'key' is required";
        QTest::newRow("delete nothing") << QByteArray("/key/delete") << QByteArray("{}") << "'keys'";
        QTest::newRow("delete non-list") << QByteArray("/key/delete") << QByteArray("{\"keys\":\"sk-x\"}")
                                         << "list of strings";
    }

    void badInputGets400WithAClearMessage()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        const auto r = RawHttpClient::fetch(m_port, "POST", path, body, authHeaders());
        QVERIFY(r);
        QCOMPARE(r->status, 400);
        const QJsonObject error = errorOf(*r);
        QVERIFY2(error.value(QStringLiteral("message")).toString().contains(message), r->body.constData());
        QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("invalid_request_error"));
    }

    void listUpdateBlockDelete()
    {
        const QByteArray a = newKey({{"key_alias", "a"}});
        const QByteArray b = newKey({{"key_alias", "b"}});
        const QByteArray c = newKey();
        auto list = adminCall(m_port, "GET", "/key/list?size=2");
        QCOMPARE(list->status, 200);
        QCOMPARE(list->json().value(QStringLiteral("total_count")).toInt(), 3);
        QCOMPARE(list->json().value(QStringLiteral("total_pages")).toInt(), 2);
        // Oldest first; keys made in the same millisecond are ordered by token, so compare sets.
        const QJsonArray page1 = list->json().value(QStringLiteral("keys")).toArray();
        QCOMPARE(page1.size(), 2);
        list = adminCall(m_port, "GET", "/key/list?page=2&size=2&return_full_object=true");
        const QJsonArray page2 = list->json().value(QStringLiteral("keys")).toArray();
        QCOMPARE(page2.size(), 1);
        const QSet<QString> listed{page1.at(0).toString(),
                                   page1.at(1).toString(),
                                   page2.first().toObject().value(QStringLiteral("token")).toString()};
        QCOMPARE(listed, (QSet<QString>{tokenOf(a), tokenOf(b), tokenOf(c)}));
        list = adminCall(m_port, "GET", "/key/list?key_alias=b");
        QCOMPARE(list->json().value(QStringLiteral("keys")).toArray(), QJsonArray{tokenOf(b)});
        QCOMPARE(adminCall(m_port, "GET", "/key/list?size=101")->status, 400);

        // Update: limits change at once.
        const auto limited = withinOneMinute([&] {
            const QByteArray fresh = newKey();
            const auto updated
                = adminCall(m_port, "POST", "/key/update", {{"key", QString::fromUtf8(fresh)}, {"rpm_limit", 1}});
            const int rpmLimit = updated ? updated->json().value(QStringLiteral("rpm_limit")).toInt() : -1;
            const QList<int> seen{updated ? updated->status : 0,
                                  rpmLimit,
                                  chatAs(m_port, fresh, "chat")->status,
                                  chatAs(m_port, fresh, "chat")->status};
            adminCall(m_port, "POST", "/key/delete", {{"keys", QJsonArray{QString::fromUtf8(fresh)}}});
            return seen;
        });
        QCOMPARE(limited, (QList<int>{200, 1, 200, 429}));
        QCOMPARE(adminCall(m_port, "POST", "/key/update", {{"key", "a"}, {"key_alias", "b"}})->status, 404);
        QCOMPARE(adminCall(m_port, "POST", "/key/update", {{"key", tokenOf(a)}, {"key_alias", "b"}})->status, 400);

        // Block and unblock.
        QCOMPARE(adminCall(m_port, "POST", "/key/block", {{"key", QString::fromUtf8(b)}})->status, 200);
        const auto blocked = chatAs(m_port, b, "chat");
        QCOMPARE(blocked->status, 401);
        QCOMPARE(errorOf(*blocked).value(QStringLiteral("code")).toString(), QStringLiteral("key_blocked"));
        QCOMPARE(adminCall(m_port, "POST", "/key/unblock", {{"key", QString::fromUtf8(b)}})->status, 200);
        QCOMPARE(chatAs(m_port, b, "chat")->status, 200);

        // Delete: all or nothing, then the key is refused.
        auto deleted
            = adminCall(m_port, "POST", "/key/delete", {{"keys", QJsonArray{QString::fromUtf8(c), "sk-nope"}}});
        QCOMPARE(deleted->status, 404);
        QCOMPARE(chatAs(m_port, c, "chat")->status, 200);
        deleted = adminCall(m_port,
                            "POST",
                            "/key/delete",
                            {{"keys", QJsonArray{QString::fromUtf8(c)}}, {"key_aliases", QJsonArray{"b"}}});
        QCOMPARE(deleted->status, 200);
        QCOMPARE(deleted->json().value(QStringLiteral("deleted_keys")).toArray(),
                 (QJsonArray{QString::fromUtf8(c), "b"}));
        QCOMPARE(chatAs(m_port, c, "chat")->status, 401);
        QCOMPARE(chatAs(m_port, b, "chat")->status, 401);
        QCOMPARE(adminCall(m_port, "GET", "/key/list")->json().value(QStringLiteral("total_count")).toInt(), 1);
    }

    void rpmLimitAtItsBoundary()
    {
        const auto [statuses, over] = withinOneMinute([&] {
            const QByteArray key = newKey({{"rpm_limit", 3}});
            QList<int> admitted;
            for (int i = 0; i < 3; ++i)
                admitted.append(chatAs(m_port, key, "chat")->status);
            return std::make_pair(admitted, chatAs(m_port, key, "chat"));
        });
        QCOMPARE(statuses, (QList<int>{200, 200, 200}));
        QVERIFY(over);
        QCOMPARE(over->status, 429);
        const int retryAfter = over->header("retry-after").toInt();
        QVERIFY2(retryAfter >= 1 && retryAfter <= 60, over->header("retry-after").constData());
        const QJsonObject error = errorOf(*over);
        QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("rate_limit_error"));
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("rpm_limit_exceeded"));
        QCOMPARE(chatAs(m_port, newKey(), "chat")->status, 200); // other keys are not affected
    }

    void racingRequestsGetNoMoreThanTheLimit()
    {
        const QList<int> statuses = withinOneMinute([&] {
            return concurrentChats(m_port, newKey({{"rpm_limit", 5}}), 15);
        });
        QCOMPARE(statuses.size(), 15);
        QCOMPARE(statuses.count(200), 5);
        QCOMPARE(statuses.count(429), 10);
    }

    void parallelRequestsAtTheirBoundary()
    {
        const QByteArray key = newKey({{"max_parallel_requests", 2}});
        // They hold their slots for 3 s: far longer than the five take to arrive, even on a slow machine.
        const QList<int> statuses = concurrentChats(m_port, key, 5, "\"mock\":{\"latency_ms\":3000}");
        QCOMPARE(statuses.count(200), 2);
        QCOMPARE(statuses.count(429), 3);
        QCOMPARE(chatAs(m_port, key, "chat")->status, 200); // freed when they finished
    }

    void tpmCountsStreamedUsage()
    {
        // 3 prompt + 5 completion tokens a request; the gateway asks streams for their usage.
        const QByteArray key = newKey({{"tpm_limit", 20}});
        for (int i = 0; i < 3; ++i) { // admitted at 0, 8 and 16 tokens
            const auto r = chatAs(m_port, key, "chat", "\"stream\":true");
            QCOMPARE(r->status, 200);
            QVERIFY(!r->body.contains("\"usage\":{")); // the client did not ask for the usage chunk
        }
        QTRY_COMPARE_WITH_TIMEOUT(
            chatAs(m_port, key, "chat", "\"stream\":true")->status, 429, kHangGuardMs); // 24 tokens this minute
        const auto over = chatAs(m_port, key, "chat");
        QCOMPARE(errorOf(*over).value(QStringLiteral("code")).toString(), QStringLiteral("tpm_limit_exceeded"));
        const auto info = adminCall(m_port, "GET", "/key/info?key=" + key);
        QVERIFY(info->json().value(QStringLiteral("info")).toObject().value(QStringLiteral("spend")).toDouble() > 0.03);
    }

    void budgetAtItsBoundary()
    {
        const QByteArray key = newKey({{"max_budget", 0.02}});
        QCOMPARE(chatAs(m_port, key, "chat")->status, 200); // spent 0.013
        QTRY_VERIFY_WITH_TIMEOUT(adminCall(m_port, "GET", "/key/info?key=" + key)
                                         ->json()
                                         .value(QStringLiteral("info"))
                                         .toObject()
                                         .value(QStringLiteral("spend"))
                                         .toDouble()
                                     > 0.0129,
                                 kHangGuardMs);
        QCOMPARE(chatAs(m_port, key, "chat")->status, 200); // 0.013 < 0.02: admitted, spends 0.026
        QTRY_COMPARE_WITH_TIMEOUT(chatAs(m_port, key, "chat")->status, 400, kHangGuardMs);
        const auto over = chatAs(m_port, key, "chat");
        const QJsonObject error = errorOf(*over);
        QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("budget_exceeded"));
        QVERIFY2(
            error.value(QStringLiteral("message")).toString().startsWith(QStringLiteral("Budget has been exceeded!")),
            over->body.constData());
        const QJsonObject info
            = adminCall(m_port, "GET", "/key/info?key=" + key)->json().value(QStringLiteral("info")).toObject();
        QVERIFY(qAbs(info.value(QStringLiteral("spend")).toDouble() - 2 * kRequestCost) < 1e-9);
        QCOMPARE(info.value(QStringLiteral("budget_remaining")).toDouble(), 0.0);
        // Raising the budget lets it through again.
        QCOMPARE(adminCall(m_port, "POST", "/key/update", {{"key", QString::fromUtf8(key)}, {"max_budget", 1}})->status,
                 200);
        QCOMPARE(chatAs(m_port, key, "chat")->status, 200);
    }

    void budgetResetsAfterItsPeriod()
    {
        const QByteArray key = newKey({{"max_budget", 0.01}, {"budget_duration", "2s"}});
        // Each try sends a request, so no QTRY_COMPARE here: it evaluates its expression once
        // more after it holds, and that request may fall into the next 2 s period and pass (it
        // did, under ASan). These loops look at each answer once.
        const auto firstAnswer = [&](int wanted) {
            int status = 0;
            for (QDeadlineTimer deadline(kHangGuardMs); status != wanted && !deadline.hasExpired(); QTest::qWait(50))
                status = chatAs(m_port, key, "chat")->status;
            return status;
        };
        QCOMPARE(chatAs(m_port, key, "chat")->status, 200);
        // Spend is counted once a request is done, so the next one may still pass; soon none does.
        QCOMPARE(firstAnswer(400), 400);
        // A new period, a new budget, and once it is spent a refusal again.
        QCOMPARE(firstAnswer(200), 200);
        QCOMPARE(firstAnswer(400), 400);
    }

    void keysExpire()
    {
        // The key's 2 s start between these two clocks: an answer within 2 s of the first was
        // admitted before the expiry; a request 2.1 s after the second comes after it.
        QElapsedTimer beforeCreation;
        beforeCreation.start();
        const QByteArray key = newKey({{"duration", "2s"}});
        QElapsedTimer afterCreation;
        afterCreation.start();
        const int first = chatAs(m_port, key, "chat")->status;
        if (beforeCreation.elapsed() < 2000)
            QCOMPARE(first, 200);
        QTest::qWait(int(qMax<qint64>(0, 2100 - afterCreation.elapsed())));
        const auto expired = chatAs(m_port, key, "chat");
        QCOMPARE(expired->status, 401);
        QCOMPARE(errorOf(*expired).value(QStringLiteral("type")).toString(), QStringLiteral("expired_key"));
    }

    void onlyAllowedModels()
    {
        const QByteArray key = newKey({{"models", QJsonArray{"chat"}}});
        QCOMPARE(chatAs(m_port, key, "chat")->status, 200);
        const auto refused = chatAs(m_port, key, "other");
        QCOMPARE(refused->status, 401);
        QCOMPARE(errorOf(*refused).value(QStringLiteral("type")).toString(), QStringLiteral("key_model_access_denied"));
        const auto models = RawHttpClient::fetch(m_port, "GET", "/v1/models", {}, bearer(key));
        QCOMPARE(models->status, 200);
        const QJsonArray data = models->json().value(QStringLiteral("data")).toArray();
        QCOMPARE(data.size(), 1);
        QCOMPARE(data.first().toObject().value(QStringLiteral("id")).toString(), QStringLiteral("chat"));
        QCOMPARE(adminCall(m_port, "GET", "/v1/models")->json().value(QStringLiteral("data")).toArray().size(), 2);
    }

    void onlyTheHashIsInTheDatabase()
    {
        const QByteArray key = newKey({{"key_alias", "grep-me"}});
        QCOMPARE(chatAs(m_port, key, "chat")->status, 200);
        QCOMPARE(m_gateway->terminate(), 0);
        QByteArray bytes;
        const QDir data(m_gateway->dataDir());
        for (const QString& name : data.entryList(QDir::Files)) {
            QFile file(data.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            bytes += file.readAll();
        }
        QVERIFY(bytes.contains("grep-me"));
        QVERIFY(bytes.contains(tokenOf(key).toLatin1()));
        QVERIFY(!bytes.contains(key));
        QVERIFY(!bytes.contains(key.mid(3, 16)));
        m_gateway.reset();
    }
};

QTEST_GUILESS_MAIN(TestVirtualKeys)
#include "TestVirtualKeys.moc"
