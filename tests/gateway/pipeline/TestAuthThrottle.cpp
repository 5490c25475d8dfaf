#include "gateway/pipeline/AuthThrottle.h"
#include "tests/support/ManualClock.h"

#include <QTest>

using namespace sy;
using sy::testing::ManualClock;

// Online key guessing: failures per address and minute, then 429 with a growing Retry-After.
class TestAuthThrottle : public QObject
{
    Q_OBJECT

private slots:
    void locksOutAfterTheLimitAndTheWaitGrows()
    {
        ManualClock clock;
        AuthThrottle throttle(clock);
        throttle.setLimit(3);
        const QHostAddress peer(QStringLiteral("192.168.1.50"));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(throttle.admit(peer), 0);
            throttle.noteFailure(peer);
        }
        QCOMPARE(throttle.admit(peer), 0); // three failures are allowed
        throttle.noteFailure(peer); // the fourth starts a lockout
        const int first = throttle.admit(peer);
        QVERIFY(first > 0);
        const int second = throttle.admit(peer); // trying while refused lengthens the wait
        QVERIFY2(second > first, qPrintable(QString("%1 then %2").arg(first).arg(second)));
        const int third = throttle.admit(peer);
        QVERIFY(third > second);
        // Another address is not affected.
        QCOMPARE(throttle.admit(QHostAddress(QStringLiteral("192.168.1.51"))), 0);
    }

    void aClientThatWaitsIsLetInAgain()
    {
        ManualClock clock;
        AuthThrottle throttle(clock);
        throttle.setLimit(2);
        const QHostAddress peer(QStringLiteral("10.0.0.9"));
        for (int i = 0; i < 3; ++i)
            throttle.noteFailure(peer);
        const int wait = throttle.admit(peer);
        QVERIFY(wait > 0);
        clock.advance(qint64(wait) * 1000 + 1);
        QCOMPARE(throttle.admit(peer), 0);
        // A minute of quiet later the failures are forgotten: two more are allowed again.
        clock.advance(61'000);
        throttle.noteFailure(peer);
        throttle.noteFailure(peer);
        QCOMPARE(throttle.admit(peer), 0);
    }

    void failuresOutsideTheMinuteDoNotAddUp()
    {
        ManualClock clock;
        AuthThrottle throttle(clock);
        throttle.setLimit(2);
        const QHostAddress peer(QStringLiteral("10.0.0.9"));
        for (int i = 0; i < 10; ++i) {
            throttle.noteFailure(peer);
            clock.advance(31'000);
        }
        QCOMPARE(throttle.admit(peer), 0);
    }

    void theWaitIsCapped()
    {
        ManualClock clock;
        AuthThrottle throttle(clock);
        throttle.setLimit(1);
        const QHostAddress peer(QStringLiteral("10.0.0.9"));
        throttle.noteFailure(peer);
        throttle.noteFailure(peer);
        int wait = 0;
        for (int i = 0; i < 100; ++i)
            wait = throttle.admit(peer);
        QCOMPARE(wait, 3600);
    }

    void ipv6CountsPerSlash64AndMappedIpv4AsIpv4()
    {
        ManualClock clock;
        AuthThrottle throttle(clock);
        throttle.setLimit(1);
        throttle.noteFailure(QHostAddress(QStringLiteral("2001:db8:1:2::a")));
        throttle.noteFailure(QHostAddress(QStringLiteral("2001:db8:1:2::b"))); // same /64: the limit is passed
        QVERIFY(throttle.admit(QHostAddress(QStringLiteral("2001:db8:1:2:ffff::1"))) > 0);
        QCOMPARE(throttle.admit(QHostAddress(QStringLiteral("2001:db8:1:3::a"))), 0);
        throttle.noteFailure(QHostAddress(QStringLiteral("::ffff:127.0.0.1")));
        throttle.noteFailure(QHostAddress(QStringLiteral("127.0.0.1")));
        QVERIFY(throttle.admit(QHostAddress(QStringLiteral("127.0.0.1"))) > 0);
    }

    void offMeansOff()
    {
        ManualClock clock;
        AuthThrottle throttle(clock);
        throttle.setLimit(0);
        const QHostAddress peer(QStringLiteral("10.0.0.9"));
        for (int i = 0; i < 100; ++i)
            throttle.noteFailure(peer);
        QCOMPARE(throttle.admit(peer), 0);
        QCOMPARE(throttle.trackedAddresses(), 0);
    }

    void tracksABoundedNumberOfAddresses()
    {
        ManualClock clock;
        AuthThrottle throttle(clock);
        throttle.setLimit(5);
        for (quint32 i = 0; i < quint32(AuthThrottle::kMaxAddresses) * 3; ++i) {
            throttle.noteFailure(QHostAddress(0x0a000000u + i));
            if (i % 1000 == 0)
                clock.advance(61'000); // older addresses go quiet
        }
        QVERIFY(throttle.trackedAddresses() <= AuthThrottle::kMaxAddresses);
    }
};

QTEST_GUILESS_MAIN(TestAuthThrottle)
#include "TestAuthThrottle.moc"
