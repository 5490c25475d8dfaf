#include "gateway/routing/DeploymentStates.h"
#include "gateway/routing/MinuteWindow.h"
#include "tests/gateway/routing/RoutingTestSupport.h"
#include "tests/support/ManualClock.h"

#include <QSet>
#include <QTest>

#include <limits>

using namespace sy;
using namespace sy::testing;

// Passive health (cooldowns), health-check state, and per-minute usage, on a manual clock.
class TestDeploymentStates : public QObject
{
    Q_OBJECT

private:
    const DeploymentStates::CooldownPolicy m_policy{3, 5000};

private slots:
    void allowedFailsThenACooldownThatExpires()
    {
        ManualClock clock;
        DeploymentStates states(clock);
        const Deployment d = deployment("a", "chat");
        for (int i = 0; i < 3; ++i) {
            QVERIFY(!states.recordFailure(d, FailureKind::ServerError, 0, m_policy));
            QVERIFY(states.isRoutable("a"));
        }
        QVERIFY(states.recordFailure(d, FailureKind::Timeout, 0, m_policy)); // the 4th within the minute
        QVERIFY(!states.isRoutable("a"));
        QCOMPARE(states.health("a"), BackendHealth::CoolingDown);
        clock.advance(4999);
        QVERIFY(!states.isRoutable("a"));
        clock.advance(2);
        QVERIFY(states.isRoutable("a"));
    }

    void failuresOlderThanAMinuteOrBeforeASuccessDoNotCount()
    {
        ManualClock clock;
        DeploymentStates states(clock);
        const Deployment d = deployment("a", "chat");
        for (int i = 0; i < 3; ++i)
            states.recordFailure(d, FailureKind::ServerError, 0, m_policy);
        clock.advance(61'000);
        QVERIFY(!states.recordFailure(d, FailureKind::ServerError, 0, m_policy));
        QVERIFY(states.isRoutable("a"));
        states.recordFailure(d, FailureKind::ServerError, 0, m_policy);
        states.recordSuccess(d, 100, -1, 10);
        for (int i = 0; i < 3; ++i)
            QVERIFY(!states.recordFailure(d, FailureKind::ServerError, 0, m_policy));
        QVERIFY(states.isRoutable("a"));
    }

    void refusedConnectionsCoolDownAtOnce()
    {
        ManualClock clock;
        DeploymentStates states(clock);
        QVERIFY(states.recordFailure(deployment("a", "chat"), FailureKind::ConnectFailed, 0, m_policy));
        QVERIFY(states.isCoolingDown("a"));
    }

    void rateLimitsHonourRetryAfter()
    {
        ManualClock clock;
        DeploymentStates states(clock);
        const Deployment d = deployment("a", "chat");
        states.recordFailure(d, FailureKind::RateLimited, 20'000, m_policy);
        clock.advance(19'000);
        QVERIFY(states.isCoolingDown("a"));
        // A passing health check does not lift a 429's cooldown: the server is up but said wait.
        states.setChecked("a", BackendHealth::Healthy);
        QVERIFY(states.isCoolingDown("a"));
        clock.advance(1001);
        QVERIFY(!states.isCoolingDown("a"));
        // Without Retry-After, the configured cooldown.
        states.recordFailure(d, FailureKind::RateLimited, 0, m_policy);
        clock.advance(4999);
        QVERIFY(states.isCoolingDown("a"));
        clock.advance(2);
        QVERIFY(!states.isCoolingDown("a"));
    }

    void aPassingCheckEndsAFailureCooldown()
    {
        ManualClock clock;
        DeploymentStates states(clock);
        states.recordFailure(deployment("a", "chat"), FailureKind::ConnectFailed, 0, m_policy);
        QVERIFY(!states.isRoutable("a"));
        states.setChecked("a", BackendHealth::Healthy);
        QVERIFY(states.isRoutable("a"));
        QCOMPARE(states.health("a"), BackendHealth::Healthy);
        states.setChecked("a", BackendHealth::Unhealthy);
        QVERIFY(!states.isRoutable("a"));
        QCOMPARE(states.health("a"), BackendHealth::Unhealthy);
    }

    void saturationByParallelRpmAndTpm()
    {
        ManualClock clock;
        DeploymentStates states(clock);
        Deployment d = deployment("a", "chat");
        d.maxParallelRequests = 2;
        states.acquire(d);
        QVERIFY(!states.isSaturated(d));
        states.acquire(d);
        QVERIFY(states.isSaturated(d));
        states.release(d);
        QVERIFY(!states.isSaturated(d));
        d.rpm = 2; // two started this minute already
        QVERIFY(states.isSaturated(d));
        clock.advance(60'001);
        QVERIFY(!states.isSaturated(d));
    }

    void minuteWindowSlides()
    {
        MinuteWindow w;
        w.add(0, 5);
        w.add(30'000, 7);
        QCOMPARE(w.total(59'999), 12);
        QCOMPARE(w.total(60'000), 7); // the first second's bucket has left the window
        QCOMPARE(w.total(90'000), 0);
        w.add(10'000'000, 3); // after a long quiet
        QCOMPARE(w.total(10'000'000), 3);
    }

    void minuteWindowSaturatesAndIgnoresNegatives()
    {
        // Issue #15 (UBSan): a backend reporting 9223372036854775807 tokens overflowed the sum.
        const qint64 max = std::numeric_limits<qint64>::max();
        MinuteWindow w;
        w.add(0, max);
        w.add(500, max);
        QCOMPARE(w.total(999), max);
        w.add(1'000, -50); // nothing refunds a window
        QCOMPARE(w.total(1'000), max);
        QCOMPARE(w.total(61'000), 0); // both buckets leave the window cleanly
        w.add(61'000, 4);
        QCOMPARE(w.total(61'000), 4);
    }

    void averagesMoveTowardNewSamples()
    {
        ManualClock clock;
        DeploymentStates states(clock);
        const Deployment d = deployment("a", "chat");
        states.recordSuccess(d, 1000, 200, 0);
        QCOMPARE(states.find("a")->latencyMs, 1000.0);
        states.recordSuccess(d, 0, -1, 0);
        QCOMPARE(states.find("a")->latencyMs, 800.0);
        QCOMPARE(states.find("a")->ttftMs, 200.0);
    }

    void retainOnlyForgetsRemovedDeploymentsButNotBusyOnes()
    {
        ManualClock clock;
        DeploymentStates states(clock);
        states.acquire(deployment("busy", "chat"));
        states.recordSuccess(deployment("idle", "chat"), 1, -1, 0);
        states.retainOnly({});
        QVERIFY(states.find("busy"));
        QVERIFY(!states.find("idle"));
    }
};

QTEST_GUILESS_MAIN(TestDeploymentStates)
#include "TestDeploymentStates.moc"
