#pragma once

#include <QObject>
#include <QStringList>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace sy {

class GatewayHost;

/**
 * The menu-bar icon and its menu: what the gateway is doing and where it listens. It talks to
 * the gateway only through GatewayHost's queued signals.
 */
class TrayController : public QObject
{
    Q_OBJECT

public:
    TrayController(GatewayHost& host, const QString& configPath, QObject* parent = nullptr);
    ~TrayController() override;

    /** Shows a problem (config error, failure to listen) in the menu. */
    void showProblem(const QString& message);
    /** Reports the outcome of a config reload with a notification. */
    void showReloaded();
    void showReloadRejected(const QString& message);
    /** Tells the user where the default config was written. */
    void showDefaultConfigWritten(const QString& path);

    QMenu* menu() const { return m_menu; }
    QAction* copyUrlAction() const { return m_copyUrl; }
    QAction* statusAction() const { return m_status; }
    QAction* reloadAction() const { return m_reload; }

signals:
    void quitRequested();
    /** The user asked to reload the config file now. */
    void reloadRequested();

private:
    void onStarted(quint16 port, const QStringList& urls);

    GatewayHost& m_host;
    QSystemTrayIcon* m_tray;
    QMenu* m_menu;
    QAction* m_status;
    QAction* m_copyUrl;
    QAction* m_reload;
    QStringList m_urls;
};

} // namespace sy
