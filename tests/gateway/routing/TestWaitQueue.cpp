#include "gateway/routing/WaitQueue.h"

#include <QElapsedTimer>
#include <QTest>

using namespace sy;

class TestWaitQueue : public QObject
{
    Q_OBJECT

private slots:
    void wakesWaitersOldestFirstUntilTheyAreServed()
    {
        WaitQueue queue;
        QStringList order;
        int freeSlots = 0;
        auto waiter = [&](const QString& name) {
            return [&order, &freeSlots, name] {
                if (freeSlots == 0)
                    return false;
                --freeSlots;
                order << name;
                return true;
            };
        };
        auto t1 = queue.enqueue(10, 10'000, waiter("first"), [] {});
        auto t2 = queue.enqueue(10, 10'000, waiter("second"), [] {});
        auto t3 = queue.enqueue(10, 10'000, waiter("third"), [] {});
        QCOMPARE(queue.size(), 3);
        freeSlots = 2;
        queue.wake();
        queue.wake(); // coalesced
        QTRY_COMPARE(order, (QStringList{"first", "second"}));
        QCOMPARE(queue.size(), 1);
        freeSlots = 1;
        queue.wake();
        QTRY_COMPARE(order.size(), 3);
        QCOMPARE(queue.size(), 0);
    }

    void aFullQueueRefuses()
    {
        WaitQueue queue;
        auto a = queue.enqueue(
            2, 10'000, [] { return false; }, [] {});
        auto b = queue.enqueue(
            2, 10'000, [] { return false; }, [] {});
        QVERIFY(a && b);
        QVERIFY(!queue.enqueue(
            2, 10'000, [] { return false; }, [] {}));
    }

    void waitersExpireOnTime()
    {
        WaitQueue queue;
        QElapsedTimer clock;
        clock.start();
        qint64 expiredAt = -1;
        auto ticket = queue.enqueue(
            10, 150, [] { return false; }, [&] { expiredAt = clock.elapsed(); });
        bool laterExpired = false;
        auto later = queue.enqueue(
            10, 600'000, [] { return false; }, [&] { laterExpired = true; });
        // Each waiter expires on its own time: the short one now, not before its 150 ms, and the
        // long one (ten minutes) stays.
        QTRY_VERIFY_WITH_TIMEOUT(expiredAt >= 0, 30'000);
        QVERIFY2(expiredAt >= 140, qPrintable(QString::number(expiredAt)));
        QVERIFY(!laterExpired);
        QCOMPARE(queue.size(), 1);
    }

    void droppingATicketLeavesTheQueue()
    {
        WaitQueue queue;
        bool called = false;
        auto ticket = queue.enqueue(
            10, 10'000, [&] { return called = true; }, [&] { called = true; });
        ticket.reset();
        QCOMPARE(queue.size(), 0);
        queue.wake();
        QTest::qWait(20);
        QVERIFY(!called);
    }

    void aTicketOutlivingItsQueueIsHarmless()
    {
        std::unique_ptr<WaitQueue::Ticket> ticket;
        {
            WaitQueue queue;
            ticket = queue.enqueue(
                10, 10'000, [] { return false; }, [] {});
        }
        ticket.reset();
    }
};

QTEST_GUILESS_MAIN(TestWaitQueue)
#include "TestWaitQueue.moc"
