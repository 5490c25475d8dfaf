#pragma once

#include <QList>
#include <QtGlobal>

namespace sy {

/**
 * One second of traffic, counted by the requests that ended in it: what the charts draw. Made
 * on the gateway thread (TrafficHistory) and handed to the faces in snapshots and history
 * queries, so the tray and the web UI draw the same numbers.
 */
struct TrafficSecond
{
    qint64 second = 0; ///< UTC seconds since the epoch
    quint32 requests = 0;
    quint32 clientErrors = 0; ///< 4xx (a budget or rate-limit refusal too), but not 499
    quint32 serverErrors = 0; ///< 5xx: the backends' or the gateway's trouble
    quint64 promptTokens = 0;
    quint64 completionTokens = 0;
    quint32 ttftCount = 0; ///< streams that succeeded and reported a first token
    float ttftP50 = -1; ///< ms; -1 without ttftCount
    float ttftP95 = -1;

    bool operator==(const TrafficSecond&) const = default;
};

/** Sums over a stretch of seconds. */
struct TrafficTotals
{
    quint64 requests = 0;
    quint64 clientErrors = 0;
    quint64 serverErrors = 0;
    quint64 promptTokens = 0;
    quint64 completionTokens = 0;

    bool operator==(const TrafficTotals&) const = default;
};

} // namespace sy
