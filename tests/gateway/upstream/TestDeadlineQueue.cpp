#include "gateway/upstream/DeadlineQueue.h"

#include <QTest>

using namespace sy;

class TestDeadlineQueue : public QObject
{
    Q_OBJECT

private slots:
    void takesOnlyWhatIsDue();
    void dueInDeadlineOrderAcrossSpans();
    void movingPutsAnEntryAtTheBackOfItsSpan();
    void cancelledEntriesNeverFallDue();
    void pruneDropsEmptiedSpans();
    void entriesOutliveTheQueue();
};

namespace {

// Owners are only compared by address here.
int a, b, c;

} // namespace

void TestDeadlineQueue::takesOnlyWhatIsDue()
{
    DeadlineQueue q;
    DeadlineQueue::Entry e(&a);
    QVERIFY(q.isEmpty());
    q.schedule(e, 1000, 50);
    QCOMPARE(e.due, qint64(1050));
    QVERIFY(e.isQueued());
    QVERIFY(!q.takeDue(1049));
    QCOMPARE(q.takeDue(1050), &e);
    QVERIFY(!e.isQueued());
    QVERIFY(q.isEmpty());
    QVERIFY(!q.takeDue(5000));
}

void TestDeadlineQueue::dueInDeadlineOrderAcrossSpans()
{
    DeadlineQueue q;
    DeadlineQueue::Entry slow(&a), fast(&b), later(&c);
    q.schedule(slow, 0, 100); // due 100
    q.schedule(fast, 10, 30); // due 40
    q.schedule(later, 20, 100); // due 120, behind slow in the same span
    QCOMPARE(q.size(), qsizetype(3));
    QVERIFY(!q.takeDue(39));
    QCOMPARE(q.takeDue(45), &fast);
    QVERIFY(!q.takeDue(45));
    QCOMPARE(q.takeDue(110), &slow);
    QVERIFY(!q.takeDue(110));
    QCOMPARE(q.takeDue(120)->owner, static_cast<void*>(&c));
    QVERIFY(q.isEmpty());
}

void TestDeadlineQueue::movingPutsAnEntryAtTheBackOfItsSpan()
{
    // An idle deadline moves on every read of its stream.
    DeadlineQueue q;
    DeadlineQueue::Entry first(&a), second(&b);
    q.schedule(first, 0, 100);
    q.schedule(second, 10, 100);
    q.schedule(first, 50, 100); // now due 150, after second's 110
    QCOMPARE(q.size(), qsizetype(2));
    QCOMPARE(q.takeDue(120), &second);
    QVERIFY(!q.takeDue(120));
    QCOMPARE(q.takeDue(150), &first);
}

void TestDeadlineQueue::cancelledEntriesNeverFallDue()
{
    DeadlineQueue q;
    DeadlineQueue::Entry one(&a), two(&b), three(&c);
    q.schedule(one, 0, 10);
    q.schedule(two, 0, 10);
    q.schedule(three, 0, 10);
    q.cancel(two); // from the middle of its list
    q.cancel(two); // twice is harmless
    QCOMPARE(q.size(), qsizetype(2));
    QCOMPARE(two.due, qint64(-1));
    QCOMPARE(q.takeDue(10), &one);
    QCOMPARE(q.takeDue(10), &three);
    QVERIFY(!q.takeDue(10));
}

void TestDeadlineQueue::pruneDropsEmptiedSpans()
{
    DeadlineQueue q;
    DeadlineQueue::Entry e(&a), f(&b);
    q.schedule(e, 0, 7);
    q.schedule(f, 0, 9);
    q.cancel(e);
    q.prune();
    QCOMPARE(q.size(), qsizetype(1));
    QCOMPARE(q.takeDue(9), &f);
    q.schedule(e, 10, 7); // a pruned span comes back when used again
    QCOMPARE(q.takeDue(17), &e);
}

void TestDeadlineQueue::entriesOutliveTheQueue()
{
    DeadlineQueue::Entry e(&a);
    {
        DeadlineQueue q;
        q.schedule(e, 0, 10);
    }
    QVERIFY(!e.isQueued());
    DeadlineQueue other;
    other.schedule(e, 0, 5);
    QCOMPARE(other.takeDue(5), &e);
}

QTEST_GUILESS_MAIN(TestDeadlineQueue)
#include "TestDeadlineQueue.moc"
