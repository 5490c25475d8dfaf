#include "ui/dashboard/DashboardWindow.h"

#include "ui/GatewayMonitor.h"
#include "ui/dashboard/KeysPage.h"
#include "ui/dashboard/ModelsPage.h"
#include "ui/dashboard/OverviewPage.h"
#include "ui/dashboard/RequestLogPage.h"
#include "ui/dashboard/ServersPage.h"
#include "ui/dashboard/SettingsPage.h"
#include "ui/dashboard/TryPage.h"
#include "ui/dashboard/UsagePage.h"

#include <QTabWidget>

namespace sy {

DashboardWindow::DashboardWindow(GatewayMonitor& monitor,
                                 const QString& configPath,
                                 const UiServices& services,
                                 QWidget* parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_overview(new OverviewPage(monitor, this))
    , m_models(new ModelsPage(monitor, this))
    , m_usage(new UsagePage(monitor, this))
    , m_requests(new RequestLogPage(monitor, this))
    , m_keys(new KeysPage(monitor, this))
    , m_servers(new ServersPage(services.serverControl, this))
    , m_try(new TryPage(monitor, configPath, this))
    , m_settings(new SettingsPage(configPath, services.writeSecret, this))
{
    setWindowTitle(tr("Switchyard Dashboard"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_overview, tr("Overview"));
    m_tabs->addTab(m_models, tr("Models"));
    m_tabs->addTab(m_usage, tr("Usage"));
    m_tabs->addTab(m_requests, tr("Requests"));
    m_tabs->addTab(m_keys, tr("Keys"));
    m_tabs->addTab(m_servers, tr("Servers"));
    m_tabs->addTab(m_try, tr("Try It"));
    m_tabs->addTab(m_settings, tr("Settings"));
    setCentralWidget(m_tabs);
    resize(1180, 820);
}

void DashboardWindow::showPage(Page page)
{
    m_tabs->setCurrentIndex(int(page));
}

} // namespace sy
