#include "gateway/core/Clock.h"
#include "gateway/health/HealthChecker.h"
#include "gateway/routing/DeploymentStates.h"
#include "gateway/upstream/UpstreamClient.h"
#include "tests/support/MockBackendThread.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace sy;
using namespace sy::testing;

// Active health checks against real mock servers over real sockets.
namespace {

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

} // namespace

class TestHealthChecker : public QObject
{
    Q_OBJECT

private:
    static Deployment deployment(const QString& id, quint16 port, BackendKind kind = BackendKind::OpenAiCompatible)
    {
        Deployment d;
        d.id = id;
        d.group = "chat";
        d.backend = kind;
        d.origin = {false, QStringLiteral("127.0.0.1"), port};
        d.basePath = "/v1";
        return d;
    }

    static std::shared_ptr<GatewayConfig> config(const QList<Deployment>& deployments)
    {
        auto c = std::make_shared<GatewayConfig>();
        c->deployments = deployments;
        c->health.interval = std::chrono::milliseconds(200);
        // A healthy mock answers at once; a loaded machine must not make it look down.
        c->health.timeout = std::chrono::milliseconds(10'000);
        c->health.unhealthyThreshold = 2;
        c->health.healthyThreshold = 1;
        return c;
    }

    static qint64 checks(const MockBackendThread& mock, const QString& path)
    {
        return mock.backend()->stats().value(u"requests_by_path").toObject().value(path).toInteger();
    }

private slots:
    void eachBackendKindGetsItsOwnCheck_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("target");
        QTest::newRow("openai-compatible") << int(BackendKind::OpenAiCompatible) << QByteArray("/v1/models");
        QTest::newRow("ollama") << int(BackendKind::Ollama) << QByteArray("/api/tags");
        QTest::newRow("llama.cpp") << int(BackendKind::LlamaCpp) << QByteArray("/health");
        QTest::newRow("vllm") << int(BackendKind::Vllm) << QByteArray("/health");
    }

    void eachBackendKindGetsItsOwnCheck()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, target);
        HealthCheckSettings settings;
        const Deployment d = deployment("a", 1234, BackendKind(kind));
        QCOMPARE(HealthChecker::checkRequest(d, settings).target, target);
        QCOMPARE(HealthChecker::checkRequest(d, settings).method, QByteArray("GET"));
        settings.endpoint = "/custom";
        QCOMPARE(HealthChecker::checkRequest(d, settings).target, QByteArray("/custom"));
    }

    void remoteProvidersAreNotCheckedUnlessAsked()
    {
        HealthCheckSettings settings;
        Deployment remote = deployment("r", 443);
        remote.origin.host = "openrouter.ai";
        QVERIFY(!HealthChecker::isChecked(remote, settings));
        settings.checkRemoteProviders = true;
        QVERIFY(HealthChecker::isChecked(remote, settings));
        settings.background = false;
        QVERIFY(!HealthChecker::isChecked(deployment("l", 1234), settings));
    }

    void localHosts_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("local");
        QTest::newRow("loopback") << "127.0.0.1" << true;
        QTest::newRow("localhost") << "localhost" << true;
        QTest::newRow("ipv6 loopback") << "::1" << true;
        QTest::newRow("lan") << "192.168.1.20" << true;
        QTest::newRow("10/8") << "10.1.2.3" << true;
        QTest::newRow("172.16/12") << "172.20.0.5" << true;
        QTest::newRow("tailscale") << "100.101.102.103" << true;
        QTest::newRow("tailscale name") << "gpu.tail1234.ts.net" << true;
        QTest::newRow("bare name") << "gpu-box" << true;
        QTest::newRow("mdns") << "studio.local" << true;
        QTest::newRow("ula") << "fd7a:115c:a1e0::1" << true;
        QTest::newRow("public ip") << "8.8.8.8" << false;
        QTest::newRow("provider") << "api.openai.com" << false;
        QTest::newRow("172.32") << "172.32.0.1" << false;
    }

    void localHosts()
    {
        QFETCH(QString, host);
        QFETCH(bool, local);
        QCOMPARE(HealthChecker::isLocalHost(host), local);
    }

    void downAfterTheThresholdAndBackAfterRecovery()
    {
        MockBackendThread a;
        MockBackendThread b;
        QVERIFY(a.start());
        QVERIFY(b.start());
        UpstreamClient client;
        DeploymentStates states(SystemClock::instance());
        HealthChecker checker(
            client,
            [&states](const QString& key, BackendHealth h) { states.setChecked(key, h); },
            SystemClock::instance());
        QSignalSpy changed(&checker, &HealthChecker::healthChanged);
        checker.setConfig(config({deployment("a", a.port()), deployment("b", b.port())}));
        QTRY_COMPARE_WITH_TIMEOUT(states.health("a"), BackendHealth::Healthy, kHangGuardMs);
        QTRY_COMPARE_WITH_TIMEOUT(states.health("b"), BackendHealth::Healthy, kHangGuardMs);

        QVERIFY(!b.backend()->setListening(false));
        QTRY_COMPARE_WITH_TIMEOUT(states.health("b"), BackendHealth::Unhealthy, kHangGuardMs);
        QVERIFY(!states.isRoutable("b"));
        QCOMPARE(states.health("a"), BackendHealth::Healthy);
        QVERIFY(std::any_of(changed.cbegin(), changed.cend(), [](const QList<QVariant>& args) {
            return args.at(1).value<BackendHealth>() == BackendHealth::Unhealthy && !args.at(2).toString().isEmpty();
        }));

        QVERIFY(b.backend()->setListening(true));
        QTRY_COMPARE_WITH_TIMEOUT(states.health("b"), BackendHealth::Healthy, kHangGuardMs);
        QVERIFY(states.isRoutable("b"));
    }

    void oneCheckPerServerHoweverManyDeployments()
    {
        MockBackendThread mock;
        QVERIFY(mock.start());
        UpstreamClient client;
        DeploymentStates states(SystemClock::instance());
        HealthChecker checker(
            client,
            [&states](const QString& key, BackendHealth h) { states.setChecked(key, h); },
            SystemClock::instance());
        auto c = config({deployment("a", mock.port()), deployment("b", mock.port()), deployment("c", mock.port())});
        c->health.interval = std::chrono::milliseconds(10'000);
        checker.setConfig(c);
        QTRY_COMPARE_WITH_TIMEOUT(states.health("c"), BackendHealth::Healthy, kHangGuardMs);
        QTest::qWait(300);
        QCOMPARE(checks(mock, "/v1/models"), 1);
        QCOMPARE(states.health("a"), BackendHealth::Healthy);
    }

    void anExpectedFieldMustBeThere()
    {
        MockBackendThread mock;
        QVERIFY(mock.start());
        UpstreamClient client;
        DeploymentStates states(SystemClock::instance());
        HealthChecker checker(
            client,
            [&states](const QString& key, BackendHealth h) { states.setChecked(key, h); },
            SystemClock::instance());
        auto c = config({deployment("a", mock.port())});
        c->health.expectedField = "models"; // /v1/models answers {"data": [...]}: not there
        checker.setConfig(c);
        QTRY_COMPARE_WITH_TIMEOUT(states.health("a"), BackendHealth::Unhealthy, kHangGuardMs);
        c = config({deployment("a", mock.port(), BackendKind::Ollama)});
        c->health.expectedField = "models"; // /api/tags answers {"models": [...]}
        checker.setConfig(c);
        QTRY_COMPARE_WITH_TIMEOUT(states.health("a"), BackendHealth::Healthy, kHangGuardMs);
    }

    void aHungServerFailsOnTheTimeout()
    {
        MockBackend::Options options;
        options.knobs.behavior = MockKnobs::Behavior::Hang;
        MockBackendThread mock(options);
        QVERIFY(mock.start());
        UpstreamClient client;
        DeploymentStates states(SystemClock::instance());
        HealthChecker checker(
            client,
            [&states](const QString& key, BackendHealth h) { states.setChecked(key, h); },
            SystemClock::instance());
        auto c = config({deployment("a", mock.port(), BackendKind::LlamaCpp)});
        c->health.timeout = std::chrono::milliseconds(100);
        checker.setConfig(c);
        QTRY_COMPARE_WITH_TIMEOUT(states.health("a"), BackendHealth::Unhealthy, kHangGuardMs);
    }

    void droppedFromTheConfigForgetsTheVerdict()
    {
        MockBackendThread mock;
        QVERIFY(mock.start());
        QVERIFY(!mock.backend()->setListening(false));
        UpstreamClient client;
        DeploymentStates states(SystemClock::instance());
        HealthChecker checker(
            client,
            [&states](const QString& key, BackendHealth h) { states.setChecked(key, h); },
            SystemClock::instance());
        checker.setConfig(config({deployment("a", mock.port())}));
        QTRY_COMPARE_WITH_TIMEOUT(states.health("a"), BackendHealth::Unhealthy, kHangGuardMs);
        auto off = config({deployment("a", mock.port())});
        off->health.background = false;
        checker.setConfig(off);
        QCOMPARE(states.health("a"), BackendHealth::Unknown);
        QVERIFY(states.isRoutable("a"));
    }
};

QTEST_GUILESS_MAIN(TestHealthChecker)
#include "TestHealthChecker.moc"
