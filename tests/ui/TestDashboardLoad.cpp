#include "tests/support/ManualClock.h"
#include "tests/ui/support/DemoScenario.h"
#include "ui/GatewayMonitor.h"
#include "ui/dashboard/DashboardWindow.h"

#include <QApplication>
#include <QTest>

#include <algorithm>

#include <time.h>

using namespace sy;

namespace {

// CPU time this thread has used, in nanoseconds.
qint64 threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

} // namespace

// What 1,000 requests per second cost the UI thread, with the dashboard open: the gateway's
// batches (every 250 ms) counted into the history, the once-a-second tick (tables and charts),
// and the repaint that follows. Each step runs without returning to the event loop, so the
// longest step is the worst latency a user event could see. The figures are printed.
//
// Costs are the UI thread's CPU time, not wall time: a loaded machine (parallel tests, stress)
// takes turns away from the thread, which wall time would count as work (issue #11). The bounds
// stay generous (sanitizer builds are several times slower); they catch work that grows with the
// load, such as a table rebuilt for every record.
class TestDashboardLoad : public QObject
{
    Q_OBJECT

private:
    static constexpr int kRequestsPerSecond = 1000;
    static constexpr int kSeconds = 60;
    static constexpr int kBatchesPerSecond = 4;

    struct Figures
    {
        QList<double> perSecondMs;
        double maxStepMs = 0;
    };

    static double percentile(QList<double> v, double q)
    {
        std::sort(v.begin(), v.end());
        return v.at(qMin(v.size() - 1, qsizetype(q * double(v.size()))));
    }

    Figures run(DashboardWindow::Page page)
    {
        testing::ManualClock clock;
        testing::FakeKeyManager keys;
        GatewayMonitor monitor(&keys, clock);
        monitor.setTicking(false);
        testing::ScriptedGateway gateway(monitor, clock, 11);
        testing::addDemoBackends(gateway);
        testing::addDemoKeys(gateway, keys);
        gateway.start();
        gateway.run(10 * 60, [](int) { return 50; }); // history to draw
        DashboardWindow window(monitor, QString(), {});
        window.resize(1280, 860);
        window.showPage(page);
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return {};
        QApplication::processEvents();

        Figures f;
        for (int s = 0; s < kSeconds; ++s) {
            QList<QList<RequestRecord>> batches;
            for (int b = 0; b < kBatchesPerSecond; ++b)
                batches.append(gateway.records(kRequestsPerSecond / kBatchesPerSecond));
            const GatewaySnapshotPtr snapshot = gateway.snapshot();
            clock.advance(1000);
            double second = 0;
            auto step = [&](auto&& work) {
                const qint64 start = threadCpuNs();
                work();
                const double ms = double(threadCpuNs() - start) / 1e6;
                f.maxStepMs = qMax(f.maxStepMs, ms);
                second += ms;
            };
            for (const QList<RequestRecord>& batch : std::as_const(batches))
                step([&] { monitor.addRecords(batch); });
            step([&] { monitor.applySnapshot(snapshot); });
            step([&] { monitor.tick(); });
            step([&] { QApplication::processEvents(); }); // the repaint
            f.perSecondMs.append(second);
        }
        return f;
    }

    void report(const char* what, const Figures& f)
    {
        QVERIFY(!f.perSecondMs.isEmpty());
        const double p50 = percentile(f.perSecondMs, 0.5);
        const double p95 = percentile(f.perSecondMs, 0.95);
        qInfo("%s at %d req/s: UI thread busy %.1f ms CPU per second (p50), %.1f ms (p95); event loop "
              "blocked at most %.1f ms CPU at a time",
              what,
              kRequestsPerSecond,
              p50,
              p95,
              f.maxStepMs);
        // Generous bounds (sanitizer builds are several times slower): a tenth of each second,
        // and no step long enough to drop frames visibly.
        QVERIFY2(p95 < 250, "too much UI work per second");
        QVERIFY2(f.maxStepMs < 200, "one step blocks the UI too long");
    }

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void overviewWithCharts() { report("overview (charts, backends)", run(DashboardWindow::Overview)); }
    void requestLog() { report("request log", run(DashboardWindow::Requests)); }
    void usagePerKey() { report("usage per key", run(DashboardWindow::Usage)); }
};

QTEST_MAIN(TestDashboardLoad)
#include "TestDashboardLoad.moc"
