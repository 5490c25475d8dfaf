#pragma once

#include "gateway/core/GatewaySnapshot.h"
#include "ui/servers/IServerControl.h"

#include <QColor>
#include <QDateTime>
#include <QSize>
#include <QString>

#include <optional>

namespace sy::Format {

// How the dashboard and the tray write numbers, durations and states, translated and in the
// user's locale. One place, so every table says "1.2 s" the same way.

/** "850 ms", "1.2 s", "—" when unknown (negative). */
QString duration(double ms);
/** "12,345" in the user's locale. */
QString count(quint64 n);
/** "$0.0042", "$12.50": USD, with more digits for small amounts. */
QString usd(double amount);
/** "42.0/s". */
QString rate(double perSecond);
/** "12:04:05" today, a date and time otherwise; "—" for an invalid time. */
QString time(const QDateTime& utc, const QDateTime& nowUtc);
/** "Healthy", "Unhealthy", … */
QString health(BackendHealth health);
/** A cell wide enough for the longest health word and its colour dot, so tables fitted to their
    content do not cut "Cooling down" when it appears later. */
QSize healthCellSize();
/** A colour for @p health: green, red, amber, blue, grey. */
QColor healthColor(BackendHealth health);
/** "stopped", "starting", "ready", … (lower case: it follows a server's name). */
QString serverState(ServerEntry::State state);
/** The colour of the health a server's state amounts to. */
QColor serverColor(ServerEntry::State state);
/** "—" when nullopt. */
QString optionalCount(const std::optional<int>& n);
/** How long since @p utc: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
QString elapsed(const QDateTime& utc, const QDateTime& nowUtc);
/** A price per token as per million tokens: "$0.15 / 1M"; "free" for 0. */
QString perMillionTokens(double usdPerToken);

} // namespace sy::Format
