#pragma once

#include "ui/tray/BaseUrls.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class QAction;
class QMenu;

namespace sy {

class GatewayMonitor;
class IServerControl;
struct ServerEntry;

/**
 * The tray's menu: the gateway's state and on/off switch, where it listens and its base URLs to
 * copy, the backends with their health and requests in flight, the managed local servers, and
 * the app's commands. It reads GatewayMonitor and updates its items in place once a second, so
 * an open menu stays live; items are re-created only when the set of backends changes.
 *
 * TrayController connects the command actions; tests trigger them directly.
 */
class TrayMenu : public QObject
{
    Q_OBJECT

public:
    /** Backends listed before "N more"; the dashboard has them all. */
    static constexpr int kMaxBackends = 12;

    TrayMenu(GatewayMonitor& monitor, IServerControl* servers, QObject* parent = nullptr);
    ~TrayMenu() override;

    QMenu* menu() const { return m_menu; }

    QAction* statusAction() const { return m_status; }
    QAction* toggleAction() const { return m_toggle; }
    QAction* listenAction() const { return m_listen; }
    QAction* lanHintAction() const { return m_lanHint; }
    QList<QAction*> copyActions() const { return m_copy; }
    QList<QAction*> backendActions() const { return m_backends; }
    /** One submenu per managed server (Start, Stop, Restart), inside serversMenu(). */
    QList<QMenu*> serverMenus() const { return m_serverMenus; }
    QMenu* serversMenu() const { return m_serversMenu; }
    /** The "Servers" item of the menu; hidden when there are no managed servers. */
    QAction* serversSection() const { return m_serversSection; }
    QAction* dashboardAction() const { return m_dashboard; }
    QAction* reloadAction() const { return m_reload; }
    QAction* loginAction() const { return m_login; }
    QAction* quitAction() const { return m_quit; }

    /** Where this machine's addresses come from; tests give fixed ones. */
    void setAddressSource(std::function<QList<BaseUrls::LocalAddress>()> source);

    /** Rereads everything: state, addresses, backends, servers. */
    void refresh();

signals:
    /** A copy action put @p url on the clipboard. */
    void urlCopied(const QString& url);

private:
    void updateState();
    void updateAddresses();
    void updateBackends();
    void updateServers();
    void addServerMenu(const ServerEntry& server);

    GatewayMonitor& m_monitor;
    QPointer<IServerControl> m_servers;
    std::function<QList<BaseUrls::LocalAddress>()> m_addressSource;
    QMenu* m_menu;
    QAction* m_status;
    QAction* m_toggle;
    QAction* m_listen;
    QAction* m_lanHint;
    QAction* m_addressesEnd; ///< separator: copy actions go before it
    QAction* m_backendsSection;
    QAction* m_backendsEnd;
    QMenu* m_serversMenu;
    QAction* m_serversSection;
    QAction* m_serversEnd;
    QAction* m_dashboard;
    QAction* m_reload;
    QAction* m_login;
    QAction* m_quit;
    QList<QAction*> m_copy;
    QList<QAction*> m_backends;
    QStringList m_backendIds; ///< of m_backends, to know when to re-create them
    QList<QMenu*> m_serverMenus;
};

} // namespace sy
