#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace sy::testing {

/** One server-sent event: the raw block, its joined data: lines and its arrival time. */
struct SseEvent
{
    QByteArray raw;
    QByteArray event; // the "event:" field, usually empty
    QByteArray data;
    qint64 arrivalMs = -1;

    QJsonObject json() const;
};

} // namespace sy::testing
