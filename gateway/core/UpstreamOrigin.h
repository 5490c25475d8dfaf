#pragma once

#include <QString>

namespace sy {

/** Where an upstream lives: the connection pool keys on this. */
struct UpstreamOrigin
{
    bool tls = false;
    QString host; ///< host name or IP literal, without brackets
    quint16 port = 80;

    bool operator==(const UpstreamOrigin&) const = default;
    QString toString() const;
    /** A host on this machine or a private network (LAN, Tailscale), as opposed to a provider's. */
    static bool isLocalHost(const QString& host);
};

size_t qHash(const UpstreamOrigin& origin, size_t seed = 0) noexcept;

} // namespace sy
