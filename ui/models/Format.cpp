#include "ui/models/Format.h"

#include <QCoreApplication>
#include <QFont>
#include <QFontMetrics>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace sy::Format {

namespace {

const QString kNone = u"—"_s;

} // namespace

QString duration(double ms)
{
    if (ms < 0)
        return kNone;
    const QLocale locale;
    if (ms < 1000)
        return QCoreApplication::translate("sy::Format", "%1 ms").arg(locale.toString(ms, 'f', 0));
    if (ms < 60'000)
        return QCoreApplication::translate("sy::Format", "%1 s").arg(locale.toString(ms / 1000, 'f', 1));
    return QCoreApplication::translate("sy::Format", "%1 min").arg(locale.toString(ms / 60'000, 'f', 1));
}

QString count(quint64 n)
{
    return QLocale().toString(n);
}

QString usd(double amount)
{
    // The locale places the sign and separators: "$0.71" in English, "0,71 $" in German.
    const int decimals = amount != 0 && qAbs(amount) < 0.01 ? 4 : 2;
    const QLocale locale;
    if (locale.language() == QLocale::C) // no convention of its own: write it as in English
        return u"$"_s + locale.toString(amount, 'f', decimals);
    return locale.toCurrencyString(amount, u"$"_s, decimals);
}

QString rate(double perSecond)
{
    return QCoreApplication::translate("sy::Format", "%1/s").arg(QLocale().toString(perSecond, 'f', 1));
}

QString time(const QDateTime& utc, const QDateTime& nowUtc)
{
    if (!utc.isValid())
        return kNone;
    const QDateTime local = utc.toLocalTime();
    const QLocale locale;
    if (local.date() == nowUtc.toLocalTime().date())
        return locale.toString(local.time(), u"HH:mm:ss"_s);
    return locale.toString(local, QLocale::ShortFormat);
}

QString health(BackendHealth health)
{
    switch (health) {
    case BackendHealth::Healthy:
        return QCoreApplication::translate("sy::Format", "Healthy");
    case BackendHealth::Unhealthy:
        return QCoreApplication::translate("sy::Format", "Unhealthy");
    case BackendHealth::CoolingDown:
        return QCoreApplication::translate("sy::Format", "Cooling down");
    case BackendHealth::Starting:
        return QCoreApplication::translate("sy::Format", "Starting");
    case BackendHealth::Stopped: // a managed server that is not running: the same word as its state
        return QCoreApplication::translate("sy::Format", "stopped");
    case BackendHealth::Unknown:
        break;
    }
    return QCoreApplication::translate("sy::Format", "Not checked");
}

QSize healthCellSize()
{
    const QFontMetrics fm{QFont()};
    int widest = 0;
    for (const BackendHealth h : {BackendHealth::Unknown,
                                  BackendHealth::Healthy,
                                  BackendHealth::Unhealthy,
                                  BackendHealth::CoolingDown,
                                  BackendHealth::Starting,
                                  BackendHealth::Stopped})
        widest = qMax(widest, fm.horizontalAdvance(health(h)));
    return {widest + fm.height() + 16, fm.height() + 6};
}

QColor healthColor(BackendHealth health)
{
    switch (health) {
    case BackendHealth::Healthy:
        return QColor(0x2e, 0xa0, 0x43);
    case BackendHealth::Unhealthy:
        return QColor(0xd1, 0x24, 0x2f);
    case BackendHealth::CoolingDown:
        return QColor(0xd4, 0x8a, 0x00);
    case BackendHealth::Starting:
        return QColor(0x21, 0x6e, 0xd8);
    case BackendHealth::Stopped:
    case BackendHealth::Unknown:
        break;
    }
    return QColor(0x8c, 0x95, 0x9f);
}

QString serverState(ServerEntry::State state)
{
    switch (state) {
    case ServerEntry::State::Stopped:
        return QCoreApplication::translate("sy::Format", "stopped");
    case ServerEntry::State::Starting:
        return QCoreApplication::translate("sy::Format", "starting");
    case ServerEntry::State::Ready:
        return QCoreApplication::translate("sy::Format", "ready");
    case ServerEntry::State::Stopping:
        return QCoreApplication::translate("sy::Format", "stopping");
    case ServerEntry::State::Crashed:
        return QCoreApplication::translate("sy::Format", "crashed");
    case ServerEntry::State::Failed:
        return QCoreApplication::translate("sy::Format", "failed");
    }
    return {};
}

QColor serverColor(ServerEntry::State state)
{
    switch (state) {
    case ServerEntry::State::Ready:
        return healthColor(BackendHealth::Healthy);
    case ServerEntry::State::Starting:
    case ServerEntry::State::Stopping:
        return healthColor(BackendHealth::Starting);
    case ServerEntry::State::Crashed:
    case ServerEntry::State::Failed:
        return healthColor(BackendHealth::Unhealthy);
    case ServerEntry::State::Stopped:
        break;
    }
    return healthColor(BackendHealth::Unknown);
}

QString optionalCount(const std::optional<int>& n)
{
    return n ? QLocale().toString(*n) : kNone;
}

QString elapsed(const QDateTime& utc, const QDateTime& nowUtc)
{
    if (!utc.isValid())
        return kNone;
    const qint64 s = qMax<qint64>(0, utc.secsTo(nowUtc));
    const QLocale l;
    if (s < 60)
        return QCoreApplication::translate("sy::Format", "%1 s").arg(l.toString(s));
    if (s < 3600)
        return QCoreApplication::translate("sy::Format", "%1 min").arg(l.toString(s / 60));
    if (s < 86'400)
        return QCoreApplication::translate("sy::Format", "%1 h %2 min")
            .arg(l.toString(s / 3600), l.toString(s % 3600 / 60));
    return QCoreApplication::translate("sy::Format", "%1 d %2 h")
        .arg(l.toString(s / 86'400), l.toString(s % 86'400 / 3600));
}

QString perMillionTokens(double usdPerToken)
{
    if (usdPerToken <= 0)
        return QCoreApplication::translate("sy::Format", "free");
    return QCoreApplication::translate("sy::Format", "%1 / 1M").arg(usd(usdPerToken * 1e6));
}

} // namespace sy::Format
