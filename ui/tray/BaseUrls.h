#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

namespace sy {

/**
 * The base URLs the tray offers to copy: localhost, the Tailscale address (100.64.0.0/10, or
 * fd7a:115c:a1e0::/48) when there is one, and the LAN addresses, as far as the gateway listens
 * on them.
 */
namespace BaseUrls {

enum class Kind
{
    Localhost,
    Tailscale,
    Lan,
};

struct Entry
{
    Kind kind;
    QString address; ///< as shown: "localhost", "100.101.102.103", "fd00::5"
    QString url; ///< http://host:port/v1
};

enum class Scope
{
    Loopback, ///< gateway.host localhost (or a loopback address)
    AllInterfaces, ///< 0.0.0.0 / ::
    OneAddress, ///< one specific address
};

/** Where the gateway listens, read from the base URLs it reported when it started. */
struct Listen
{
    Scope scope = Scope::Loopback;
    QString scheme = QStringLiteral("http");
    quint16 port = 0;
    QHostAddress address; ///< for OneAddress
};

/** One address of this machine, as QNetworkInterface reports it. */
struct LocalAddress
{
    QHostAddress address;
    QString interfaceName;
    bool temporary = false; ///< an IPv6 privacy address, which changes: not worth copying
};

/**
 * Reads the gateway's reported base URLs. ListenPlan reports 127.0.0.1 and [::1] for
 * localhost, 127.0.0.1 followed by the machine's addresses for 0.0.0.0/::, and the one address
 * otherwise.
 */
Listen listenFrom(const QStringList& reportedUrls);

/** The entries to offer, localhost first, then Tailscale, then the LAN (IPv4 before IPv6). */
QList<Entry> entries(const Listen& listen, const QList<LocalAddress>& addresses);

/** This machine's addresses: up, running, not loopback. */
QList<LocalAddress> localAddresses();

bool isTailscale(const QHostAddress& address);

} // namespace BaseUrls

} // namespace sy
