#pragma once

#include "ui/UiServices.h"

#include <QMainWindow>

class QTabWidget;

namespace sy {

class GatewayMonitor;
class KeysPage;
class OverviewPage;
class RequestLogPage;
class ServersPage;
class SettingsPage;
class UsagePage;

/**
 * The dashboard: Overview (state, backends, charts), Usage (per key), Requests (the log), Keys,
 * Servers (managed local servers) and Settings. It reads GatewayMonitor, which keeps collecting while the window is
 * closed; closing the window only hides it.
 */
class DashboardWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum Page
    {
        Overview,
        Usage,
        Requests,
        Keys,
        Servers,
        Settings,
    };

    DashboardWindow(GatewayMonitor& monitor,
                    const QString& configPath,
                    const UiServices& services,
                    QWidget* parent = nullptr);

    void showPage(Page page);

    QTabWidget* tabs() const { return m_tabs; }
    OverviewPage* overview() const { return m_overview; }
    UsagePage* usage() const { return m_usage; }
    RequestLogPage* requests() const { return m_requests; }
    KeysPage* keys() const { return m_keys; }
    ServersPage* servers() const { return m_servers; }
    SettingsPage* settings() const { return m_settings; }

private:
    QTabWidget* m_tabs;
    OverviewPage* m_overview;
    UsagePage* m_usage;
    RequestLogPage* m_requests;
    KeysPage* m_keys;
    ServersPage* m_servers;
    SettingsPage* m_settings;
};

} // namespace sy
