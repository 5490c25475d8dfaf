#include "tests/support/ManualClock.h"
#include "tests/ui/support/FakeServerControl.h"
#include "tests/ui/support/ScriptedGateway.h"
#include "ui/GatewayMonitor.h"
#include "ui/TrayController.h"
#include "ui/dashboard/DashboardWindow.h"
#include "ui/tray/TrayIcons.h"
#include "ui/tray/TrayMenu.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

using namespace sy;

// The tray menu, driven through its QActions as a user's clicks would, against a scripted
// gateway; and the icon for each state.
class TestTrayController : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<testing::ManualClock> m_clock;
    std::unique_ptr<GatewayMonitor> m_monitor;
    std::unique_ptr<testing::FakeServerControl> m_servers;
    std::unique_ptr<TrayController> m_tray;

    static QList<BaseUrls::LocalAddress> machine()
    {
        return {{QHostAddress("192.168.1.20"), "en0", false}, {QHostAddress("100.101.102.103"), "tailscale0", false}};
    }

    static DeploymentSnapshot deployment(const QString& id, const QString& base, BackendHealth health, int inFlight)
    {
        DeploymentSnapshot d;
        d.id = id;
        d.group = id;
        d.backendModel = id;
        d.apiBase = base;
        d.provider = "lm_studio";
        d.health = health;
        d.inFlight = inFlight;
        return d;
    }

    void makeTray(IServerControl* servers)
    {
        UiServices services;
        services.serverControl = servers;
        m_tray = std::make_unique<TrayController>(*m_monitor, m_home->filePath("config.yaml"), services);
        m_tray->trayMenu().setAddressSource(&machine);
    }

    QStringList texts(const QList<QAction*>& actions)
    {
        QStringList out;
        for (QAction* a : actions)
            out << a->text();
        return out;
    }

private slots:
    void init()
    {
        m_home = std::make_unique<QTemporaryDir>();
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home->filePath("xdg")));
        qputenv("XDG_CONFIG_DIRS", QFile::encodeName(m_home->filePath("xdg-system")));
        QFile config(m_home->filePath("config.yaml"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("gateway:\n  host: localhost\n  port: 4000\n");
        config.close();
        m_clock = std::make_unique<testing::ManualClock>();
        m_monitor = std::make_unique<GatewayMonitor>(nullptr, *m_clock);
        m_monitor->setTicking(false);
    }

    void cleanup()
    {
        m_tray.reset();
        m_servers.reset();
        m_monitor.reset();
    }

    void showsStateAndListenAddress()
    {
        makeTray(nullptr);
        TrayMenu& menu = m_tray->trayMenu();
        QCOMPARE(menu.statusAction()->text(), QString("Switchyard is starting…"));
        QVERIFY(!menu.toggleAction()->isChecked());
        QCOMPARE(menu.listenAction()->text(), QString("Not listening"));
        QVERIFY(menu.copyActions().isEmpty());

        m_monitor->gatewayStarted(4000, {"http://127.0.0.1:4000/v1", "http://[::1]:4000/v1"});
        QCOMPARE(menu.statusAction()->text(), QString("Switchyard is serving"));
        QVERIFY(menu.toggleAction()->isChecked());
        QCOMPARE(menu.listenAction()->text(), QString("Listening on localhost, port 4000"));
        QVERIFY(menu.lanHintAction()->isVisible());
        QCOMPARE(texts(menu.copyActions()), QStringList{"Copy Base URL: localhost"});

        m_monitor->setConfigProblem("config.yaml:2:3: gateway.port: expected an integer\nsecond line");
        m_monitor->gatewayStopped();
        QCOMPARE(menu.statusAction()->text(),
                 QString("Cannot serve: config.yaml:2:3: gateway.port: expected an integer"));
        QVERIFY(!menu.toggleAction()->isChecked());
        QVERIFY(menu.copyActions().isEmpty());
        QVERIFY(!menu.lanHintAction()->isVisible());
    }

    void copiesEachBaseUrl()
    {
        makeTray(nullptr);
        TrayMenu& menu = m_tray->trayMenu();
        m_monitor->gatewayStarted(4000, {"http://127.0.0.1:4000/v1", "http://192.168.1.20:4000/v1"});
        QCOMPARE(menu.listenAction()->text(), QString("Listening on all interfaces, port 4000"));
        QVERIFY(!menu.lanHintAction()->isVisible());
        QCOMPARE(texts(menu.copyActions()),
                 (QStringList{"Copy Base URL: localhost",
                              "Copy Base URL: Tailscale (100.101.102.103)",
                              "Copy Base URL: LAN (192.168.1.20)"}));
        QSignalSpy copied(&menu, &TrayMenu::urlCopied);
        const QStringList expected
            = {"http://localhost:4000/v1", "http://100.101.102.103:4000/v1", "http://192.168.1.20:4000/v1"};
        for (int i = 0; i < expected.size(); ++i) {
            menu.copyActions().at(i)->trigger();
            QCOMPARE(QGuiApplication::clipboard()->text(), expected.at(i));
        }
        QCOMPARE(copied.size(), 3);
        // They sit in the menu itself: one click, no submenu.
        for (QAction* a : menu.copyActions())
            QVERIFY(menu.menu()->actions().contains(a));
    }

    void listsBackendsLive()
    {
        makeTray(nullptr);
        TrayMenu& menu = m_tray->trayMenu();
        QCOMPARE(texts(menu.backendActions()), QStringList{"No backends"});
        testing::ScriptedGateway gateway(*m_monitor, *m_clock);
        gateway.addDeployment(deployment("qwen", "http://127.0.0.1:1234/v1", BackendHealth::Healthy, 2));
        gateway.addDeployment(deployment("llama", "http://10.0.0.5:11434", BackendHealth::Unhealthy, 0));
        gateway.start();
        QCOMPARE(menu.backendActions().size(), 2);
        QCOMPARE(menu.backendActions().at(1)->text(), QString("llama on 10.0.0.5:11434: Unhealthy, 0 in flight"));
        QVERIFY(menu.backendActions().at(0)->text().startsWith("qwen on 127.0.0.1:1234: Healthy, "));
        QAction* first = menu.backendActions().at(0);
        gateway.run(1, [](int) { return 5; });
        QCOMPARE(menu.backendActions().at(0), first); // updated in place, not re-created
        QCOMPARE(menu.statusAction()->text(), QString("Degraded: llama not answering"));
        // A click on a backend opens the dashboard.
        QVERIFY(!m_tray->dashboard());
        first->trigger();
        QVERIFY(m_tray->dashboard());
        QVERIFY(m_tray->dashboard()->isVisible());
    }

    void capsTheBackendList()
    {
        makeTray(nullptr);
        auto s = std::make_shared<GatewaySnapshot>();
        s->serving = true;
        for (int i = 0; i < TrayMenu::kMaxBackends + 3; ++i)
            s->deployments << deployment(QString("m%1").arg(i), "http://127.0.0.1:1234/v1", BackendHealth::Healthy, 0);
        m_monitor->applySnapshot(s);
        const QList<QAction*> actions = m_tray->trayMenu().backendActions();
        QCOMPARE(actions.size(), TrayMenu::kMaxBackends + 1);
        QCOMPARE(actions.last()->text(), QString("3 more in the dashboard…"));
    }

    void theSwitchAsksToStopAndStart()
    {
        makeTray(nullptr);
        TrayMenu& menu = m_tray->trayMenu();
        m_monitor->gatewayStarted(4000, {"http://127.0.0.1:4000/v1"});
        QSignalSpy toggled(m_tray.get(), &TrayController::gatewayToggled);
        menu.toggleAction()->trigger();
        QCOMPARE(toggled.size(), 1);
        QCOMPARE(toggled.at(0).at(0).toBool(), false);
        QVERIFY(!menu.toggleAction()->isEnabled()); // until the gateway got there
        m_monitor->gatewayStopped();
        QVERIFY(menu.toggleAction()->isEnabled());
        QCOMPARE(menu.statusAction()->text(), QString("Switchyard is stopped"));
        menu.toggleAction()->trigger();
        QCOMPARE(toggled.at(1).at(0).toBool(), true);
        m_monitor->gatewayStarted(4000, {"http://127.0.0.1:4000/v1"});
        QVERIFY(menu.toggleAction()->isEnabled());
        QVERIFY(menu.toggleAction()->isChecked());
    }

    void commands()
    {
        makeTray(nullptr);
        TrayMenu& menu = m_tray->trayMenu();
        QSignalSpy reload(m_tray.get(), &TrayController::reloadRequested);
        QSignalSpy quit(m_tray.get(), &TrayController::quitRequested);
        menu.reloadAction()->trigger();
        QCOMPARE(reload.size(), 1);
        menu.dashboardAction()->trigger();
        QVERIFY(m_tray->dashboard()->isVisible());
        QCOMPARE(m_tray->dashboard()->windowTitle(), QString("Switchyard Dashboard"));
        menu.quitAction()->trigger();
        QCOMPARE(quit.size(), 1);
        QVERIFY(!menu.quitAction()->isEnabled());
    }

    void launchAtLoginWritesTheAutostartEntry()
    {
#ifdef Q_OS_MACOS
        QSKIP("registers the real app with the system on macOS");
#endif
        makeTray(nullptr);
        QAction* login = m_tray->trayMenu().loginAction();
        QVERIFY(login->isVisible());
        QVERIFY(!login->isChecked());
        const QString entry = m_home->filePath("xdg/autostart/io.switchyard.Switchyard.desktop");
        login->trigger();
        QVERIFY(login->isChecked());
        QVERIFY(QFile::exists(entry));
        login->trigger();
        QVERIFY(!login->isChecked());
        QVERIFY(!QFile::exists(entry));
    }

    void managedServersHaveTheirSection()
    {
        makeTray(nullptr);
        QVERIFY(!m_tray->trayMenu().serversSection()->isVisible()); // no IServerControl: hidden
        cleanup();
        init();
        m_servers = std::make_unique<testing::FakeServerControl>();
        m_servers->list = {{"ollama", "ollama", 11434, ServerEntry::State::Ready, {}, {}},
                           {"lms", "lmstudio", 1234, ServerEntry::State::Failed, "exited with code 1", {}}};
        makeTray(m_servers.get());
        TrayMenu& menu = m_tray->trayMenu();
        QVERIFY(menu.serversSection()->isVisible());
        QCOMPARE(menu.serversSection()->menu(), menu.serversMenu()); // one "Servers" submenu
        QCOMPARE(menu.serversMenu()->actions().size(), 2);
        QCOMPARE(menu.serverMenus().size(), 2);
        QCOMPARE(menu.serverMenus().at(0)->title(), QString("ollama (port 11434): ready"));
        QCOMPARE(menu.serverMenus().at(1)->title(), QString("lms (port 1234): failed"));
        const QList<QAction*> ollama = menu.serverMenus().at(0)->actions(); // Start, Stop, Restart
        QVERIFY(!ollama.at(0)->isEnabled());
        QVERIFY(ollama.at(1)->isEnabled());
        ollama.at(1)->trigger();
        QCOMPARE(m_servers->calls, QStringList{"stop:ollama"});
        // The menus were rebuilt for the new state.
        QCOMPARE(menu.serverMenus().at(0)->title(), QString("ollama (port 11434): stopped"));
        menu.serverMenus().at(0)->actions().at(0)->trigger();
        menu.serverMenus().at(1)->actions().at(2)->trigger();
        QCOMPARE(m_servers->calls, (QStringList{"stop:ollama", "start:ollama", "restart:lms"}));
        QVERIFY(menu.serverMenus().at(1)->actions().last()->text().contains("exited with code 1"));
        m_servers->setState("ollama", ServerEntry::State::Crashed, "killed by signal 9");
        QCOMPARE(menu.serverMenus().at(0)->title(), QString("ollama (port 11434): crashed"));
        QVERIFY(menu.serverMenus().at(0)->actions().at(0)->isEnabled()); // Start again
        m_servers->set({});
        QVERIFY(!menu.serversSection()->isVisible());
    }

    void iconsDifferByState()
    {
        QList<QImage> images;
        for (const bool templateImage : {true, false}) {
            for (const auto state : {GatewayMonitor::State::Serving,
                                     GatewayMonitor::State::Degraded,
                                     GatewayMonitor::State::Stopped,
                                     GatewayMonitor::State::Error}) {
                const QIcon icon = TrayIcons::icon(state, templateImage);
                QCOMPARE(icon.isMask(), templateImage);
                const QImage image = icon.pixmap(44, 44).toImage();
                QVERIFY(!images.contains(image));
                if (templateImage) {
                    // A template image is black with alpha only.
                    for (int y = 0; y < image.height(); ++y) {
                        for (int x = 0; x < image.width(); ++x) {
                            const QColor c = image.pixelColor(x, y);
                            QVERIFY(c.alpha() == 0 || (c.red() == 0 && c.green() == 0 && c.blue() == 0));
                        }
                    }
                }
                images.append(image);
            }
        }
        makeTray(nullptr);
        m_monitor->gatewayStarted(4000, {"http://127.0.0.1:4000/v1"});
        QCOMPARE(m_tray->trayIcon()->toolTip(), QString("Switchyard: serving on http://127.0.0.1:4000/v1"));
    }
};

QTEST_MAIN(TestTrayController)
#include "TestTrayController.moc"
