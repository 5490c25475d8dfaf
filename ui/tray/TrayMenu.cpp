#include "ui/tray/TrayMenu.h"

#include "ui/GatewayMonitor.h"
#include "ui/models/Format.h"
#include "ui/servers/IServerControl.h"
#include "ui/tray/TrayIcons.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QString firstLine(const QString& text, int max = 90)
{
    QString line = text.section(u'\n', 0, 0).trimmed();
    if (line.size() > max)
        line = line.left(max - 1) + u'…';
    return line;
}

QString where(const DeploymentSnapshot& d)
{
    const QUrl url(d.apiBase);
    if (!url.isValid() || url.host().isEmpty())
        return d.provider;
    return url.port() > 0 ? u"%1:%2"_s.arg(url.host()).arg(url.port()) : url.host();
}

QAction* header(QMenu* menu, const QString& text)
{
    QAction* a = menu->addAction(text);
    a->setEnabled(false);
    return a;
}

} // namespace

TrayMenu::TrayMenu(GatewayMonitor& monitor, IServerControl* servers, QObject* parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_servers(servers)
    , m_addressSource(&BaseUrls::localAddresses)
    , m_menu(new QMenu)
{
    m_status = header(m_menu, {});
    m_toggle = m_menu->addAction(tr("Gateway On"));
    m_toggle->setCheckable(true);
    m_listen = header(m_menu, {});
    m_lanHint = header(m_menu, tr("LAN access needs gateway.host 0.0.0.0 and a master key (Dashboard › Settings)"));
    m_addressesEnd = m_menu->addSeparator();

    m_backendsSection = header(m_menu, tr("Backends"));
    m_backendsEnd = m_menu->addSeparator();

    // One submenu for the managed servers keeps the menu short however many there are.
    m_serversMenu = new QMenu(tr("Servers"), m_menu);
    m_serversSection = m_menu->addMenu(m_serversMenu);
    m_serversEnd = m_menu->addSeparator();

    m_dashboard = m_menu->addAction(tr("Open Dashboard…"));
    m_reload = m_menu->addAction(tr("Reload Config"));
    m_login = m_menu->addAction(tr("Launch at Login"));
    m_login->setCheckable(true);
    m_menu->addSeparator();
    m_quit = m_menu->addAction(tr("Quit Switchyard"));
    m_quit->setMenuRole(QAction::QuitRole);

    connect(m_menu, &QMenu::aboutToShow, this, &TrayMenu::updateAddresses);
    connect(&m_monitor, &GatewayMonitor::stateChanged, this, [this] {
        updateState();
        updateAddresses();
    });
    connect(&m_monitor, &GatewayMonitor::snapshotUpdated, this, &TrayMenu::updateBackends);
    if (m_servers)
        connect(m_servers, &IServerControl::serversChanged, this, &TrayMenu::updateServers);
    refresh();
}

TrayMenu::~TrayMenu()
{
    delete m_menu; // a QMenu has no QObject parent here: the tray icon does not own it
}

void TrayMenu::setAddressSource(std::function<QList<BaseUrls::LocalAddress>()> source)
{
    m_addressSource = std::move(source);
    updateAddresses();
}

void TrayMenu::refresh()
{
    updateState();
    updateAddresses();
    updateBackends();
    updateServers();
}

void TrayMenu::updateState()
{
    switch (m_monitor.state()) {
    case GatewayMonitor::State::Starting:
        m_status->setText(tr("Switchyard is starting…"));
        break;
    case GatewayMonitor::State::Serving:
        m_status->setText(tr("Switchyard is serving"));
        break;
    case GatewayMonitor::State::Degraded:
        m_status->setText(tr("Degraded: %1").arg(firstLine(m_monitor.stateDetail())));
        break;
    case GatewayMonitor::State::Stopped:
        m_status->setText(tr("Switchyard is stopped"));
        break;
    case GatewayMonitor::State::Error:
        m_status->setText(tr("Cannot serve: %1").arg(firstLine(m_monitor.problem())));
        break;
    }
    m_status->setToolTip(m_monitor.state() == GatewayMonitor::State::Error ? m_monitor.problem() : QString());
    m_toggle->setChecked(m_monitor.isServing());
}

void TrayMenu::updateAddresses()
{
    qDeleteAll(m_copy);
    m_copy.clear();
    const BaseUrls::Listen listen = BaseUrls::listenFrom(m_monitor.baseUrls());
    const bool serving = m_monitor.isServing() && listen.port != 0;
    if (!serving)
        m_listen->setText(tr("Not listening"));
    else if (listen.scope == BaseUrls::Scope::Loopback)
        m_listen->setText(tr("Listening on localhost, port %1").arg(listen.port));
    else if (listen.scope == BaseUrls::Scope::AllInterfaces)
        m_listen->setText(tr("Listening on all interfaces, port %1").arg(listen.port));
    else
        m_listen->setText(tr("Listening on %1, port %2").arg(listen.address.toString()).arg(listen.port));
    m_lanHint->setVisible(serving && listen.scope == BaseUrls::Scope::Loopback);
    if (!serving)
        return;
    const QList<BaseUrls::Entry> entries = BaseUrls::entries(listen, m_addressSource());
    for (const BaseUrls::Entry& e : entries) {
        QString text;
        switch (e.kind) {
        case BaseUrls::Kind::Localhost:
            text = tr("Copy Base URL: localhost");
            break;
        case BaseUrls::Kind::Tailscale:
            text = tr("Copy Base URL: Tailscale (%1)").arg(e.address);
            break;
        case BaseUrls::Kind::Lan:
            text = tr("Copy Base URL: LAN (%1)").arg(e.address);
            break;
        }
        auto* action = new QAction(text, m_menu);
        action->setToolTip(e.url);
        action->setStatusTip(e.url);
        action->setData(e.url);
        connect(action, &QAction::triggered, this, [this, url = e.url] {
            QGuiApplication::clipboard()->setText(url);
            emit urlCopied(url);
        });
        m_menu->insertAction(m_addressesEnd, action);
        m_copy.append(action);
    }
}

void TrayMenu::updateBackends()
{
    const GatewaySnapshotPtr snapshot = m_monitor.snapshot();
    const QList<DeploymentSnapshot>& deployments = snapshot->deployments;
    QStringList ids;
    for (qsizetype i = 0; i < deployments.size() && i < kMaxBackends; ++i)
        ids << deployments.at(i).id;
    const qsizetype more = deployments.size() - ids.size();
    if (ids != m_backendIds || m_backends.size() != ids.size() + (more > 0 || ids.isEmpty() ? 1 : 0)) {
        qDeleteAll(m_backends);
        m_backends.clear();
        m_backendIds = ids;
        for (qsizetype i = 0; i < ids.size() + (more > 0 || ids.isEmpty() ? 1 : 0); ++i) {
            auto* action = new QAction(m_menu);
            connect(action, &QAction::triggered, m_dashboard, &QAction::trigger);
            m_menu->insertAction(m_backendsEnd, action);
            m_backends.append(action);
        }
    }
    if (ids.isEmpty()) {
        m_backends.constFirst()->setText(m_monitor.isServing() ? tr("No backends yet: is a model server running?")
                                                               : tr("No backends"));
        m_backends.constFirst()->setEnabled(false);
        return;
    }
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const DeploymentSnapshot& d = deployments.at(i);
        QAction* a = m_backends.at(i);
        a->setText(tr("%1 on %2: %3, %4 in flight").arg(d.group, where(d), Format::health(d.health)).arg(d.inFlight));
        a->setIcon(TrayIcons::dot(Format::healthColor(d.health)));
        a->setToolTip(d.lastError.isEmpty() ? d.apiBase : tr("Last error: %1").arg(d.lastError));
    }
    if (more > 0)
        m_backends.constLast()->setText(tr("%1 more in the dashboard…").arg(more));
}

void TrayMenu::updateServers()
{
    qDeleteAll(m_serverMenus);
    m_serverMenus.clear();
    const QList<ServerEntry> servers = m_servers ? m_servers->servers() : QList<ServerEntry>();
    m_serversSection->setVisible(!servers.isEmpty());
    m_serversEnd->setVisible(!servers.isEmpty());
    for (const ServerEntry& s : servers)
        addServerMenu(s);
}

void TrayMenu::addServerMenu(const ServerEntry& s)
{
    using State = ServerEntry::State;
    const QString title = s.port ? tr("%1 (port %2): %3").arg(s.name).arg(s.port).arg(Format::serverState(s.state))
                                 : tr("%1: %2").arg(s.name, Format::serverState(s.state));
    auto* menu = new QMenu(title, m_serversMenu);
    menu->setIcon(TrayIcons::dot(Format::serverColor(s.state)));
    const bool up = s.state == State::Ready || s.state == State::Starting;
    QAction* start = menu->addAction(tr("Start"));
    start->setEnabled(!up && s.state != State::Stopping);
    connect(start, &QAction::triggered, this, [this, name = s.name] {
        if (m_servers)
            m_servers->start(name);
    });
    QAction* stop = menu->addAction(tr("Stop"));
    stop->setEnabled(up);
    connect(stop, &QAction::triggered, this, [this, name = s.name] {
        if (m_servers)
            m_servers->stop(name);
    });
    QAction* restart = menu->addAction(tr("Restart"));
    restart->setEnabled(s.state != State::Stopping && s.state != State::Starting);
    connect(restart, &QAction::triggered, this, [this, name = s.name] {
        if (m_servers)
            m_servers->restart(name);
    });
    if (!s.lastError.isEmpty()) {
        menu->addSeparator();
        header(menu, tr("Last error: %1").arg(firstLine(s.lastError)));
    }
    m_serversMenu->addMenu(menu);
    m_serverMenus.append(menu);
}

} // namespace sy
