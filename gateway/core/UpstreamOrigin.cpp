#include "gateway/core/UpstreamOrigin.h"

#include <QHashFunctions>
#include <QHostAddress>
#include <QList>
#include <QPair>

using namespace Qt::StringLiterals;

namespace sy {

QString UpstreamOrigin::toString() const
{
    // IPv6 literals are bracketed, as in a URL, so the port separator stays unambiguous.
    const QString hostPart = host.contains(u':') ? u'[' + host + u']' : host;
    return (tls ? u"https://"_s : u"http://"_s) + hostPart + u':' + QString::number(port);
}

bool UpstreamOrigin::isLocalHost(const QString& host)
{
    const QString h = host.toLower();
    if (h == u"localhost" || h.endsWith(u".localhost") || h.endsWith(u".local") || h.endsWith(u".lan")
        || h.endsWith(u".home.arpa") || h.endsWith(u".internal") || h.endsWith(u".ts.net"))
        return true;
    const QHostAddress address(h);
    if (address.isNull())
        return !h.contains(u'.'); // a bare name such as "gpu-box" is a LAN machine
    // 0.0.0.0 is how LiteLLM's docs write "this machine" in an api_base.
    if (address.isLoopback() || address.isLinkLocal() || address == QHostAddress::AnyIPv4
        || address == QHostAddress::AnyIPv6)
        return true;
    // Private networks (QHostAddress::isPrivateUse needs Qt 6.6), and Tailscale's CGNAT range.
    static const QList<QPair<QHostAddress, int>> kPrivate{QHostAddress::parseSubnet(u"10.0.0.0/8"_s),
                                                          QHostAddress::parseSubnet(u"172.16.0.0/12"_s),
                                                          QHostAddress::parseSubnet(u"192.168.0.0/16"_s),
                                                          QHostAddress::parseSubnet(u"100.64.0.0/10"_s),
                                                          QHostAddress::parseSubnet(u"fc00::/7"_s)};
    return std::any_of(
        kPrivate.cbegin(), kPrivate.cend(), [&](const auto& subnet) { return address.isInSubnet(subnet); });
}

size_t qHash(const UpstreamOrigin& origin, size_t seed) noexcept
{
    return qHashMulti(seed, origin.tls, origin.host, origin.port);
}

} // namespace sy
