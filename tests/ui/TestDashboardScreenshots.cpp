#include "app/gui/KeyServiceKeyManager.h"
#include "app/gui/SupervisorServerControl.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/UsageRepository.h"
#include "tests/ui/support/LiveGateway.h"
#include "tests/ui/support/TrafficPump.h"
#include "ui/GatewayMonitor.h"
#include "ui/Translations.h"
#include "ui/TrayController.h"
#include "ui/dashboard/ChartsPanel.h"
#include "ui/dashboard/DashboardWindow.h"
#include "ui/dashboard/OverviewPage.h"
#include "ui/dashboard/RequestLogPage.h"
#include "ui/dashboard/TryPage.h"
#include "ui/dashboard/UsageHistoryPanel.h"
#include "ui/dashboard/UsagePage.h"
#include "ui/models/RequestLogFilter.h"
#include "ui/models/RequestLogModel.h"
#include "ui/tray/TrayIcons.h"
#include "ui/tray/TrayMenu.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QPainter>
#include <QPlainTextEdit>
#include <QRandomGenerator>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace sy;

// Screenshots of every dashboard page, the tray menu and the icons, in English and German, at
// the window's default size, with the real gateway in this process serving real traffic from
// the mock backends (TrafficPump), a managed fake llama-server under the real guard, and virtual
// keys made through the admin API. The usage log also holds two weeks and an hour of earlier
// requests, written into the database before the gateway starts (as a restart finds them), so
// the charts and "usage over time" have something to show. PNGs land in
// SWITCHYARD_SCREENSHOT_DIR for people to look at; the test checks they are not blank.
class TestDashboardScreenshots : public QObject
{
    Q_OBJECT

private:
    QDir m_out{QString::fromUtf8(SWITCHYARD_SCREENSHOT_DIR)};
    QTemporaryDir m_settings;
    std::unique_ptr<testing::LiveGateway> m_live;
    std::unique_ptr<KeyServiceKeyManager> m_keys;
    std::unique_ptr<SupervisorServerControl> m_servers;
    std::unique_ptr<GatewayMonitor> m_monitor;
    std::unique_ptr<testing::TrafficPump> m_pump;
    QByteArray m_alpha;

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

    /** Two weeks of earlier usage and the last hour's traffic, as a restart finds them. */
    void seedHistory(const QStringList& keys)
    {
        Database db;
        QString error;
        DatabaseLocation location;
        location.kind = DatabaseLocation::Kind::Sqlite;
        location.sqlitePath = DatabaseLocation::defaultSqlitePath(m_live->dataDir());
        QVERIFY2(db.open(location, &error), qPrintable(error));
        QRandomGenerator random(18);
        QList<StoredRecord> rows;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QStringList models = {"chat", "chat", "local", "qwen-small"};
        auto add = [&](const QDateTime& end, int n) {
            RequestRecord r;
            r.requestId = quint64(n);
            r.logId = QStringLiteral("seed-%1").arg(n);
            r.keyHash = keys.at(int(random.bounded(int(keys.size()))));
            r.keyAlias = r.keyHash.isEmpty() ? QString() : (r.keyHash == keys.at(0) ? "open-webui" : "laptop");
            r.group = models.at(int(random.bounded(int(models.size()))));
            r.endpoint = "chat/completions";
            r.stream = random.bounded(10) < 6;
            const int roll = int(random.bounded(100));
            r.status = roll < 2 ? 503 : (roll < 4 ? 429 : 200);
            r.usage = {80 + random.bounded(900), r.status == 200 ? 20 + random.bounded(400) : 0, false};
            r.cost = r.group == "chat"
                ? 0.000002 * double(r.usage.promptTokens) + 0.000008 * double(r.usage.completionTokens)
                : 0;
            r.latencyMs = 300 + random.bounded(2500);
            r.ttftMs
                = r.stream && r.status == 200 ? 80 + random.bounded(250) + (random.bounded(20) == 0 ? 600 : 0) : -1;
            r.startedAt = end.addMSecs(-r.latencyMs);
            r.attempts = 1;
            rows.append({r.logId, r});
        };
        int n = 0;
        for (int day = 14; day >= 1; --day) {
            const int count = 60 + int(random.bounded(140)) + (day % 7 < 2 ? 0 : 80);
            for (int i = 0; i < count; ++i)
                add(now.addDays(-day).addSecs(-qint64(random.bounded(80'000))), n++);
        }
        for (int s = 3600; s > 20; --s) {
            const double wave = 1.2 + std::sin(double(s) / 400.0);
            for (int i = 0; i < int(wave + random.generateDouble() * 1.5); ++i)
                add(now.addSecs(-s).addMSecs(random.bounded(1000)), n++);
        }
        QVERIFY(db.begin());
        QVERIFY2(UsageRepository::insert(db, rows, &error), qPrintable(error));
        QVERIFY(db.commit());
    }

    void grabPages(const QString& suffix)
    {
        UiServices services;
        services.serverControl = m_servers.get();
        services.keyManager = m_keys.get();
        DashboardWindow window(*m_monitor, m_live->configPath(), services);
        window.show(); // at its default size
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.overview()->charts()->setWindowMinutes(60);
        const QStringList pages = {"overview", "models", "usage", "requests", "keys", "servers", "try", "settings"};
        QCOMPARE(window.tabs()->count(), pages.size());
        for (int i = 0; i < pages.size(); ++i) {
            window.showPage(DashboardWindow::Page(i));
            prepare(window, DashboardWindow::Page(i));
            QTest::qWait(1200); // a tick with fresh numbers
            const QImage image = window.grab().toImage();
            QVERIFY2(distinctColors(image) >= 12, qPrintable(pages.at(i)));
            save(image, "dashboard-" + pages.at(i) + suffix);
        }
        window.showPage(DashboardWindow::Overview);
        QTest::qWait(1200);
        for (const ChartsPanel::Chart& c : window.overview()->charts()->charts()) {
            const QImage chart = c.view->grab().toImage();
            QVERIFY2(pixelsNear(chart, c.series.at(0)->pen().color()) > 200, qPrintable(c.chart->title()));
        }
    }

    /** What a user would have done on the page before looking. */
    void prepare(DashboardWindow& window, DashboardWindow::Page page)
    {
        if (page == DashboardWindow::Usage) {
            QSignalSpy loaded(window.usage()->history(), &UsageHistoryPanel::loaded);
            window.usage()->history()->reload();
            QVERIFY(loaded.wait(5000));
        } else if (page == DashboardWindow::Requests) {
            RequestLogPage* requests = window.requests();
            for (int row = 0; row < requests->filter()->rowCount(); ++row) {
                if (requests->filter()->index(row, RequestLogModel::Status).data().toInt() >= 500) {
                    requests->showDetail(row);
                    break;
                }
            }
        } else if (page == DashboardWindow::Try) {
            TryPage* box = window.tryPage();
            box->keyEdit()->setText(QString::fromLatin1(m_alpha));
            box->modelBox()->setCurrentText("chat");
            QSignalSpy finished(box, &TryPage::finished);
            box->send();
            QVERIFY(finished.wait(10'000));
            QVERIFY2(box->answer()->toPlainText().contains("tok"), qPrintable(box->answer()->toPlainText()));
            QVERIFY(box->served()->text().contains("x-litellm-model-api-base"));
        }
    }

    void setLanguage(const QLocale& locale)
    {
        for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
        QLocale::setDefault(locale);
        Translations::install(*QCoreApplication::instance(), locale);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_out.mkpath("."));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        setLanguage(QLocale(QLocale::English, QLocale::UnitedStates));
        m_live = std::make_unique<testing::LiveGateway>();
        m_live->setManagedServer({QStringLiteral(SWITCHYARD_GUARD),
                                  QStringLiteral(SWITCHYARD_SOURCE_DIR "/tests/support/fake-servers"),
                                  qEnvironmentVariable("SWITCHYARD_TEST_SUPPORT_DIR") + "/mock-backend"});
        QVERIFY(m_live->start());
        m_alpha = m_live->createKey({{"key_alias", "open-webui"},
                                     {"max_budget", 1.0},
                                     {"budget_duration", "1d"},
                                     {"rpm_limit", 600},
                                     {"max_parallel_requests", 8}});
        const QByteArray laptop = m_live->createKey(
            {{"key_alias", "laptop"}, {"tpm_limit", 200000}, {"models", QJsonArray{"chat", "local"}}});
        QVERIFY(!m_live->createKey({{"key_alias", "ci-nightly"}, {"duration", "30d"}}).isEmpty());
        QVERIFY(!m_alpha.isEmpty() && !laptop.isEmpty());
        m_live->stop();
        seedHistory({testing::LiveGateway::tokenOf(m_alpha), testing::LiveGateway::tokenOf(laptop), QString()});
        QVERIFY(m_live->start());
        m_keys = std::make_unique<KeyServiceKeyManager>(m_live->host().keys());
        m_servers = std::make_unique<SupervisorServerControl>(*m_live->supervisor());
        m_monitor = std::make_unique<GatewayMonitor>(m_keys.get());
        m_monitor->attach(m_live->host());
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_servers->servers().isEmpty() && m_servers->servers().first().state == ServerEntry::State::Ready, 20'000);
        m_pump = std::make_unique<testing::TrafficPump>(
            m_live->port(),
            QList<testing::TrafficPump::Source>{{m_alpha, "chat", 5},
                                                {laptop, "local", 3},
                                                {testing::LiveGateway::kMasterKey, "qwen-small", 2},
                                                {testing::LiveGateway::kMasterKey, "chat", 1}},
            20);
        m_pump->start();
        QTest::qWait(15'000); // a quarter minute of live traffic on top of the history
        QVERIFY2(m_pump->answered() > 150, qPrintable(QString::number(m_pump->answered())));
    }

    void cleanupTestCase()
    {
        if (m_pump)
            m_pump->stop();
        QTest::qWait(500);
        m_monitor.reset();
        m_servers.reset();
        m_keys.reset();
        m_live.reset();
        setLanguage(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void dashboard() { grabPages(QString()); }

    void dashboardInGerman()
    {
        setLanguage(QLocale(QLocale::German, QLocale::Germany));
        grabPages("-de");
        setLanguage(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void trayMenu()
    {
        UiServices services;
        services.serverControl = m_servers.get();
        TrayController tray(*m_monitor, m_live->configPath(), services);
        tray.trayMenu().setAddressSource([] {
            return QList<BaseUrls::LocalAddress>{{QHostAddress("192.168.1.20"), "en0", false},
                                                 {QHostAddress("100.101.102.103"), "tailscale0", false}};
        });
        QTest::qWait(1200);
        QMenu* menu = tray.menu();
        menu->popup(QPoint(0, 0));
        QVERIFY(QTest::qWaitForWindowExposed(menu));
        const QImage image = menu->grab().toImage();
        QVERIFY(distinctColors(image) >= 8);
        QVERIFY(image.height() > 250);
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
