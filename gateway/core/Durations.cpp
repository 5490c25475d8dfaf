#include "gateway/core/Durations.h"

#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QDateTime midnightOf(const QDateTime& utc)
{
    return QDateTime(utc.date(), QTime(0, 0), QTimeZone::utc());
}

QDateTime firstOfMonth(QDate date)
{
    return QDateTime(QDate(date.year(), date.month(), 1), QTime(0, 0), QTimeZone::utc());
}

} // namespace

std::optional<Duration> Duration::parse(const QString& text)
{
    static const QRegularExpression pattern(u"^\\s*(\\d{1,9})\\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|w|mo|y)?\\s*$"_s);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    Duration d;
    d.count = match.captured(1).toLongLong();
    if (d.count <= 0)
        return std::nullopt;
    const QString unit = match.captured(2);
    if (unit.isEmpty() || unit.startsWith(u's'))
        d.unit = Unit::Seconds;
    else if (unit == u"mo")
        d.unit = Unit::Months;
    else if (unit.startsWith(u'm'))
        d.unit = Unit::Minutes;
    else if (unit.startsWith(u'h'))
        d.unit = Unit::Hours;
    else if (unit == u"d")
        d.unit = Unit::Days;
    else if (unit == u"w")
        d.unit = Unit::Weeks;
    else
        d.unit = Unit::Years;
    return d;
}

QDateTime Duration::after(const QDateTime& from) const
{
    switch (unit) {
    case Unit::Seconds:
        return from.addSecs(count);
    case Unit::Minutes:
        return from.addSecs(count * 60);
    case Unit::Hours:
        return from.addSecs(count * 3600);
    case Unit::Days:
        return from.addDays(count);
    case Unit::Weeks:
        return from.addDays(count * 7);
    case Unit::Months:
        return from.addMonths(int(count));
    case Unit::Years:
        return from.addYears(int(count));
    }
    return from;
}

QDateTime Duration::nextBudgetReset(const QDateTime& now) const
{
    const QDateTime utc = now.toUTC();
    const QDateTime midnight = midnightOf(utc);
    switch (unit) {
    case Unit::Seconds:
    case Unit::Minutes:
        return after(utc);
    case Unit::Hours:
        return count == 24 ? midnight.addDays(1) : after(utc);
    case Unit::Days:
        if (count == 7)
            return midnight.addDays(8 - utc.date().dayOfWeek()); // Monday is day 1
        if (count == 30)
            return firstOfMonth(utc.date()).addMonths(1);
        return midnight.addDays(count);
    case Unit::Weeks:
        return midnight.addDays(8 - utc.date().dayOfWeek() + (count - 1) * 7);
    case Unit::Months:
        return firstOfMonth(utc.date()).addMonths(int(count));
    case Unit::Years:
        return QDateTime(QDate(utc.date().year() + int(count), 1, 1), QTime(0, 0), QTimeZone::utc());
    }
    return after(utc);
}

QDateTime Duration::nextBudgetResetAfter(const QDateTime& previousEnd, const QDateTime& now) const
{
    if (previousEnd.isValid() && previousEnd > now)
        return previousEnd;
    const bool calendar = unit != Unit::Seconds && unit != Unit::Minutes && !(unit == Unit::Hours && count != 24);
    if (calendar || !previousEnd.isValid())
        return nextBudgetReset(now);
    const qint64 periodMs = approximateSeconds() * 1000;
    const qint64 behindMs = previousEnd.msecsTo(now);
    return previousEnd.addMSecs((behindMs / periodMs + 1) * periodMs);
}

qint64 Duration::approximateSeconds() const
{
    constexpr qint64 day = 86'400;
    switch (unit) {
    case Unit::Seconds:
        return count;
    case Unit::Minutes:
        return count * 60;
    case Unit::Hours:
        return count * 3600;
    case Unit::Days:
        return count * day;
    case Unit::Weeks:
        return count * 7 * day;
    case Unit::Months:
        return count * 30 * day;
    case Unit::Years:
        return count * 365 * day;
    }
    return count;
}

} // namespace sy
