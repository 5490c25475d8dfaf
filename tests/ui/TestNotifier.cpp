#include "tests/support/ManualClock.h"
#include "ui/Notifier.h"

#include <QSignalSpy>
#include <QTest>

using namespace sy;

// Notifications for backends going down or recovering and budgets running out, rate-limited.
class TestNotifier : public QObject
{
    Q_OBJECT

private:
    static GatewaySnapshotPtr snapshot(const QList<QPair<QString, BackendHealth>>& deployments)
    {
        auto s = std::make_shared<GatewaySnapshot>();
        s->serving = true;
        for (const auto& [base, health] : deployments) {
            DeploymentSnapshot d;
            d.id = base + "/m";
            d.backendModel = "model";
            d.apiBase = base;
            d.health = health;
            d.lastError = health == BackendHealth::Unhealthy ? "HTTP 502 upstream_connect_failed" : QString();
            s->deployments << d;
        }
        return s;
    }

    static GatewaySnapshotPtr one(BackendHealth health) { return snapshot({{"http://10.0.0.5:11434", health}}); }

private slots:
    void tellsDownAndRecovered()
    {
        testing::ManualClock clock;
        Notifier notifier(clock);
        QSignalSpy spy(&notifier, &Notifier::notify);
        notifier.setSnapshot(one(BackendHealth::Unknown));
        notifier.setSnapshot(one(BackendHealth::Healthy)); // first known state: not announced
        QCOMPARE(spy.size(), 0);
        notifier.setSnapshot(one(BackendHealth::Unhealthy));
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QString("Backend down"));
        QVERIFY(spy.at(0).at(1).toString().contains("10.0.0.5:11434"));
        QVERIFY(spy.at(0).at(1).toString().contains("upstream_connect_failed"));
        QCOMPARE(spy.at(0).at(2).toBool(), true);
        notifier.setSnapshot(one(BackendHealth::Unhealthy)); // still down: nothing new
        QCOMPARE(spy.size(), 1);
        clock.advance(Notifier::Policy().perSubjectMs);
        notifier.setSnapshot(one(BackendHealth::Healthy));
        QCOMPARE(spy.size(), 2);
        QCOMPARE(spy.at(1).at(0).toString(), QString("Backend recovered"));
        QCOMPARE(spy.at(1).at(2).toBool(), false);
    }

    void aFlappingBackendIsToldOnceThenItsLatestState()
    {
        testing::ManualClock clock;
        Notifier notifier(clock);
        QSignalSpy spy(&notifier, &Notifier::notify);
        notifier.setSnapshot(one(BackendHealth::Healthy));
        for (int i = 0; i < 30; ++i) { // down and up every 2 s for a minute
            clock.advance(1000);
            notifier.setSnapshot(one(i % 2 ? BackendHealth::Healthy : BackendHealth::Unhealthy));
        }
        QCOMPARE(spy.size(), 1); // the first "down"
        clock.advance(Notifier::Policy().perSubjectMs);
        notifier.setSnapshot(one(BackendHealth::Unhealthy)); // down, as last told: nothing to say
        QCOMPARE(spy.size(), 1);
        notifier.setSnapshot(one(BackendHealth::Healthy)); // quiet long enough: told at once
        QCOMPARE(spy.size(), 2);
        QCOMPARE(spy.at(1).at(0).toString(), QString("Backend recovered"));
        clock.advance(1000);
        notifier.setSnapshot(one(BackendHealth::Unhealthy)); // too soon after that: held back
        QCOMPARE(spy.size(), 2);
        clock.advance(Notifier::Policy().perSubjectMs);
        notifier.setSnapshot(one(BackendHealth::Unhealthy)); // still down once the time is up: told
        QCOMPARE(spy.size(), 3);
        QCOMPARE(spy.at(2).at(0).toString(), QString("Backend down"));
    }

    void deploymentsOfOneServerMakeOneNotification()
    {
        testing::ManualClock clock;
        Notifier notifier(clock);
        QSignalSpy spy(&notifier, &Notifier::notify);
        const QString lmStudio = "http://127.0.0.1:1234/v1";
        notifier.setSnapshot(snapshot({{lmStudio, BackendHealth::Healthy}, {lmStudio, BackendHealth::Healthy}}));
        notifier.setSnapshot(snapshot({{lmStudio, BackendHealth::Unhealthy}, {lmStudio, BackendHealth::Unhealthy}}));
        QCOMPARE(spy.size(), 1);
    }

    void capsNotificationsOverall()
    {
        testing::ManualClock clock;
        Notifier notifier(clock);
        Notifier::Policy policy;
        policy.maxPerWindow = 2;
        notifier.setPolicy(policy);
        QSignalSpy spy(&notifier, &Notifier::notify);
        QList<QPair<QString, BackendHealth>> healthy, down;
        for (int i = 0; i < 5; ++i) {
            healthy.append({QString("http://10.0.0.%1:8000/v1").arg(i), BackendHealth::Healthy});
            down.append({QString("http://10.0.0.%1:8000/v1").arg(i), BackendHealth::Unhealthy});
        }
        notifier.setSnapshot(snapshot(healthy));
        notifier.setSnapshot(snapshot(down));
        QCOMPARE(spy.size(), 2);
        clock.advance(policy.windowMs);
        notifier.setSnapshot(snapshot(down)); // the rest, as the window allows
        QCOMPARE(spy.size(), 4);
        clock.advance(policy.windowMs);
        notifier.setSnapshot(snapshot(down));
        QCOMPARE(spy.size(), 5);
    }

    void tellsWhenABudgetRunsOut()
    {
        testing::ManualClock clock;
        Notifier notifier(clock);
        QSignalSpy spy(&notifier, &Notifier::notify);
        KeyInfo k;
        k.hash = "h";
        k.alias = "laptop";
        k.limits.maxBudget = 10;
        k.spend = 9;
        notifier.setKeys({k});
        QCOMPARE(spy.size(), 0);
        k.spend = 10;
        notifier.setKeys({k});
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QString("Budget used up"));
        QVERIFY(spy.at(0).at(1).toString().contains("laptop"));
        notifier.setKeys({k});
        QCOMPARE(spy.size(), 1);
        // The budget resets (no notification), then runs out again a period later.
        clock.advance(Notifier::Policy().perSubjectMs);
        k.spend = 0;
        notifier.setKeys({k});
        k.spend = 12;
        clock.advance(Notifier::Policy().perSubjectMs);
        notifier.setKeys({k});
        QCOMPARE(spy.size(), 2);
    }

    void staysQuietWhenDisabled()
    {
        testing::ManualClock clock;
        Notifier notifier(clock);
        notifier.setEnabled(false);
        QSignalSpy spy(&notifier, &Notifier::notify);
        notifier.setSnapshot(one(BackendHealth::Healthy));
        notifier.setSnapshot(one(BackendHealth::Unhealthy));
        QCOMPARE(spy.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestNotifier)
#include "TestNotifier.moc"
