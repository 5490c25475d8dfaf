#include "gateway/core/RequestRecord.h"
#include "gateway/keys/ApiKeys.h"
#include "gateway/keys/KeyManager.h"
#include "gateway/pipeline/AuthStage.h"
#include "gateway/pipeline/LimitStage.h"
#include "gateway/pipeline/RequestContext.h"
#include "tests/support/ManualClock.h"

#include <QTest>
#include <QTimeZone>

#include <list>

using namespace sy;
using namespace sy::testing;

// A virtual key's rules at their boundaries, on the gateway thread's own objects (AuthStage,
// LimitStage, KeyManager) with a clock the test moves: no sleeping, no sockets.
class TestKeyLimits : public QObject
{
    Q_OBJECT

private:
    // Starts 10 s into a minute, so a window has 50 s left.
    ManualClock m_clock{QDateTime(QDate(2026, 1, 5), QTime(9, 30, 10), QTimeZone::utc())};
    std::unique_ptr<KeyManager> m_keys;
    AuthStage m_auth;
    LimitStage m_limit;
    std::shared_ptr<GatewayConfig> m_config;
    std::list<RequestContext> m_requests; ///< stable addresses: stages keep no pointers, tests do

    QString addKey(const std::function<void(VirtualKey&)>& setup, const QString& plaintext = ApiKeys::generate())
    {
        VirtualKey k;
        k.token = ApiKeys::token(plaintext.toUtf8());
        k.keyName = ApiKeys::abbreviation(plaintext);
        k.createdAt = m_clock.nowUtc();
        setup(k);
        m_keys->cache().upsert(k);
        return plaintext;
    }

    RequestContext& request(const QString& key, const QString& model = QStringLiteral("chat"))
    {
        RequestContext& ctx = m_requests.emplace_back();
        ctx.config = m_config;
        ctx.model = model;
        ctx.id = m_requests.size();
        if (!key.isEmpty())
            ctx.http.headers.add("authorization", "Bearer " + key.toUtf8());
        return ctx;
    }

    /** Authenticates and admits; the verdict. */
    StageResult send(RequestContext& ctx)
    {
        StageResult auth = m_auth.process(ctx);
        if (!auth.isNext())
            return auth;
        return m_limit.process(ctx);
    }

    void finishWithUsage(RequestContext& ctx, qint64 tokens, double cost)
    {
        RequestRecord r;
        r.usage = TokenUsage{tokens / 2, tokens - tokens / 2, false};
        r.cost = cost;
        m_keys->recordUsage(ctx.principal, r);
        m_limit.release(ctx);
    }

private slots:
    void init()
    {
        m_clock = ManualClock(QDateTime(QDate(2026, 1, 5), QTime(9, 30, 10), QTimeZone::utc()));
        m_requests.clear();
        m_keys = std::make_unique<KeyManager>(m_clock);
        m_keys->cache().setLoaded(true);
        m_auth = AuthStage();
        m_auth.setKeys(&m_keys->cache(), &m_clock);
        m_limit.setKeys(m_keys.get());
        m_config = std::make_shared<GatewayConfig>();
        m_config->masterKey = QStringLiteral("sk-master");
    }

    void cleanup()
    {
        for (RequestContext& ctx : m_requests)
            m_limit.release(ctx);
        QCOMPARE(m_limit.inFlight(), 0);
    }

    void authenticatesAVirtualKeyByItsHash()
    {
        const QString key = addKey([](VirtualKey& k) { k.alias = QStringLiteral("web"); });
        RequestContext& ctx = request(key);
        QVERIFY(m_auth.process(ctx).isNext());
        QCOMPARE(ctx.principal.kind, Principal::Kind::VirtualKey);
        QCOMPARE(ctx.principal.keyHash, ApiKeys::token(key.toUtf8()));
        QCOMPARE(ctx.principal.alias, QStringLiteral("web"));
        QVERIFY(ctx.principal.key);

        RequestContext& master = request(QStringLiteral("sk-master"));
        QVERIFY(m_auth.process(master).isNext());
        QCOMPARE(master.principal.kind, Principal::Kind::Master);

        // Another last character: keys end in any base64url character, 'x' among them (a test
        // that appended 'x' failed one run in 64).
        RequestContext& wrong = request(key.chopped(1) + (key.endsWith(u'x') ? u'y' : u'x'));
        const StageResult refused = m_auth.process(wrong);
        QCOMPARE(refused.error().status, 401);
        QCOMPARE(refused.error().code, QByteArray("invalid_api_key"));
    }

    // The cache remembers keys that matched, so the next request skips SHA-256: what it
    // remembers must never outlive the key.
    void aRememberedKeyIsRefusedOnceRevokedOrGone()
    {
        const QString revoked = addKey([](VirtualKey&) {});
        const QString dropped = addKey([](VirtualKey&) {});
        for (int i = 0; i < 2; ++i) { // the second time, both come from memory
            QCOMPARE(send(request(revoked)).isNext(), true);
            QCOMPARE(send(request(dropped)).isNext(), true);
        }
        m_keys->cache().remove(ApiKeys::token(revoked.toUtf8()));
        QCOMPARE(send(request(revoked)).error().status, 401);

        // Gone from the database (another instance deleted it): the next sync drops it.
        m_keys->cache().sync({}, 0);
        QCOMPARE(send(request(dropped)).error().status, 401);

        // Put back under the same plaintext, it works again.
        addKey([](VirtualKey&) {}, dropped);
        QVERIFY(send(request(dropped)).isNext());
        // One byte off a remembered key is just a wrong key.
        QCOMPARE(send(request(dropped.chopped(1) + u'!')).error().status, 401);
    }

    void blockedAndExpiredKeysAreRefused()
    {
        const QString expiring = addKey([this](VirtualKey& k) { k.expires = m_clock.nowUtc().addSecs(10); });
        QVERIFY(send(request(expiring)).isNext());
        m_clock.advance(9'999);
        QVERIFY(send(request(expiring)).isNext());
        m_clock.advance(1);
        const StageResult expired = send(request(expiring));
        QCOMPARE(expired.error().status, 401);
        QCOMPARE(expired.error().type, QByteArray("expired_key"));
        QVERIFY(expired.error().message.startsWith(QStringLiteral("Authentication Error - Expired Key")));

        const QString blocked = addKey([](VirtualKey& k) { k.blocked = true; });
        QCOMPARE(send(request(blocked)).error().code, QByteArray("key_blocked"));
    }

    void anOpenGatewayStillCountsAVirtualKey()
    {
        m_config->masterKey.clear();
        const QString key = addKey([](VirtualKey& k) { k.rpmLimit = 1; });
        RequestContext& anonymous = request(QStringLiteral("lm-studio"));
        QVERIFY(send(anonymous).isNext());
        QCOMPARE(anonymous.principal.kind, Principal::Kind::Anonymous);
        QVERIFY(send(request(key)).isNext());
        QCOMPARE(send(request(key)).error().status, 429); // its own limit still holds
    }

    void unknownKeysGet503UntilTheDatabaseWasRead()
    {
        m_keys->cache().setLoaded(false);
        const StageResult r = send(request(QStringLiteral("sk-maybe-valid")));
        QCOMPARE(r.error().status, 503);
        QCOMPARE(r.error().code, QByteArray("key_store_unavailable"));
        QCOMPARE(r.error().retryAfterSeconds, std::optional<int>(5));
        QVERIFY(send(request(QStringLiteral("sk-master"))).isNext()); // the master key always works
    }

    void rpmAtItsBoundary()
    {
        const QString key = addKey([](VirtualKey& k) { k.rpmLimit = 3; });
        for (int i = 0; i < 3; ++i) {
            RequestContext& ctx = request(key);
            QVERIFY(send(ctx).isNext());
            finishWithUsage(ctx, 10, 0);
        }
        const StageResult over = send(request(key));
        QCOMPARE(over.error().status, 429);
        QCOMPARE(over.error().type, QByteArray("rate_limit_error"));
        QCOMPARE(over.error().code, QByteArray("rpm_limit_exceeded"));
        QCOMPARE(over.error().retryAfterSeconds, std::optional<int>(50)); // the window's end
        m_clock.advance(49'000);
        QCOMPARE(send(request(key)).error().retryAfterSeconds, std::optional<int>(1));
        m_clock.advance(1'000); // the next minute
        QVERIFY(send(request(key)).isNext());
    }

    void tpmAtItsBoundary()
    {
        const QString key = addKey([](VirtualKey& k) { k.tpmLimit = 100; });
        RequestContext& first = request(key);
        QVERIFY(send(first).isNext());
        finishWithUsage(first, 60, 0);
        RequestContext& second = request(key);
        QVERIFY(send(second).isNext()); // 60 < 100: admitted
        finishWithUsage(second, 39, 0);
        RequestContext& third = request(key);
        QVERIFY(send(third).isNext()); // 99 < 100
        finishWithUsage(third, 1, 0);
        const StageResult over = send(request(key)); // 100 tokens: the limit
        QCOMPARE(over.error().status, 429);
        QCOMPARE(over.error().code, QByteArray("tpm_limit_exceeded"));
        m_clock.advance(50'000);
        QVERIFY(send(request(key)).isNext());
    }

    void parallelRequestsAtTheirBoundary()
    {
        const QString key = addKey([](VirtualKey& k) { k.maxParallelRequests = 2; });
        RequestContext& a = request(key);
        RequestContext& b = request(key);
        QVERIFY(send(a).isNext());
        QVERIFY(send(b).isNext());
        const StageResult over = send(request(key));
        QCOMPARE(over.error().status, 429);
        QCOMPARE(over.error().code, QByteArray("max_parallel_requests_exceeded"));
        QCOMPARE(over.error().retryAfterSeconds, std::optional<int>(1));
        m_limit.release(a);
        QVERIFY(send(request(key)).isNext());
        QCOMPARE(m_keys->cache().findToken(ApiKeys::token(key.toUtf8()))->inFlight, 2);
    }

    void racingRequestsGetExactlyTheLimit()
    {
        // Fifty requests arriving together: the gateway thread admits them one by one, so not one
        // more than the limit gets through.
        const QString key = addKey([](VirtualKey& k) {
            k.rpmLimit = 7;
            k.maxParallelRequests = 9;
        });
        int admitted = 0;
        for (int i = 0; i < 50; ++i)
            admitted += send(request(key)).isNext() ? 1 : 0;
        QCOMPARE(admitted, 7);
    }

    void budgetAtItsBoundaryAndItsReset()
    {
        const QString key = addKey([this](VirtualKey& k) {
            k.maxBudget = 1.0;
            k.budgetDuration = QStringLiteral("1h");
            k.budgetResetAt = m_clock.nowUtc().addSecs(3600);
            k.spend = 0.5;
        });
        RequestContext& first = request(key);
        QVERIFY(send(first).isNext());
        finishWithUsage(first, 10, 0.25); // 0.75 spent: under the budget
        RequestContext& second = request(key);
        QVERIFY(send(second).isNext());
        finishWithUsage(second, 10, 0.25); // exactly the budget
        const StageResult over = send(request(key));
        QCOMPARE(over.error().status, 400);
        QCOMPARE(over.error().type, QByteArray("budget_exceeded"));
        QVERIFY2(over.error().message.startsWith(QStringLiteral("Budget has been exceeded!")),
                 qPrintable(over.error().message));
        QVERIFY(over.error().message.contains(QStringLiteral("Max budget: 1")));
        const auto entry = m_keys->cache().findToken(ApiKeys::token(key.toUtf8()));
        QCOMPARE(m_keys->infoOf(*entry).budgetRemaining, std::optional<double>(0.0));
        // The period ends: a new budget, although the database has not started it yet.
        m_clock.advance(3'600'000);
        QVERIFY(send(request(key)).isNext());
        QVERIFY(m_keys->infoOf(*entry).budgetRemaining > 0.99);
    }

    void allowedModelsOnly()
    {
        const QString key = addKey([](VirtualKey& k) {
            k.models = {QStringLiteral("chat"), QStringLiteral("local/*")};
        });
        QVERIFY(send(request(key, QStringLiteral("chat"))).isNext());
        QVERIFY(send(request(key, QStringLiteral("local/llama"))).isNext());
        const StageResult refused = send(request(key, QStringLiteral("gpt-4")));
        QCOMPARE(refused.error().status, 401);
        QCOMPARE(refused.error().type, QByteArray("key_model_access_denied"));
        // A model_group_alias pointing at an allowed group is allowed.
        auto aliased = std::make_shared<GatewayConfig>(*m_config);
        aliased->routing.modelGroupAlias.insert(QStringLiteral("gpt-4"), QStringLiteral("chat"));
        m_config = aliased;
        QVERIFY(send(request(key, QStringLiteral("gpt-4"))).isNext());
    }

    void theGatewayWideCapComesFirst()
    {
        m_config->maxParallelRequests = 1;
        const QString key = addKey([](VirtualKey& k) { k.maxParallelRequests = 5; });
        QVERIFY(send(request(key)).isNext());
        const StageResult over = send(request(key));
        QCOMPARE(over.error().status, 429);
        QVERIFY(over.error().message.contains(QStringLiteral("general_settings.max_parallel_requests")));
        // The refused request was not counted against the key.
        QCOMPARE(m_keys->cache().findToken(ApiKeys::token(key.toUtf8()))->inFlight, 1);
    }

    void spendNotYetWrittenIsNotCountedTwice()
    {
        const QString key = addKey([](VirtualKey&) {});
        const auto entry = m_keys->cache().findToken(ApiKeys::token(key.toUtf8()));
        entry->addSpend(0.5, 3, m_clock.nowUtc());
        QCOMPARE(entry->spend(m_clock.nowUtc()), 0.5);
        VirtualKey stored = entry->key;
        stored.spend = 0.5; // the database after batch 3
        m_keys->cache().sync({stored}, 3);
        QCOMPARE(entry->spend(m_clock.nowUtc()), 0.5);
        entry->addSpend(0.25, 4, m_clock.nowUtc());
        m_keys->cache().sync({stored}, 3); // batch 4 not written yet
        QCOMPARE(entry->spend(m_clock.nowUtc()), 0.75);
        stored.spend = 1.75; // batch 4 and 1.0 from another instance
        m_keys->cache().sync({stored}, 4);
        QCOMPARE(entry->spend(m_clock.nowUtc()), 1.75);
        m_keys->cache().sync({}, 4); // deleted elsewhere
        QVERIFY(entry->revoked);
        QVERIFY(!m_keys->cache().findToken(stored.token));
    }
};

QTEST_GUILESS_MAIN(TestKeyLimits)
#include "TestKeyLimits.moc"
