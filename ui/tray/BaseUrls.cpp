#include "ui/tray/BaseUrls.h"

#include <QNetworkInterface>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sy::BaseUrls {

namespace {

QString hostPart(const QHostAddress& a)
{
    return a.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + a.toString() + u']' : a.toString();
}

QString url(const Listen& listen, const QString& host)
{
    return u"%1://%2:%3/v1"_s.arg(listen.scheme, host).arg(listen.port);
}

/** Addresses nobody else can reach, or that are not this machine's own network. */
bool worthOffering(const LocalAddress& a)
{
    const QHostAddress& ip = a.address;
    if (ip.isLoopback() || ip.isLinkLocal() || ip.isMulticast() || a.temporary)
        return false;
    if (ip.protocol() == QAbstractSocket::IPv6Protocol && ip.toIPv4Address() != 0)
        return false; // an IPv4-mapped address: the IPv4 entry covers it
    // Container and VM bridges: reachable from this machine only.
    static const QStringList virtualPrefixes = {u"docker"_s, u"veth"_s, u"br-"_s, u"virbr"_s, u"vmnet"_s, u"cni"_s};
    for (const QString& prefix : virtualPrefixes) {
        if (a.interfaceName.startsWith(prefix))
            return false;
    }
    return true;
}

Entry entryFor(const Listen& listen, const QHostAddress& address)
{
    if (address.isLoopback())
        return {Kind::Localhost, u"localhost"_s, url(listen, u"localhost"_s)};
    return {isTailscale(address) ? Kind::Tailscale : Kind::Lan, address.toString(), url(listen, hostPart(address))};
}

} // namespace

bool isTailscale(const QHostAddress& address)
{
    static const auto v4 = QHostAddress::parseSubnet(u"100.64.0.0/10"_s);
    static const auto v6 = QHostAddress::parseSubnet(u"fd7a:115c:a1e0::/48"_s);
    return address.isInSubnet(v4) || address.isInSubnet(v6);
}

Listen listenFrom(const QStringList& reportedUrls)
{
    Listen listen;
    QList<QHostAddress> hosts;
    for (const QString& text : reportedUrls) {
        const QUrl u(text);
        listen.scheme = u.scheme().isEmpty() ? listen.scheme : u.scheme();
        listen.port = quint16(u.port(listen.port));
        hosts.append(QHostAddress(u.host()));
    }
    if (hosts.isEmpty())
        return listen;
    bool allLoopback = true;
    for (const QHostAddress& h : std::as_const(hosts))
        allLoopback = allLoopback && h.isLoopback();
    if (allLoopback) {
        listen.scope = Scope::Loopback;
    } else if (hosts.size() == 1) {
        listen.scope = Scope::OneAddress;
        listen.address = hosts.constFirst();
    } else {
        listen.scope = Scope::AllInterfaces;
    }
    return listen;
}

QList<Entry> entries(const Listen& listen, const QList<LocalAddress>& addresses)
{
    if (listen.port == 0)
        return {};
    if (listen.scope == Scope::Loopback)
        return {entryFor(listen, QHostAddress(QHostAddress::LocalHost))};
    if (listen.scope == Scope::OneAddress)
        return {entryFor(listen, listen.address)};

    QList<Entry> out{entryFor(listen, QHostAddress(QHostAddress::LocalHost))};
    QList<Entry> tailscale4, tailscale6, lan4, lan6;
    for (const LocalAddress& a : addresses) {
        if (!worthOffering(a) && !isTailscale(a.address))
            continue;
        const Entry e = entryFor(listen, a.address);
        const bool v4 = a.address.protocol() == QAbstractSocket::IPv4Protocol;
        QList<Entry>& into = e.kind == Kind::Tailscale ? (v4 ? tailscale4 : tailscale6) : (v4 ? lan4 : lan6);
        bool duplicate = false;
        for (const Entry& seen : std::as_const(into))
            duplicate = duplicate || seen.url == e.url;
        if (!duplicate)
            into.append(e);
    }
    // One Tailscale address is enough: its IPv4 one when it has both.
    return out + (tailscale4.isEmpty() ? tailscale6.mid(0, 1) : tailscale4.mid(0, 1)) + lan4 + lan6;
}

QList<LocalAddress> localAddresses()
{
    QList<LocalAddress> out;
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface& i : interfaces) {
        const auto flags = i.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) || !flags.testFlag(QNetworkInterface::IsRunning)
            || flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry& e : i.addressEntries())
            out.append({e.ip(), i.name(), e.isTemporary()});
    }
    return out;
}

} // namespace sy::BaseUrls
