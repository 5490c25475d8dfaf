#include "gateway/core/Durations.h"

#include <QTest>
#include <QTimeZone>

using namespace sy;

namespace {

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::utc());
}

} // namespace

class TestDurations : public QObject
{
    Q_OBJECT

private slots:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds"); // -1: invalid
        QTest::newRow("seconds") << "30s" << qint64(30);
        QTest::newRow("bare number") << "3600" << qint64(3600);
        QTest::newRow("minutes") << "15m" << qint64(900);
        QTest::newRow("hours") << "12h" << qint64(43200);
        QTest::newRow("days") << "7d" << qint64(7 * 86400);
        QTest::newRow("weeks") << "2w" << qint64(14 * 86400);
        QTest::newRow("months") << "1mo" << qint64(30 * 86400);
        QTest::newRow("years") << "1y" << qint64(365 * 86400);
        QTest::newRow("spaces") << " 5 m " << qint64(300);
        QTest::newRow("zero") << "0d" << qint64(-1);
        QTest::newRow("negative") << "-1d" << qint64(-1);
        QTest::newRow("unit only") << "d" << qint64(-1);
        QTest::newRow("unknown unit") << "3 fortnights" << qint64(-1);
        QTest::newRow("fraction") << "1.5h" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
    }

    void parses()
    {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const std::optional<Duration> d = Duration::parse(text);
        QCOMPARE(d.has_value(), seconds >= 0);
        if (d)
            QCOMPARE(d->approximateSeconds(), seconds);
    }

    void afterUsesCalendarMonths()
    {
        QCOMPARE(Duration::parse(QStringLiteral("1mo"))->after(utc(2026, 1, 31, 12)), utc(2026, 2, 28, 12));
        QCOMPARE(Duration::parse(QStringLiteral("2h"))->after(utc(2026, 1, 31, 23)), utc(2026, 2, 1, 1));
        QCOMPARE(Duration::parse(QStringLiteral("1y"))->after(utc(2024, 2, 29)), utc(2025, 2, 28));
    }

    void budgetPeriodsEndOnCalendarBoundaries_data()
    {
        QTest::addColumn<QString>("duration");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QDateTime>("reset");
        const QDateTime wed = utc(2026, 3, 11, 15, 30); // a Wednesday
        QTest::newRow("seconds run from now") << "30s" << wed << wed.addSecs(30);
        QTest::newRow("hours run from now") << "2h" << wed << wed.addSecs(7200);
        QTest::newRow("24h is daily") << "24h" << wed << utc(2026, 3, 12);
        QTest::newRow("1d: next midnight") << "1d" << wed << utc(2026, 3, 12);
        QTest::newRow("3d: midnight 3 days on") << "3d" << wed << utc(2026, 3, 14);
        QTest::newRow("7d: next Monday") << "7d" << wed << utc(2026, 3, 16);
        QTest::newRow("1w: next Monday") << "1w" << wed << utc(2026, 3, 16);
        QTest::newRow("7d on a Monday: the next one") << "7d" << utc(2026, 3, 16, 0, 0, 1) << utc(2026, 3, 23);
        QTest::newRow("2w") << "2w" << wed << utc(2026, 3, 23);
        QTest::newRow("30d: first of next month") << "30d" << wed << utc(2026, 4, 1);
        QTest::newRow("1mo: first of next month") << "1mo" << utc(2026, 12, 31, 23) << utc(2027, 1, 1);
        QTest::newRow("1y: next new year") << "1y" << wed << utc(2027, 1, 1);
    }

    void budgetPeriodsEndOnCalendarBoundaries()
    {
        QFETCH(QString, duration);
        QFETCH(QDateTime, now);
        QFETCH(QDateTime, reset);
        QCOMPARE(Duration::parse(duration)->nextBudgetReset(now), reset);
        QVERIFY(reset > now);
    }

    void shortPeriodsKeepTheirPhase()
    {
        const Duration hour = *Duration::parse(QStringLiteral("1h"));
        const QDateTime ended = utc(2026, 3, 11, 15, 30);
        QCOMPARE(hour.nextBudgetResetAfter(ended, ended), utc(2026, 3, 11, 16, 30));
        QCOMPARE(hour.nextBudgetResetAfter(ended, utc(2026, 3, 11, 18, 45)), utc(2026, 3, 11, 19, 30));
        QCOMPARE(hour.nextBudgetResetAfter(ended, ended.addSecs(-5)), ended); // not over yet
        const Duration day = *Duration::parse(QStringLiteral("1d"));
        QCOMPARE(day.nextBudgetResetAfter(utc(2026, 3, 11), utc(2026, 3, 13, 8)), utc(2026, 3, 14));
    }
};

QTEST_APPLESS_MAIN(TestDurations)
#include "TestDurations.moc"
