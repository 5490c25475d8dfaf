#include "gateway/GatewayHost.h"
#include "tests/support/ManualClock.h"
#include "tests/ui/support/ScriptedGateway.h"
#include "ui/GatewayMonitor.h"
#include "ui/models/BackendTableModel.h"
#include "ui/models/KeyUsageModel.h"
#include "ui/models/RequestLogModel.h"

#include <QSignalSpy>
#include <QTest>

using namespace sy;

namespace {

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

} // namespace

// The UI's picture of the gateway: states for the tray icon, and records handed to the tables
// once a second.
class TestGatewayMonitor : public QObject
{
    Q_OBJECT

private:
    static DeploymentSnapshot deployment(const QString& id, BackendHealth health)
    {
        DeploymentSnapshot d;
        d.id = id;
        d.group = id;
        d.backendModel = id;
        d.apiBase = "http://127.0.0.1:1234/v1";
        d.provider = "lm_studio";
        d.health = health;
        return d;
    }

private slots:
    void goesThroughItsStates()
    {
        testing::ManualClock clock;
        GatewayMonitor monitor(nullptr, clock);
        monitor.setTicking(false);
        QSignalSpy states(&monitor, &GatewayMonitor::stateChanged);
        QCOMPARE(monitor.state(), GatewayMonitor::State::Starting);

        monitor.setConfigProblem("config.yaml:3:5: model_list[0]: expected a mapping");
        QCOMPARE(monitor.state(), GatewayMonitor::State::Error);
        QVERIFY(monitor.stateDetail().contains("expected a mapping"));

        monitor.gatewayStarted(4000, {"http://127.0.0.1:4000/v1", "http://[::1]:4000/v1"});
        QCOMPARE(monitor.state(), GatewayMonitor::State::Serving);
        QVERIFY(monitor.problem().isEmpty());
        QCOMPARE(monitor.port(), quint16(4000));

        auto s = std::make_shared<GatewaySnapshot>();
        s->serving = true;
        s->baseUrls = monitor.baseUrls();
        s->deployments = {deployment("a", BackendHealth::Healthy), deployment("b", BackendHealth::Unhealthy)};
        monitor.applySnapshot(s);
        QCOMPARE(monitor.state(), GatewayMonitor::State::Degraded);
        QVERIFY(monitor.stateDetail().contains("b"));
        QCOMPARE(monitor.backends().rowCount(), 2);

        auto stopped = std::make_shared<GatewaySnapshot>(*s);
        stopped->serving = false;
        monitor.applySnapshot(stopped);
        monitor.gatewayStopped();
        QCOMPARE(monitor.state(), GatewayMonitor::State::Stopped);

        monitor.gatewayStartFailed("address in use");
        QCOMPARE(monitor.state(), GatewayMonitor::State::Error);
        QCOMPARE(states.size(), 5);
    }

    void failingRequestsMakeItDegraded()
    {
        testing::ManualClock clock;
        GatewayMonitor monitor(nullptr, clock);
        monitor.setTicking(false);
        testing::ScriptedGateway gateway(monitor, clock);
        DeploymentSnapshot d = deployment("a", BackendHealth::Healthy);
        gateway.addDeployment(d, 0.0);
        gateway.start();
        gateway.run(5, [](int) { return 20; });
        QCOMPARE(monitor.state(), GatewayMonitor::State::Serving);

        // The backend fails every request but health checks have not noticed yet.
        testing::ScriptedGateway failing(monitor, clock, 3);
        failing.addDeployment(d, 1.0);
        failing.run(3, [](int) { return 100; });
        QCOMPARE(monitor.state(), GatewayMonitor::State::Degraded);
        QVERIFY(monitor.stateDetail().contains("%"));
    }

    void handsRecordsToTheTablesOnTickAndTakesNumbersFromSnapshots()
    {
        testing::ManualClock clock;
        GatewayMonitor monitor(nullptr, clock);
        monitor.setTicking(false);
        testing::ScriptedGateway gateway(monitor, clock);
        gateway.addDeployment(deployment("a", BackendHealth::Healthy));
        gateway.addKey({"h1", "laptop", 1});
        gateway.start();
        clock.advance(1000);
        monitor.addRecords(gateway.records(30));
        QCOMPARE(monitor.requestLog().rowCount(), 0); // not before the tick
        QSignalSpy ticked(&monitor, &GatewayMonitor::ticked);
        monitor.tick();
        QCOMPARE(ticked.size(), 1);
        QCOMPARE(monitor.requestLog().rowCount(), 30);
        // The numbers are the gateway's: they arrive with its snapshot, not from the records.
        QCOMPARE(monitor.keyUsage().rowCount(), 0);
        QCOMPARE(monitor.history().totals(60).requests, 0u);
        clock.advance(1000);
        monitor.applySnapshot(gateway.snapshot());
        QCOMPARE(monitor.keyUsage().rowCount(), 1);
        QCOMPARE(monitor.keyUsage().usage(0).requests, 30u);
        QCOMPARE(monitor.history().totals(60).requests, 30u);
    }

    void aClientErrorIsNotABackendFailure()
    {
        // Every request refused with 400 (say, over budget): the backends are fine.
        testing::ManualClock clock;
        GatewayMonitor monitor(nullptr, clock);
        monitor.setTicking(false);
        testing::ScriptedGateway gateway(monitor, clock);
        gateway.addDeployment(deployment("a", BackendHealth::Healthy), 0.0);
        gateway.setClientErrorRate(1.0);
        gateway.start();
        gateway.run(30, [](int) { return 20; });
        QCOMPARE(monitor.snapshot()->lastMinute.clientErrors, monitor.snapshot()->lastMinute.requests);
        QCOMPARE(monitor.state(), GatewayMonitor::State::Serving);
    }

    void attachesToAGatewayHost()
    {
        // A real host: its signals reach the monitor (queued across the gateway thread).
        GatewayHost host;
        GatewayMonitor monitor;
        monitor.attach(host);
        QSignalSpy states(&monitor, &GatewayMonitor::stateChanged);
        auto config = std::make_shared<GatewayConfig>();
        config->listen.host = "127.0.0.1";
        config->listen.port = 0;
        host.start(config);
        QVERIFY(states.wait(kHangGuardMs));
        QCOMPARE(monitor.state(), GatewayMonitor::State::Serving);
        QVERIFY(monitor.port() > 0);
        QSignalSpy snapshots(&monitor, &GatewayMonitor::snapshotUpdated);
        QVERIFY(snapshots.wait(kHangGuardMs));
        host.stop(0);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.state(), GatewayMonitor::State::Stopped, kHangGuardMs);
    }
};

QTEST_GUILESS_MAIN(TestGatewayMonitor)
#include "TestGatewayMonitor.moc"
