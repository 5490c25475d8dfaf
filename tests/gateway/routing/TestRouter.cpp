#include "gateway/core/GatewayConfig.h"
#include "gateway/routing/Router.h"
#include "tests/gateway/routing/RoutingTestSupport.h"
#include "tests/support/ManualClock.h"

#include <QTest>

using namespace sy;
using namespace sy::testing;

// Router::choose: which deployment an attempt goes to, when it waits, and when it is refused.
class TestRouter : public QObject
{
    Q_OBJECT

private:
    static GatewayConfig config()
    {
        GatewayConfig c;
        for (const char* id : {"a", "b", "c"})
            c.deployments.append(deployment(QString::fromLatin1(id), "chat"));
        c.deployments.append(deployment("x", "embed"));
        c.routing.strategy = "round-robin";
        return c;
    }

    static RouteRequest request(const QString& group, const QSet<QString>& tried = {})
    {
        RouteRequest r;
        r.group = group;
        r.tried = tried;
        return r;
    }

    static QString pick(Router& router, const GatewayConfig& c, const RouteRequest& r)
    {
        const RouteDecision d = router.choose(c, r);
        return d.kind == RouteDecision::Kind::Dispatch ? d.deployment->id : QString();
    }

    static const DeploymentStates::CooldownPolicy kPolicy;

private slots:
    void roundRobinRotates()
    {
        ManualClock clock;
        Router router(clock);
        const GatewayConfig c = config();
        QStringList picked;
        for (int i = 0; i < 6; ++i)
            picked << pick(router, c, request("chat"));
        QCOMPARE(picked, (QStringList{"a", "b", "c", "a", "b", "c"}));
    }

    void unknownGroupIs404ListingWhatExists()
    {
        ManualClock clock;
        Router router(clock);
        const RouteDecision d = router.choose(config(), request("gpt-9"));
        QCOMPARE(d.kind, RouteDecision::Kind::Reject);
        QCOMPARE(d.error->status, 404);
        QCOMPARE(d.error->code, QByteArray("model_not_found"));
        QVERIFY(d.error->message.contains("chat, embed"));
    }

    void unsupportedProviderGroupSaysWhy()
    {
        ManualClock clock;
        Router router(clock);
        GatewayConfig c = config();
        c.unsupportedGroups.insert("claude", "provider \"anthropic\" is not supported yet");
        const RouteDecision d = router.choose(c, request("claude"));
        QCOMPARE(d.error->status, 400);
        QCOMPARE(d.error->code, QByteArray("provider_not_supported"));
        QVERIFY(d.error->message.contains("anthropic"));
    }

    void triedDeploymentsAreSkippedUntilAllWereTried()
    {
        ManualClock clock;
        Router router(clock);
        const GatewayConfig c = config();
        for (int i = 0; i < 4; ++i)
            QCOMPARE(pick(router, c, request("chat", {"a", "c"})), QString("b"));
        // Tried everywhere: a retry goes back to one of them rather than failing untried.
        QVERIFY(!pick(router, c, request("chat", {"a", "b", "c"})).isEmpty());
    }

    void saturatedDeploymentsAreSkippedThenTheRequestWaits()
    {
        ManualClock clock;
        Router router(clock);
        GatewayConfig c = config();
        for (Deployment& d : c.deployments)
            d.maxParallelRequests = 1;
        router.acquire(c.deployments[0]);
        router.acquire(c.deployments[1]);
        QCOMPARE(pick(router, c, request("chat")), QString("c"));
        router.acquire(c.deployments[2]);
        const RouteDecision d = router.choose(c, request("chat"));
        QCOMPARE(d.kind, RouteDecision::Kind::Wait);
        QCOMPARE(d.error->status, 429);
        QVERIFY(d.error->retryAfterSeconds);
        router.release(c.deployments[1]);
        QCOMPARE(pick(router, c, request("chat")), QString("b"));
    }

    void rpmAndTpmSaturateForTheMinute()
    {
        ManualClock clock;
        Router router(clock);
        GatewayConfig c;
        c.deployments.append(deployment("a", "chat"));
        c.deployments[0].rpm = 2;
        router.acquire(c.deployments[0]);
        router.acquire(c.deployments[0]);
        router.release(c.deployments[0]);
        router.release(c.deployments[0]);
        QCOMPARE(router.choose(c, request("chat")).kind, RouteDecision::Kind::Wait);
        clock.advance(61'000);
        QCOMPARE(pick(router, c, request("chat")), QString("a"));

        c.deployments[0].rpm = 0;
        c.deployments[0].tpm = 1000;
        router.states().recordSuccess(c.deployments[0], 10, -1, 1000);
        QCOMPARE(router.choose(c, request("chat")).kind, RouteDecision::Kind::Wait);
        clock.advance(61'000);
        QCOMPARE(pick(router, c, request("chat")), QString("a"));
    }

    void lowerOrderFirstThenTheNextTier()
    {
        ManualClock clock;
        Router router(clock);
        GatewayConfig c;
        c.deployments.append(deployment("backup", "chat", 2));
        c.deployments.append(deployment("primary-1", "chat", 1));
        c.deployments.append(deployment("primary-2", "chat", 1));
        for (int i = 0; i < 20; ++i)
            QVERIFY(pick(router, c, request("chat")).startsWith("primary"));
        // Both primaries down: the next order takes over.
        router.states().recordFailure(c.deployments[1], FailureKind::ConnectFailed, 0, kPolicy);
        router.states().recordFailure(c.deployments[2], FailureKind::ConnectFailed, 0, kPolicy);
        QCOMPARE(pick(router, c, request("chat")), QString("backup"));
        // One primary saturated, the other down: the tier is unavailable, so backup again.
        c.deployments[1].maxParallelRequests = 1;
        clock.advance(6000); // primary-1's cooldown is over, primary-2's too
        router.states().recordFailure(c.deployments[2], FailureKind::ConnectFailed, 0, kPolicy);
        router.acquire(c.deployments[1]);
        QCOMPARE(pick(router, c, request("chat")), QString("backup"));
    }

    void everyDeploymentDownStillTriesTheLeastRecentlyFailed()
    {
        ManualClock clock;
        Router router(clock);
        const GatewayConfig c = config();
        router.states().recordFailure(c.deployments[1], FailureKind::ConnectFailed, 0, kPolicy);
        clock.advance(100);
        router.states().recordFailure(c.deployments[0], FailureKind::ConnectFailed, 0, kPolicy);
        clock.advance(100);
        router.states().recordFailure(c.deployments[2], FailureKind::ConnectFailed, 0, kPolicy);
        const RouteDecision d = router.choose(c, request("chat"));
        QCOMPARE(d.kind, RouteDecision::Kind::Dispatch);
        QVERIFY(d.lastResort);
        QCOMPARE(d.deployment->id, QString("b"));
        // Failing checks count as down too; a deployment that never failed goes first.
        router.states().setChecked("a", BackendHealth::Unhealthy);
        router.states().setChecked("b", BackendHealth::Unhealthy);
        router.states().setChecked("c", BackendHealth::Unhealthy);
        GatewayConfig more = c;
        more.deployments.append(deployment("d", "chat"));
        router.states().setChecked("d", BackendHealth::Unhealthy);
        QCOMPARE(pick(router, more, request("chat")), QString("d"));
    }

    void coolingDownDeploymentsAreSkipped()
    {
        ManualClock clock;
        Router router(clock);
        const GatewayConfig c = config();
        router.states().recordFailure(c.deployments[0], FailureKind::RateLimited, 30'000, kPolicy);
        for (int i = 0; i < 10; ++i)
            QVERIFY(pick(router, c, request("chat")) != "a");
        clock.advance(30'001);
        QStringList picked;
        for (int i = 0; i < 3; ++i)
            picked << pick(router, c, request("chat"));
        QVERIFY(picked.contains("a"));
    }

    void sessionAffinityKeepsASessionOnItsDeployment()
    {
        ManualClock clock;
        Router router(clock);
        GatewayConfig c = config();
        c.routing.sessionAffinity = true;
        RouteRequest r = request("chat");
        r.session = "user:alice";
        const QString first = pick(router, c, r);
        for (int i = 0; i < 10; ++i)
            QCOMPARE(pick(router, c, r), first);
        // Its deployment going down moves the session, and it stays on the new one.
        const Deployment* d = c.deployment(first);
        router.states().recordFailure(*d, FailureKind::ConnectFailed, 0, kPolicy);
        const QString second = pick(router, c, r);
        QVERIFY(second != first);
        clock.advance(6000);
        QCOMPARE(pick(router, c, r), second);
        // Without affinity the same requests rotate.
        c.routing.sessionAffinity = false;
        QSet<QString> seen;
        for (int i = 0; i < 6; ++i)
            seen.insert(pick(router, c, r));
        QCOMPARE(seen.size(), 3);
    }

    void preCallChecksSkipDeploymentsTooSmallForThePrompt()
    {
        ManualClock clock;
        Router router(clock);
        GatewayConfig c;
        c.routing.enablePreCallChecks = true;
        c.deployments.append(deployment("small", "chat"));
        c.deployments[0].maxInputTokens = 4096;
        c.deployments.append(deployment("large", "chat"));
        c.deployments[1].maxInputTokens = 131072;
        RouteRequest r = request("chat");
        r.estimatedPromptTokens = 10'000;
        for (int i = 0; i < 5; ++i)
            QCOMPARE(pick(router, c, r), QString("large"));
        r.estimatedPromptTokens = 200'000;
        const RouteDecision d = router.choose(c, r);
        QCOMPARE(d.kind, RouteDecision::Kind::Reject);
        QCOMPARE(d.error->code, QByteArray("context_length_exceeded"));
    }

    void aliasCopiesShareTheirDeploymentsState()
    {
        ManualClock clock;
        Router router(clock);
        GatewayConfig c;
        c.deployments.append(deployment("a", "chat"));
        Deployment copy = deployment("alias-a", "smart");
        copy.sharesStateWith = "a";
        c.deployments.append(copy);
        c.deployments.append(deployment("b", "smart"));
        router.states().recordFailure(c.deployments[0], FailureKind::ConnectFailed, 0, kPolicy);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(pick(router, c, request("smart")), QString("b"));
    }
};

const DeploymentStates::CooldownPolicy TestRouter::kPolicy{3, 5000};

QTEST_GUILESS_MAIN(TestRouter)
#include "TestRouter.moc"
