#include "ui/TrayController.h"

#include "ui/GatewayMonitor.h"
#include "ui/Notifier.h"
#include "ui/dashboard/DashboardWindow.h"
#include "ui/keys/KeyDirectory.h"
#include "ui/platform/LoginItem.h"
#include "ui/tray/TrayIcons.h"
#include "ui/tray/TrayMenu.h"

#include <QAction>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QTimer>

namespace sy {

TrayController::TrayController(GatewayMonitor& monitor,
                               const QString& configPath,
                               const UiServices& services,
                               QObject* parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_configPath(configPath)
    , m_services(services)
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(new TrayMenu(monitor, services.serverControl, this))
    , m_notifier(new Notifier(monitor.clock(), this))
    , m_loginItem(std::make_unique<LoginItem>())
{
    m_tray->setContextMenu(m_menu->menu());
    updateIcon();
    m_tray->show();

    connect(&m_monitor, &GatewayMonitor::stateChanged, this, &TrayController::updateIcon);
    connect(&m_monitor, &GatewayMonitor::snapshotUpdated, this, [this] {
        m_notifier->setSnapshot(m_monitor.snapshot());
        updateIcon(); // the tooltip's detail can change without a new state
    });
    connect(
        &m_monitor.keys(), &KeyDirectory::keysUpdated, this, [this] { m_notifier->setKeys(m_monitor.keys().keys()); });
    connect(
        &m_monitor.keys(), &KeyDirectory::usageUpdated, this, [this] { m_notifier->setKeys(m_monitor.keys().keys()); });
    connect(m_notifier, &Notifier::notify, this, [this](const QString& title, const QString& message, bool warning) {
        m_tray->showMessage(title, message, warning ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, 8000);
    });
    // A click on the icon opens the menu on macOS; elsewhere a left click opens the dashboard.
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger && !TrayIcons::wantsTemplateImages())
            openDashboard();
    });

    // The switch waits for the gateway to get where it was sent: a second click before that
    // would queue a start behind a stop still draining.
    connect(m_menu->toggleAction(), &QAction::triggered, this, [this](bool on) {
        m_menu->toggleAction()->setEnabled(false);
        QTimer::singleShot(15'000, m_menu->toggleAction(), [this] { m_menu->toggleAction()->setEnabled(true); });
        emit gatewayToggled(on);
    });
    connect(&m_monitor, &GatewayMonitor::stateChanged, m_menu->toggleAction(), [this] {
        m_menu->toggleAction()->setEnabled(true);
    });
    connect(m_menu->dashboardAction(), &QAction::triggered, this, &TrayController::openDashboard);
    connect(m_menu->reloadAction(), &QAction::triggered, this, &TrayController::reloadRequested);
    connect(m_menu->quitAction(), &QAction::triggered, this, [this] {
        m_menu->quitAction()->setEnabled(false);
        emit quitRequested();
    });
    m_menu->loginAction()->setVisible(m_loginItem->isSupported());
    m_menu->loginAction()->setChecked(m_loginItem->isEnabled());
    connect(m_menu->loginAction(), &QAction::triggered, this, &TrayController::onLoginToggled);
}

TrayController::~TrayController()
{
    delete m_dashboard;
}

DashboardWindow* TrayController::dashboard() const
{
    return m_dashboard;
}

QMenu* TrayController::menu() const
{
    return m_menu->menu();
}

void TrayController::openDashboard()
{
    if (!m_dashboard)
        m_dashboard = new DashboardWindow(m_monitor, m_configPath, m_services);
    m_dashboard->show();
    m_dashboard->raise();
    m_dashboard->activateWindow();
}

void TrayController::updateIcon()
{
    const GatewayMonitor::State state = m_monitor.state();
    m_tray->setIcon(TrayIcons::icon(state, TrayIcons::wantsTemplateImages()));
    QString tip;
    switch (state) {
    case GatewayMonitor::State::Starting:
        tip = tr("Switchyard: starting");
        break;
    case GatewayMonitor::State::Serving:
        tip = tr("Switchyard: serving on %1").arg(m_monitor.baseUrls().value(0));
        break;
    case GatewayMonitor::State::Degraded:
        tip = tr("Switchyard: degraded (%1)").arg(m_monitor.stateDetail());
        break;
    case GatewayMonitor::State::Stopped:
        tip = tr("Switchyard: stopped");
        break;
    case GatewayMonitor::State::Error:
        tip = tr("Switchyard: error");
        break;
    }
    m_tray->setToolTip(tip);
}

void TrayController::onLoginToggled(bool on)
{
    QString error;
    if (!m_loginItem->setEnabled(on, &error)) {
        m_tray->showMessage(tr("Launch at Login"), error, QSystemTrayIcon::Warning);
    }
    m_menu->loginAction()->setChecked(m_loginItem->isEnabled());
}

void TrayController::showReloaded()
{
    m_tray->showMessage(tr("Switchyard"), tr("Config reloaded."), QSystemTrayIcon::Information, 3000);
}

void TrayController::showReloadRejected(const QString& message)
{
    m_tray->showMessage(tr("Config not reloaded"),
                        tr("The previous config keeps serving.\n%1").arg(message.left(400)),
                        QSystemTrayIcon::Warning);
}

void TrayController::showDefaultConfigWritten(const QString& path)
{
    m_tray->showMessage(tr("Switchyard"),
                        tr("No config found: wrote a default one to %1. It serves the models of LM Studio, "
                           "Ollama, llama.cpp and vLLM running on this machine.")
                            .arg(path),
                        QSystemTrayIcon::Information);
}

void TrayController::showProblem(const QString& message)
{
    m_monitor.setConfigProblem(message);
    m_menu->toggleAction()->setEnabled(true);
    m_tray->showMessage(tr("Switchyard"), message.left(400), QSystemTrayIcon::Warning);
}

} // namespace sy
