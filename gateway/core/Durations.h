#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace sy {

/**
 * A LiteLLM duration, as /key/generate takes them for `duration` (key lifetime) and
 * `budget_duration` (budget period): "30s", "15m", "12h", "7d", "2w", "1mo", "1y", or a bare
 * number of seconds.
 */
struct Duration
{
    enum class Unit
    {
        Seconds,
        Minutes,
        Hours,
        Days,
        Weeks,
        Months,
        Years,
    };

    qint64 count = 0;
    Unit unit = Unit::Seconds;

    /** Parses @p text; nullopt for anything else (zero and negative counts included). */
    static std::optional<Duration> parse(const QString& text);

    /** @p from plus this duration; months and years are calendar months and years. */
    QDateTime after(const QDateTime& from) const;

    /**
     * When a budget period running at @p now ends, in UTC. Like LiteLLM, periods of a day or
     * more end on calendar boundaries: "1d"/"24h" at the next midnight, "7d"/"1w" on the next
     * Monday at midnight, "30d"/"1mo" on the first of the next month; other day and week counts
     * at the midnight that many days ahead; months and years on the first of the month (year).
     * Shorter periods simply run from @p now.
     */
    QDateTime nextBudgetReset(const QDateTime& now) const;
    /**
     * The end of the period running at @p now, after one that ended at @p previousEnd: on the
     * calendar as above, and for shorter periods keeping their phase (previousEnd plus whole
     * periods), so every instance and the database agree on it.
     */
    QDateTime nextBudgetResetAfter(const QDateTime& previousEnd, const QDateTime& now) const;

    /** The duration in whole seconds, months counted as 30 days and years as 365. */
    qint64 approximateSeconds() const;
};

} // namespace sy
