#pragma once

#include "gateway/core/Clock.h"

#include <QtGlobal>

#include <chrono>

namespace sy {

/** Tuning of UpstreamClient; the defaults suit local inference servers. */
struct UpstreamClientOptions
{
    /** Connections per origin, busy and idle together; 0 = unlimited. Excess calls queue FIFO. */
    int maxConnectionsPerOrigin = 0;
    /** Idle keep-alive connections are closed after this long; 0 = never. */
    std::chrono::milliseconds idleConnectionTimeout{30'000};
    /** Idle connections kept per origin; the rest are closed when released. */
    int maxIdlePerOrigin = 64;
    /** Cap on anything the client buffers, including one read's worth of decoded body. */
    qint64 maxResponseBytes = qint64(256) * 1024 * 1024;
    /** Verify TLS peers; switch off only for self-signed servers on a trusted LAN. */
    bool verifyTls = true;
    /** The time calls' timeouts are measured on; tests pass a manual clock. */
    const IClock* clock = &SystemClock::instance();
};

/** Pool activity, for tests and metrics. */
struct UpstreamClientCounters
{
    quint64 connectionsOpened = 0; ///< connection attempts started over the client's lifetime
    quint64 connectionsReused = 0; ///< requests sent on a pooled keep-alive connection
    int openConnections = 0; ///< connections that exist now: connecting, busy or idle
    int idleConnections = 0; ///< open connections parked in the pool
    int queuedCalls = 0; ///< calls waiting because maxConnectionsPerOrigin was reached
};

} // namespace sy
