#include "tests/support/ManualClock.h"
#include "tests/ui/support/DemoScenario.h"
#include "ui/GatewayMonitor.h"
#include "ui/TrayController.h"
#include "ui/dashboard/ChartsPanel.h"
#include "ui/dashboard/DashboardWindow.h"
#include "ui/dashboard/OverviewPage.h"
#include "ui/tray/TrayIcons.h"
#include "ui/tray/TrayMenu.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QLineSeries>
#include <QMenu>
#include <QPainter>
#include <QSet>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace sy;

// Screenshots of the dashboard, the tray menu and the icons, fed by a scripted gateway under
// the offscreen platform. They land in SWITCHYARD_SCREENSHOT_DIR (the build tree) as PNGs for
// people to look at; the test checks they are not blank: many colours, and lines in the charts.
class TestDashboardScreenshots : public QObject
{
    Q_OBJECT

private:
    QDir m_out{QString::fromUtf8(SWITCHYARD_SCREENSHOT_DIR)};
    QTemporaryDir m_dir;

    static int distinctColors(const QImage& image)
    {
        QSet<QRgb> colors;
        for (int y = 0; y < image.height(); y += 2) {
            for (int x = 0; x < image.width(); x += 2)
                colors.insert(image.pixel(x, y));
        }
        return int(colors.size());
    }

    /** Pixels close to @p color: the chart's lines. */
    static int pixelsNear(const QImage& image, const QColor& color)
    {
        int n = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (qAbs(c.red() - color.red()) + qAbs(c.green() - color.green()) + qAbs(c.blue() - color.blue()) < 60)
                    ++n;
            }
        }
        return n;
    }

    void save(const QImage& image, const QString& name)
    {
        const QString path = m_out.filePath(name + ".png");
        QVERIFY2(image.save(path), qPrintable(path));
        QVERIFY(QFileInfo(path).size() > 1000);
        qInfo().noquote() << "screenshot:" << path;
    }

    QString writeConfig()
    {
        const QString path = m_dir.filePath("config.yaml");
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write("model_list: []\ngeneral_settings:\n  master_key: keychain/SWITCHYARD_MASTER_KEY\n"
                    "gateway:\n  host: 0.0.0.0\n  port: 4000\n");
        return path;
    }

    struct Scene
    {
        testing::ManualClock clock{QDateTime::fromString("2026-01-12T14:00:00Z", Qt::ISODate)};
        testing::FakeKeyManager keys;
        testing::FakeServerControl servers;
        std::unique_ptr<GatewayMonitor> monitor;
        std::unique_ptr<testing::ScriptedGateway> gateway;
    };

    std::unique_ptr<Scene> makeScene(bool withKeys)
    {
        auto scene = std::make_unique<Scene>();
        scene->monitor = std::make_unique<GatewayMonitor>(withKeys ? &scene->keys : nullptr, scene->clock);
        scene->monitor->setTicking(false);
        scene->gateway = std::make_unique<testing::ScriptedGateway>(*scene->monitor, scene->clock);
        testing::addDemoBackends(*scene->gateway);
        testing::addDemoKeys(*scene->gateway, scene->keys);
        testing::addDemoServers(scene->servers);
        scene->gateway->start({"http://127.0.0.1:4000/v1", "http://192.168.1.20:4000/v1"});
        scene->gateway->run(15 * 60, &testing::demoTraffic);
        QTest::qWait(50); // the key list arrives
        return scene;
    }

    void shootDashboard(const QString& suffix, bool withKeys)
    {
        auto scene = makeScene(withKeys);
        UiServices services;
        services.serverControl = &scene->servers;
        DashboardWindow window(*scene->monitor, writeConfig(), services);
        window.resize(1280, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.overview()->charts()->setWindowMinutes(15);
        const QStringList pages = {"overview", "usage", "requests", "keys", "servers", "settings"};
        for (int i = 0; i < pages.size(); ++i) {
            window.showPage(DashboardWindow::Page(i));
            QTest::qWait(30);
            const QImage image = window.grab().toImage();
            QVERIFY2(distinctColors(image) >= 12, qPrintable(pages.at(i)));
            save(image, "dashboard-" + pages.at(i) + suffix);
        }
        window.showPage(DashboardWindow::Overview);
        QTest::qWait(30);
        for (const ChartsPanel::Chart& c : window.overview()->charts()->charts()) {
            const QImage chart = c.view->grab().toImage();
            QVERIFY2(pixelsNear(chart, c.series.at(0)->pen().color()) > 200, qPrintable(c.chart->title()));
        }
    }

private slots:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(m_out.mkpath("."));
    }

    void dashboard() { shootDashboard(QString(), true); }

    void dashboardWithoutKeyStorage()
    {
        auto scene = makeScene(false);
        DashboardWindow window(*scene->monitor, writeConfig(), {});
        window.resize(1280, 860);
        window.showPage(DashboardWindow::Keys);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        save(window.grab().toImage(), "dashboard-keys-unavailable");
        window.showPage(DashboardWindow::Usage);
        save(window.grab().toImage(), "dashboard-usage-without-keys");
    }

    void trayMenu()
    {
        auto scene = makeScene(true);
        UiServices services;
        services.serverControl = &scene->servers;
        TrayController tray(*scene->monitor, writeConfig(), services);
        tray.trayMenu().setAddressSource([] {
            return QList<BaseUrls::LocalAddress>{{QHostAddress("192.168.1.20"), "en0", false},
                                                 {QHostAddress("100.101.102.103"), "tailscale0", false}};
        });
        QMenu* menu = tray.menu();
        menu->popup(QPoint(0, 0));
        QVERIFY(QTest::qWaitForWindowExposed(menu));
        const QImage image = menu->grab().toImage();
        QVERIFY(distinctColors(image) >= 8);
        QVERIFY(image.height() > 300);
        save(image, "tray-menu");
        menu->hide();
    }

    void trayIcons()
    {
        // Every state, template (macOS) above and colour (Linux) below, at 1x and 2x.
        QImage sheet(4 * 80, 2 * 80, QImage::Format_ARGB32);
        sheet.fill(QColor(0xe8, 0xe8, 0xe8));
        QPainter p(&sheet);
        int column = 0;
        for (const auto state : {GatewayMonitor::State::Serving,
                                 GatewayMonitor::State::Degraded,
                                 GatewayMonitor::State::Stopped,
                                 GatewayMonitor::State::Error}) {
            for (const bool templateImage : {true, false}) {
                const QIcon icon = TrayIcons::icon(state, templateImage);
                const int row = templateImage ? 0 : 1;
                p.drawPixmap(column * 80 + 6, row * 80 + 6, icon.pixmap(22, 22));
                p.drawPixmap(column * 80 + 32, row * 80 + 6, icon.pixmap(44, 44));
            }
            ++column;
        }
        p.end();
        QVERIFY(distinctColors(sheet) >= 8);
        save(sheet, "tray-icons");
    }
};

QTEST_MAIN(TestDashboardScreenshots)
#include "TestDashboardScreenshots.moc"
