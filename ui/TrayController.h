#pragma once

#include "ui/UiServices.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace sy {

class DashboardWindow;
class GatewayMonitor;
class LoginItem;
class Notifier;
class TrayMenu;

/**
 * The menu-bar app's face: the tray icon (its state drawn in), the menu, notifications and the
 * dashboard window. It knows the gateway only through GatewayMonitor, which GatewayHost's
 * queued signals feed, and asks for changes (on/off, reload, quit) with signals that
 * app/main.cpp connects to the session.
 */
class TrayController : public QObject
{
    Q_OBJECT

public:
    TrayController(GatewayMonitor& monitor,
                   const QString& configPath,
                   const UiServices& services = {},
                   QObject* parent = nullptr);
    ~TrayController() override;

    /** Shows a problem (config error, failure to listen) in the menu. */
    void showProblem(const QString& message);
    /** Reports the outcome of a config reload with a notification. */
    void showReloaded();
    void showReloadRejected(const QString& message);
    /** Tells the user where the default config was written. */
    void showDefaultConfigWritten(const QString& path);

    TrayMenu& trayMenu() const { return *m_menu; }
    QMenu* menu() const;
    QSystemTrayIcon* trayIcon() const { return m_tray; }
    Notifier& notifier() const { return *m_notifier; }
    /** The dashboard, once opened; null before. */
    DashboardWindow* dashboard() const;
    /** Opens the dashboard (creating it the first time) and brings it to the front. */
    void openDashboard();

signals:
    /** The user turned the gateway on or off. */
    void gatewayToggled(bool on);
    /** The user asked to reload the config file now. */
    void reloadRequested();
    void quitRequested();

private:
    void updateIcon();
    void onLoginToggled(bool on);

    GatewayMonitor& m_monitor;
    QString m_configPath;
    UiServices m_services;
    QSystemTrayIcon* m_tray;
    TrayMenu* m_menu;
    Notifier* m_notifier;
    std::unique_ptr<LoginItem> m_loginItem;
    QPointer<DashboardWindow> m_dashboard;
};

} // namespace sy
