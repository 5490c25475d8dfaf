#include "gateway/core/GatewaySettings.h"

namespace sy {

bool AccessSettings::allows(const QHostAddress& peer) const
{
    if (allowedSubnets.isEmpty())
        return true;
    // Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d; compare them as IPv4.
    bool mapped = false;
    const QHostAddress v4(peer.toIPv4Address(&mapped));
    const QHostAddress& address = mapped ? v4 : peer;
    for (const auto& [subnet, prefix] : allowedSubnets) {
        if (address.isInSubnet(subnet, prefix))
            return true;
    }
    return false;
}

QByteArray CorsSettings::allowOriginFor(QByteArrayView origin) const
{
    if (allowedOrigins.contains(QStringLiteral("*")))
        return "*";
    const QString text = QString::fromUtf8(origin);
    return allowedOrigins.contains(text, Qt::CaseInsensitive) ? origin.toByteArray() : QByteArray();
}

} // namespace sy
