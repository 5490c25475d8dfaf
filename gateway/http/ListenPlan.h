#pragma once

#include "gateway/core/GatewayConfig.h"

#include <QHostAddress>
#include <QList>
#include <QStringList>

namespace sy {

/** The addresses to bind for `gateway.host`, and whether they stay on this machine. */
struct ListenPlan
{
    QList<QHostAddress> addresses;
    bool loopbackOnly = true;

    /**
     * "localhost" → 127.0.0.1 and ::1 (so localhost works whichever family a client resolves);
     * "0.0.0.0", "::" or "*" → one dual-stack socket for all addresses; anything else → that IP.
     */
    static ListenPlan forHost(const QString& host);

    /** Base URLs clients can use, e.g. http://127.0.0.1:4000/v1. */
    QStringList baseUrls(quint16 port) const;
};

} // namespace sy
