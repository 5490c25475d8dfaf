#include "gateway/GatewayHost.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/UsageRepository.h"
#include "tests/support/MockBackendThread.h"
#include "tests/support/RawHttpClient.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace sy;

// The gateway on its own thread, driven through GatewayHost's queued calls, in process.
namespace {

// Only a guard against hangs: every wait ends as soon as its condition holds.
constexpr int kHangGuardMs = 30'000;

} // namespace

class TestGatewayHost : public QObject
{
    Q_OBJECT

private:
    testing::MockBackendThread* m_mock = nullptr;

    std::shared_ptr<GatewayConfig> config() const
    {
        auto c = std::make_shared<GatewayConfig>();
        c->listen = {QStringLiteral("127.0.0.1"), 0};
        Deployment d;
        d.id = "mock-1";
        d.group = "chat";
        d.provider = "openai";
        d.backendModel = "backend-chat";
        d.setApiBase(QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(m_mock->port())));
        c->deployments.append(d);
        return c;
    }

    static bool earlierToday()
    {
        return QDateTime::currentDateTimeUtc().addSecs(-600).date() == QDateTime::currentDateTimeUtc().date();
    }

    static quint16 startedPort(GatewayHost& host, const std::shared_ptr<const GatewayConfig>& c)
    {
        QSignalSpy started(&host, &GatewayHost::started);
        host.start(c);
        if (!started.wait(kHangGuardMs))
            return 0;
        return started.first().first().value<quint16>();
    }

private slots:
    void initTestCase()
    {
        m_mock = new testing::MockBackendThread;
        QVERIFY(m_mock->start());
    }

    void cleanupTestCase() { delete m_mock; }

    void recordsArriveInBatches()
    {
        GatewayHost host;
        const quint16 port = startedPort(host, config());
        QVERIFY(port);
        QSignalSpy records(&host, &GatewayHost::requestsRecorded);
        const QByteArray body = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}]}";
        for (int i = 0; i < 3; ++i)
            QCOMPARE(testing::RawHttpClient::fetch(port, "POST", "/v1/chat/completions", body)->status, 200);
        QList<RequestRecord> all;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto& batch : std::as_const(records))
                    all += batch.first().value<QList<RequestRecord>>();
                records.clear();
                return all.size() >= 3;
            }(),
            kHangGuardMs);
        const RequestRecord& r = all.first();
        QCOMPARE(r.status, 200);
        QCOMPARE(r.group, QString("chat"));
        QCOMPARE(r.deploymentId, QString("mock-1"));
        QCOMPARE(r.endpoint, QByteArray("chat/completions"));
        QCOMPARE(r.usage.promptTokens, 3);
        QCOMPARE(r.usage.completionTokens, 5);
        QVERIFY(r.upstreamLatencyMs >= 0);
        QVERIFY(r.startedAt.isValid());
        QSignalSpy stopped(&host, &GatewayHost::stopped);
        host.stop(1000);
        QVERIFY(stopped.wait(kHangGuardMs));
    }

    // Qt calls disconnectNotify() with a connection lock held, and the lock is one of a small
    // pool picked by address: a listener whose lock was the host's own deadlocked the thread
    // that deleted it when the host asked isSignalConnected() there (CI, TestUsageNumbers).
    // A thousand listeners at a thousand addresses make that collision all but certain.
    void listenersComeAndGoWithoutDeadlock()
    {
        GatewayHost host;
        const quint16 port = startedPort(host, config());
        QVERIFY(port);
        std::atomic_bool done = false;
        std::thread churn([&] {
            std::vector<std::unique_ptr<QObject>> listeners;
            for (int i = 0; i < 1000; ++i) {
                listeners.push_back(std::make_unique<QObject>());
                QObject::connect(&host, &GatewayHost::requestsRecorded, listeners.back().get(), [] {});
            }
            listeners.clear();
            done = true;
        });
        QDeadlineTimer deadline(kHangGuardMs);
        while (!done && !deadline.hasExpired())
            QTest::qWait(10);
        if (!done)
            qFatal("deleting a listener of GatewayHost::requestsRecorded deadlocked");
        churn.join();

        // Records still cross once somebody listens again.
        QSignalSpy records(&host, &GatewayHost::requestsRecorded);
        const QByteArray body = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}";
        QCOMPARE(testing::RawHttpClient::fetch(port, "POST", "/v1/chat/completions", body)->status, 200);
        QVERIFY(records.wait(kHangGuardMs));
        QSignalSpy stopped(&host, &GatewayHost::stopped);
        host.stop(1000);
        QVERIFY(stopped.wait(kHangGuardMs));
    }

    void snapshotsDescribeTheGatewayAndSurviveARestart()
    {
        GatewayHost host;
        QSignalSpy snapshots(&host, &GatewayHost::snapshotTaken);
        quint16 port = startedPort(host, config());
        QVERIFY(port);
        const QByteArray body = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}]}";
        for (int i = 0; i < 3; ++i)
            QCOMPARE(testing::RawHttpClient::fetch(port, "POST", "/v1/chat/completions", body)->status, 200);
        QCOMPARE(testing::RawHttpClient::fetch(port, "POST", "/v1/chat/completions", "{\"model\":\"nope\"}")->status,
                 404);
        auto latest = [&] { return snapshots.last().first().value<GatewaySnapshotPtr>(); };
        QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty() && latest()->requests == 4, kHangGuardMs);
        GatewaySnapshotPtr s = latest();
        QVERIFY(s->serving);
        QCOMPARE(s->baseUrls.size(), 1);
        QCOMPARE(s->failures, quint64(1));
        QCOMPARE(s->promptTokens, quint64(9));
        QCOMPARE(s->completionTokens, quint64(15));
        QCOMPARE(s->groups, QStringList{"chat"});
        QCOMPARE(s->deployments.size(), 1);
        const DeploymentSnapshot& d = s->deployments.first();
        QCOMPARE(d.id, QString("mock-1"));
        QCOMPARE(d.requests, quint64(3)); // the 404 never reached it
        QCOMPARE(d.failures, quint64(0));
        QVERIFY(d.latencyMs >= 0);
        QCOMPARE(d.inFlight, 0);

        // Stopping says so at once; starting again serves again.
        QSignalSpy stopped(&host, &GatewayHost::stopped);
        host.stop(1000);
        QVERIFY(stopped.wait(kHangGuardMs));
        QVERIFY(!latest()->serving);
        port = startedPort(host, config());
        QVERIFY(port);
        QCOMPARE(testing::RawHttpClient::fetch(port, "POST", "/v1/chat/completions", body)->status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(latest()->serving && latest()->requests == 5, kHangGuardMs);
        host.stop(1000);
        QVERIFY(stopped.wait(kHangGuardMs));
    }

    // Issue #18: right after a managed server became ready, the dashboard and the tray must not
    // disagree ("Not checked" in one, ready in the other): its supervisor's check just passed.
    void aReadyManagedServerIsHealthyBeforeItsFirstCheck()
    {
        GatewayHost host;
        QSignalSpy snapshots(&host, &GatewayHost::snapshotTaken);
        auto c = config();
        c->health.background = false;
        c->deployments[0].managed = true;
        c->deployments[0].managedServer = "studio";
        QVERIFY(startedPort(host, c));
        ServerStatus studio;
        studio.name = "studio";
        studio.state = ServerState::Ready;
        host.setServerStatuses({studio});
        auto latest = [&] { return snapshots.last().first().value<GatewaySnapshotPtr>(); };
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.size() >= 2, 5000);
        QCOMPARE(latest()->deployments.first().health, BackendHealth::Healthy);
        studio.state = ServerState::Starting;
        host.setServerStatuses({studio});
        QTRY_COMPARE_WITH_TIMEOUT(latest()->deployments.first().health, BackendHealth::Starting, 5000);
        QSignalSpy stopped(&host, &GatewayHost::stopped);
        host.stop(0);
        QVERIFY(stopped.wait(3000));
    }

    void historyAnswersOnTheCallersThread()
    {
        QTemporaryDir data;
        {
            // A request from an earlier run, ten minutes ago: the history starts with it.
            Database db;
            DatabaseLocation location;
            location.kind = DatabaseLocation::Kind::Sqlite;
            location.sqlitePath = DatabaseLocation::defaultSqlitePath(data.path());
            QString error;
            QVERIFY2(db.open(location, &error), qPrintable(error));
            RequestRecord earlier;
            earlier.startedAt = QDateTime::currentDateTimeUtc().addSecs(-600);
            earlier.latencyMs = 100;
            earlier.status = 200;
            earlier.group = "chat";
            QVERIFY(db.begin() && UsageRepository::insert(db, {{"earlier-1", earlier}}, &error) && db.commit());
        }
        GatewayHost host;
        auto c = config();
        c->storage.dataDir = data.path();
        const quint16 port = startedPort(host, c);
        QVERIFY(port);
        QObject context;
        // Asked at once, before any request or snapshot moved the history on: the earlier hour is there.
        std::optional<QList<TrafficSecond>> atStart;
        host.history().traffic(&context, [&](const QList<TrafficSecond>& s, qint64) { atStart = s; });
        QTRY_VERIFY_WITH_TIMEOUT(atStart.has_value(), 5000);
        QCOMPARE(atStart->size(), 1);
        QCOMPARE(atStart->first().requests, 1u);
        const QByteArray body = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}]}";
        for (int i = 0; i < 4; ++i)
            QCOMPARE(testing::RawHttpClient::fetch(port, "POST", "/v1/chat/completions", body)->status, 200);
        std::optional<HistoryResult<QList<RequestRecord>>> requests;
        // A request is recorded once its answer is written, which may be just after the client
        // read it: asked again until the fourth is there (queued records are handed over first).
        QDeadlineTimer hangGuard(30'000);
        do {
            requests.reset();
            host.history().requests(RequestQuery{}, &context, [&](const HistoryResult<QList<RequestRecord>>& r) {
                QCOMPARE(QThread::currentThread(), QCoreApplication::instance()->thread());
                requests = r;
            });
            QTRY_VERIFY_WITH_TIMEOUT(requests.has_value(), 5000);
            QVERIFY2(requests->ok(), qPrintable(requests->error));
        } while (requests->rows.size() < 5 && !hangGuard.hasExpired());
        QCOMPARE(requests->rows.size(), 5);
        QCOMPARE(requests->rows.last().logId, QString("earlier-1"));
        std::optional<HistoryResult<QList<RequestRecord>>> before;
        RequestQuery earlierOnly;
        earlierOnly.beforeThisRun = true;
        host.history().requests(earlierOnly, &context, [&](const auto& r) { before = r; });
        QTRY_VERIFY_WITH_TIMEOUT(before.has_value(), 5000);
        QCOMPARE(before->rows.size(), 1); // what the faces load; the rest reach them as records
        const RequestRecord& newest = requests->rows.first();
        QVERIFY(newest.logId.contains('-'));
        QCOMPARE(newest.attempts, 1);
        QCOMPARE(newest.dialect, QByteArray("openai"));

        std::optional<HistoryResult<std::optional<RequestRecord>>> one;
        host.history().request(newest.logId, &context, [&](const auto& r) { one = r; });
        QTRY_VERIFY_WITH_TIMEOUT(one.has_value(), 5000);
        QVERIFY(one->rows.has_value());
        QCOMPARE(one->rows->apiBase, newest.apiBase);

        std::optional<HistoryResult<QList<DailyUsage>>> days;
        const QDate today = QDateTime::currentDateTimeUtc().date();
        host.history().daily(
            {today, today, DailyUsageQuery::GroupBy::Model}, &context, [&](const auto& r) { days = r; });
        QTRY_VERIFY_WITH_TIMEOUT(days.has_value(), 5000);
        QCOMPARE(days->rows.size(), 1);
        QCOMPARE(days->rows.first().requests, 4u + (earlierToday() ? 1u : 0u));

        // An answer for a context that is gone is dropped, not delivered to a dangling object.
        bool called = false;
        {
            QObject gone;
            host.history().daily(
                {today, today, DailyUsageQuery::GroupBy::Key}, &gone, [&](const auto&) { called = true; });
        }
        std::optional<QList<TrafficSecond>> traffic;
        host.history().traffic(&context, [&](const QList<TrafficSecond>& s, qint64) { traffic = s; });
        QTRY_VERIFY_WITH_TIMEOUT(traffic.has_value(), 5000);
        QVERIFY(!called);
        quint64 counted = 0;
        for (const TrafficSecond& s : *traffic)
            counted += s.requests;
        QCOMPARE(counted, 5u); // the earlier run's request too
        QSignalSpy stopped(&host, &GatewayHost::stopped);
        host.stop(0);
        QVERIFY(stopped.wait(3000));
    }

    void stopWaitsForTheDrainTimeoutAtMost()
    {
        GatewayHost host;
        auto c = config();
        c->limits.drainTimeout = std::chrono::milliseconds(400);
        const quint16 port = startedPort(host, c);
        QVERIFY(port);
        // Counted by path: the gateway's own checks of the mock (GET /v1/models) are in flight
        // at times too, and the stop must not begin before the hung chat reached the mock.
        const auto chatsSeen = [&] {
            return m_mock->backend()
                ->stats()
                .value("requests_by_path")
                .toObject()
                .value("/v1/chat/completions")
                .toInt();
        };
        const int chatsBefore = chatsSeen();
        testing::RawHttpClient hung;
        QVERIFY(hung.connectToHost(QHostAddress::LocalHost, port));
        hung.send(
            hung.buildRequest("POST", "/v1/chat/completions", "{\"model\":\"chat\",\"mock\":{\"behavior\":\"hang\"}}"));
        QTRY_COMPARE_WITH_TIMEOUT(chatsSeen(), chatsBefore + 1, kHangGuardMs);
        QSignalSpy stopped(&host, &GatewayHost::stopped);
        QElapsedTimer clock;
        clock.start();
        host.stop(); // uses gateway.drain_timeout
        // The request hangs for good and its timeout is ten minutes: only the drain timeout can
        // end the stop within the hang guard, and not before it passed.
        QVERIFY(stopped.wait(kHangGuardMs));
        QVERIFY2(clock.elapsed() >= 350, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(hung.waitForDisconnected()); // cut, not left hanging
    }
};

QTEST_GUILESS_MAIN(TestGatewayHost)
#include "TestGatewayHost.moc"
