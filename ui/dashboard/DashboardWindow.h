#pragma once

#include "ui/UiServices.h"

#include <QMainWindow>

class QTabWidget;

namespace sy {

class GatewayMonitor;
class KeysPage;
class ModelsPage;
class OverviewPage;
class RequestLogPage;
class ServersPage;
class SettingsPage;
class TryPage;
class UsagePage;

/**
 * The dashboard: Overview (state, backends, charts), Models (groups and deployments), Usage (per
 * key, and over time), Requests (the log, and each request in full), Keys, Servers (managed
 * local servers), Try (a test box) and Settings. It reads GatewayMonitor, which keeps collecting
 * while the window is closed; closing the window only hides it.
 */
class DashboardWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum Page
    {
        Overview,
        Models,
        Usage,
        Requests,
        Keys,
        Servers,
        Try,
        Settings,
    };

    DashboardWindow(GatewayMonitor& monitor,
                    const QString& configPath,
                    const UiServices& services,
                    QWidget* parent = nullptr);

    void showPage(Page page);

    QTabWidget* tabs() const { return m_tabs; }
    OverviewPage* overview() const { return m_overview; }
    ModelsPage* models() const { return m_models; }
    TryPage* tryPage() const { return m_try; }
    UsagePage* usage() const { return m_usage; }
    RequestLogPage* requests() const { return m_requests; }
    KeysPage* keys() const { return m_keys; }
    ServersPage* servers() const { return m_servers; }
    SettingsPage* settings() const { return m_settings; }

private:
    QTabWidget* m_tabs;
    OverviewPage* m_overview;
    ModelsPage* m_models;
    UsagePage* m_usage;
    RequestLogPage* m_requests;
    KeysPage* m_keys;
    ServersPage* m_servers;
    TryPage* m_try;
    SettingsPage* m_settings;
};

} // namespace sy
