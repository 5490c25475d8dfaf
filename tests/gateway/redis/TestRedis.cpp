#include "gateway/keys/ApiKeys.h"
#include "gateway/keys/KeyManager.h"
#include "gateway/pipeline/LimitStage.h"
#include "gateway/pipeline/RequestContext.h"
#include "gateway/redis/RedisClient.h"
#include "gateway/redis/SharedLimits.h"
#include "tests/support/ManualClock.h"
#include "tests/support/ServerProcess.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <list>

using namespace sy;
using namespace sy::testing;

namespace {

RedisSettings settingsFor(quint16 port)
{
    RedisSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = port;
    return s;
}

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;
// The gateway gives Redis 100 ms a command; a loaded test machine can hold a reply up longer.
// Tests that are not about that timeout give it this much.
constexpr std::chrono::seconds kPatient{10};

bool waitAvailable(RedisClient& client, bool available = true)
{
    return QTest::qWaitFor([&] { return client.isConnected() == available; }, kHangGuardMs);
}

RedisReply call(RedisClient& client, const QList<QByteArray>& args)
{
    std::optional<RedisReply> reply;
    client.command(args, [&reply](const RedisReply& r) { reply = r; });
    if (!QTest::qWaitFor([&] { return reply.has_value(); }, kHangGuardMs))
        return RedisReply::error("test: no callback");
    return *reply;
}

/**
 * Catches the warnings of switchyard.redis matching a pattern while it lives (others go on to
 * the test log), so a test can wait for one instead of sleeping until it was probably logged.
 */
class RedisWarnings
{
public:
    explicit RedisWarnings(const QString& pattern)
    {
        s_pattern = QRegularExpression(pattern);
        s_seen = 0;
        s_previous = qInstallMessageHandler(&RedisWarnings::handle);
    }
    ~RedisWarnings() { qInstallMessageHandler(s_previous); }
    Q_DISABLE_COPY_MOVE(RedisWarnings)

    bool waitForOne() const
    {
        return QTest::qWaitFor([] { return s_seen > 0; }, kHangGuardMs);
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message)
    {
        if (type == QtWarningMsg && qstrcmp(context.category, "switchyard.redis") == 0
            && s_pattern.match(message).hasMatch()) {
            ++s_seen;
            return;
        }
        s_previous(type, context, message);
    }

    static inline QtMessageHandler s_previous = nullptr;
    static inline QRegularExpression s_pattern;
    static inline int s_seen = 0;
};

VirtualKey limitedKey(const QString& plaintext)
{
    VirtualKey k;
    k.token = ApiKeys::token(plaintext.toUtf8());
    k.keyName = ApiKeys::abbreviation(plaintext);
    return k;
}

} // namespace

// Against a real redis-server: the client, the shared counters, and two "instances" (two
// KeyManagers with their own connections) sharing one limit.
class TestRedis : public QObject
{
    Q_OBJECT

private:
    RedisServer m_redis;

private slots:
    void initTestCase() { QVERIFY2(m_redis.start(), qPrintable(m_redis.error())); }

    void init() { QCOMPARE(m_redis.isRunning(), true); }

    void commandsRoundTrip()
    {
        RedisClient client;
        client.setCommandTimeout(kPatient);
        QSignalSpy available(&client, &RedisClient::availabilityChanged);
        client.start(settingsFor(m_redis.port()));
        QVERIFY(waitAvailable(client));
        QCOMPARE(available.size(), 1);
        QCOMPARE(call(client, {"SET", "sy:test", "42"}).text, QByteArray("OK"));
        QCOMPARE(call(client, {"GET", "sy:test"}).toInteger(), 42);
        QCOMPARE(call(client, {"INCRBY", "sy:test", "8"}).integer, 50);
        QCOMPARE(call(client, {"GET", "sy:missing"}).type, RedisReply::Type::Nil);
        QVERIFY(call(client, {"NOSUCHCOMMAND"}).isError());
    }

    void anUnreachableRedisIsSaidLoudlyAndNeverWaitedFor()
    {
        const quint16 closed = ServerProcess::freePort();
        const RedisWarnings unreachable(
            QStringLiteral("Redis at 127.0.0.1:%1 is unreachable.*on this instance only").arg(closed));
        RedisClient client;
        client.start(settingsFor(closed));
        QVERIFY(unreachable.waitForOne());
        QVERIFY(!client.isConnected());
        bool answered = false;
        client.command({"PING"}, [&](const RedisReply& r) { answered = r.isError(); });
        QVERIFY(answered); // at once, on this call: nothing waits for a Redis that is not there
    }

    void aStalledRedisTimesOutAndComesBack()
    {
        RedisClient client;
        client.start(settingsFor(m_redis.port()));
        QVERIFY(waitAvailable(client));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("Redis at .* is unreachable .*no reply")));
        m_redis.pause(true); // keeps its socket, answers nothing
        QElapsedTimer t;
        t.start();
        const RedisReply reply = call(client, {"PING"});
        const qint64 waited = t.elapsed();
        m_redis.pause(false);
        // A paused Redis cannot have answered: the error is the client's own timeout, given in full.
        QVERIFY2(reply.isError() && reply.text != "test: no callback", reply.text.constData());
        QVERIFY2(waited >= 90, qPrintable(QString::number(waited)));
        QVERIFY(waitAvailable(client)); // reconnects once it answers again
        QCOMPARE(call(client, {"PING"}).text, QByteArray("PONG"));
    }

    void aRestartedRedisIsFoundAgain()
    {
        RedisServer redis;
        QVERIFY2(redis.start(), qPrintable(redis.error()));
        RedisClient client;
        client.setCommandTimeout(kPatient);
        client.start(settingsFor(redis.port()));
        QVERIFY(waitAvailable(client));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("Redis at .* is unreachable.*")));
        const quint16 port = redis.port();
        redis.stop();
        QVERIFY(waitAvailable(client, false));
        RedisServer again;
        QVERIFY2(again.start(port), qPrintable(again.error()));
        QVERIFY(waitAvailable(client, true));
        QCOMPARE(call(client, {"PING"}).text, QByteArray("PONG"));
    }

    void twoInstancesRacingGetExactlyTheLimit()
    {
        ManualClock clock;
        RedisClient a;
        a.setCommandTimeout(kPatient);
        RedisClient b;
        b.setCommandTimeout(kPatient);
        a.start(settingsFor(m_redis.port()));
        b.start(settingsFor(m_redis.port()));
        QVERIFY(waitAvailable(a) && waitAvailable(b));
        SharedLimits limitsA(a, clock);
        SharedLimits limitsB(b, clock);
        VirtualKey key = limitedKey(QStringLiteral("sk-race"));
        key.rpmLimit = 5;
        int admitted = 0;
        int refused = 0;
        for (int i = 0; i < 20; ++i) {
            SharedLimits& limits = i % 2 ? limitsA : limitsB;
            limits.admit(key, QByteArray::number(i), [&](SharedLimits::Verdict v) {
                (v == SharedLimits::Verdict::Admitted ? admitted : refused)++;
                QVERIFY(v == SharedLimits::Verdict::Admitted || v == SharedLimits::Verdict::RpmExceeded);
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(admitted + refused, 20, kHangGuardMs);
        QCOMPARE(admitted, 5);
    }

    void parallelLeasesAreFreedAndLapse()
    {
        ManualClock clock;
        RedisClient client;
        client.setCommandTimeout(kPatient);
        client.start(settingsFor(m_redis.port()));
        QVERIFY(waitAvailable(client));
        SharedLimits limits(client, clock);
        VirtualKey key = limitedKey(QStringLiteral("sk-parallel"));
        key.maxParallelRequests = 2;
        auto admit = [&](const QByteArray& lease) {
            std::optional<SharedLimits::Verdict> verdict;
            limits.admit(key, lease, [&](SharedLimits::Verdict v) { verdict = v; });
            if (!QTest::qWaitFor([&] { return verdict.has_value(); }, kHangGuardMs))
                return SharedLimits::Verdict::Unavailable;
            return *verdict;
        };
        QCOMPARE(admit("a"), SharedLimits::Verdict::Admitted);
        QCOMPARE(admit("b"), SharedLimits::Verdict::Admitted);
        QCOMPARE(admit("c"), SharedLimits::Verdict::ParallelExceeded);
        limits.release(key, "a");
        QCOMPARE(admit("c"), SharedLimits::Verdict::Admitted);
        // An instance that died holding slots: its leases lapse.
        clock.advance(SharedLimits::kLeaseMs + 1);
        QCOMPARE(admit("d"), SharedLimits::Verdict::Admitted);
        QCOMPARE(admit("e"), SharedLimits::Verdict::Admitted);
        QCOMPARE(admit("f"), SharedLimits::Verdict::ParallelExceeded);
    }

    void tokensCountForEveryInstance()
    {
        ManualClock clock;
        RedisClient a;
        a.setCommandTimeout(kPatient);
        RedisClient b;
        b.setCommandTimeout(kPatient);
        a.start(settingsFor(m_redis.port()));
        b.start(settingsFor(m_redis.port()));
        QVERIFY(waitAvailable(a) && waitAvailable(b));
        SharedLimits limitsA(a, clock);
        SharedLimits limitsB(b, clock);
        VirtualKey key = limitedKey(QStringLiteral("sk-tokens"));
        key.tpmLimit = 100;
        limitsA.addTokens(key, 100);
        std::optional<SharedLimits::Verdict> verdict;
        limitsB.admit(key, "x", [&](SharedLimits::Verdict v) { verdict = v; });
        QTRY_VERIFY_WITH_TIMEOUT(verdict.has_value(), kHangGuardMs);
        QCOMPARE(*verdict, SharedLimits::Verdict::TpmExceeded);
        clock.advance(60'000); // the next minute's window
        verdict.reset();
        limitsB.admit(key, "y", [&](SharedLimits::Verdict v) { verdict = v; });
        QTRY_VERIFY_WITH_TIMEOUT(verdict.has_value(), kHangGuardMs);
        QCOMPARE(*verdict, SharedLimits::Verdict::Admitted);
    }

    void limitStagesOfTwoInstancesShareOneLimit()
    {
        // Two gateways' worth of KeyManager and LimitStage, one key, rpm_limit 4 and
        // max_parallel_requests 3: exactly four admitted, and never more than three at once.
        ManualClock clock;
        RedisSettings redis = settingsFor(m_redis.port());
        struct Instance
        {
            std::unique_ptr<KeyManager> keys;
            LimitStage limit;
        };
        std::list<Instance> instances(2);
        const QString plaintext = ApiKeys::generate();
        VirtualKey key = limitedKey(plaintext);
        key.rpmLimit = 4;
        key.maxParallelRequests = 3;
        for (Instance& i : instances) {
            i.keys = std::make_unique<KeyManager>(clock);
            i.keys->applyConfig({}, redis);
            i.keys->cache().upsert(key);
            i.limit.setKeys(i.keys.get());
        }
        QTRY_VERIFY_WITH_TIMEOUT(instances.front().keys->shared()->isAvailable()
                                     && instances.back().keys->shared()->isAvailable(),
                                 kHangGuardMs);
        auto config = std::make_shared<GatewayConfig>();
        std::list<RequestContext> requests;
        std::list<std::shared_ptr<bool>> alive;
        int admitted = 0;
        int refused = 0;
        for (int n = 0; n < 10; ++n) {
            Instance& i = n % 2 ? instances.back() : instances.front();
            RequestContext& ctx = requests.emplace_back();
            ctx.config = config;
            ctx.id = quint64(n);
            ctx.principal.kind = Principal::Kind::VirtualKey;
            ctx.principal.key = i.keys->cache().findToken(key.token);
            alive.push_back(std::make_shared<bool>(true));
            i.limit.admit(ctx, alive.back(), [&](const StageResult& r) { (r.isNext() ? admitted : refused)++; });
        }
        QTRY_COMPARE_WITH_TIMEOUT(admitted + refused, 10, kHangGuardMs);
        QCOMPARE(admitted, 3); // three at once: the fourth admitted only after one finishes
        auto releaseAll = [&] {
            for (Instance& i : instances) {
                const auto entry = i.keys->cache().findToken(key.token);
                for (RequestContext& ctx : requests) {
                    if (ctx.limits.global && ctx.principal.key == entry)
                        i.limit.release(ctx);
                }
            }
        };
        releaseAll();
        // Slots are free again; RPM has one request left for both instances together.
        admitted = refused = 0;
        for (int n = 10; n < 14; ++n) {
            Instance& i = n % 2 ? instances.back() : instances.front();
            RequestContext& ctx = requests.emplace_back();
            ctx.config = config;
            ctx.id = quint64(n);
            ctx.principal.kind = Principal::Kind::VirtualKey;
            ctx.principal.key = i.keys->cache().findToken(key.token);
            alive.push_back(std::make_shared<bool>(true));
            i.limit.admit(ctx, alive.back(), [&](const StageResult& r) {
                (r.isNext() ? admitted : refused)++;
                if (!r.isNext())
                    QCOMPARE(r.error().code, QByteArray("rpm_limit_exceeded"));
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(admitted + refused, 4, kHangGuardMs);
        QCOMPARE(admitted, 1);
        releaseAll();
    }

    void withoutRedisEachInstanceCountsAlone()
    {
        ManualClock clock;
        const quint16 closed = ServerProcess::freePort();
        const RedisWarnings unreachable(QStringLiteral("Redis at .* is unreachable.*"));
        KeyManager keys(clock);
        keys.applyConfig({}, settingsFor(closed));
        VirtualKey key = limitedKey(QStringLiteral("sk-local"));
        key.rpmLimit = 2;
        keys.cache().upsert(key);
        LimitStage limit;
        limit.setKeys(&keys);
        auto config = std::make_shared<GatewayConfig>();
        std::list<RequestContext> requests;
        auto alive = std::make_shared<bool>(true);
        int admitted = 0;
        int answeredAtOnce = 0;
        for (int n = 0; n < 4; ++n) {
            RequestContext& ctx = requests.emplace_back();
            ctx.config = config;
            ctx.principal.key = keys.cache().findToken(key.token);
            bool answered = false;
            limit.admit(ctx, alive, [&](const StageResult& r) {
                answered = true;
                admitted += r.isNext() ? 1 : 0;
            });
            answeredAtOnce += answered ? 1 : 0;
        }
        QCOMPARE(answeredAtOnce, 4); // no waiting on a Redis that is down
        QCOMPARE(admitted, 2); // the local counters still hold the limit
        for (RequestContext& ctx : requests)
            limit.release(ctx);
        QVERIFY(unreachable.waitForOne());
    }
};

QTEST_GUILESS_MAIN(TestRedis)
#include "TestRedis.moc"
