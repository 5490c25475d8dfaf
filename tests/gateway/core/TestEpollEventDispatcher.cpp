// The gateway thread's epoll dispatcher. This test's own main thread runs on it (see main()
// below), so QTest's waits, QTimer and QTcpSocket here all go through it.
#include "gateway/core/EpollEventDispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <memory>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace sy;
using namespace Qt::StringLiterals;

namespace {

EpollEventDispatcher* dispatcher()
{
    return qobject_cast<EpollEventDispatcher*>(QAbstractEventDispatcher::instance());
}

// A connected pair of Unix stream sockets, closed with the object.
struct SocketPair
{
    int fds[2] = {-1, -1};
    SocketPair() { ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds); }
    ~SocketPair()
    {
        for (int fd : fds) {
            if (fd >= 0)
                ::close(fd);
        }
    }
    void send(const char* bytes) const { QVERIFY(::write(fds[1], bytes, strlen(bytes)) > 0); }
    void drain() const
    {
        char buf[4096];
        while (::read(fds[0], buf, sizeof buf) > 0) { }
    }
};

class TimerCounter : public QObject
{
public:
    QList<int> fired;
    std::function<void(int)> onFire;

protected:
    void timerEvent(QTimerEvent* event) override
    {
        fired.append(event->timerId());
        if (onFire)
            onFire(event->timerId());
    }
};

} // namespace

class TestEpollEventDispatcher : public QObject
{
    Q_OBJECT

private slots:
    void theMainThreadRunsOnIt();

    void singleShotTimersFireInDeadlineOrder();
    void aRepeatingTimerKeepsItsInterval();
    void aTimerKilledOrRestartedInItsHandler();
    void zeroTimersFireEveryPassWithoutStarvingSockets();
    void remainingTimeAndRegisteredTimers();
    void anObjectsTimersGoWithIt();

    void aReadNotifierFiresWhileDataWaits();
    void aDisabledNotifierStaysQuiet();
    void unreadDataBehindADisabledNotifierLetsTheLoopSleep();
    void aNotifierDeletedByAnEarlierHandlerIsNotActivated();
    void aDescriptorNumberReusedAfterClose();
    void aHangUpWakesTheReadNotifier();
    void manySocketsEachFireOnce();

    void aNestedEventLoopNeitherLosesNorRepeats();
    void otherThreadsWakeItUp();
    void noWakeUpIsLostWhileOthersPour();
    void aThreadOnItQuitsPromptly();

    void tcpRoundTripsAMegabyteEachWay();
};

void TestEpollEventDispatcher::theMainThreadRunsOnIt()
{
    QVERIFY(dispatcher());
}

void TestEpollEventDispatcher::singleShotTimersFireInDeadlineOrder()
{
    QList<int> order;
    QTimer::singleShot(60, Qt::PreciseTimer, this, [&] { order.append(60); });
    QTimer::singleShot(20, Qt::PreciseTimer, this, [&] { order.append(20); });
    QTimer::singleShot(40, Qt::CoarseTimer, this, [&] { order.append(40); });
    QElapsedTimer clock;
    clock.start();
    QTRY_COMPARE(order.size(), 3);
    QCOMPARE(order, (QList<int>{20, 40, 60}));
    QVERIFY2(clock.elapsed() >= 59, qPrintable(QString::number(clock.elapsed())));
}

void TestEpollEventDispatcher::aRepeatingTimerKeepsItsInterval()
{
    TimerCounter counter;
    QElapsedTimer clock;
    clock.start();
    const int id = counter.startTimer(10, Qt::PreciseTimer);
    QVERIFY(id > 0);
    QTRY_VERIFY(counter.fired.size() >= 5);
    // Five ticks of 10 ms cannot come sooner than 50 ms (no lower bound on a busy machine's
    // lateness, so no upper one is asserted).
    QVERIFY2(clock.elapsed() >= 49, qPrintable(QString::number(clock.elapsed())));
    counter.killTimer(id);
    const qsizetype after = counter.fired.size();
    QTest::qWait(40);
    QCOMPARE(counter.fired.size(), after);
}

void TestEpollEventDispatcher::aTimerKilledOrRestartedInItsHandler()
{
    TimerCounter counter;
    int restarted = -1;
    const int killed = counter.startTimer(5);
    const int restarting = counter.startTimer(5);
    counter.onFire = [&](int id) {
        if (id == killed)
            counter.killTimer(id);
        if (id == restarting && restarted < 0) {
            counter.killTimer(id);
            restarted = counter.startTimer(30);
        }
    };
    QTRY_VERIFY(restarted > 0 && counter.fired.contains(restarted));
    QCOMPARE(counter.fired.count(killed), 1);
    QCOMPARE(counter.fired.count(restarting), restarted == restarting ? 2 : 1);
    counter.killTimer(restarted);
}

void TestEpollEventDispatcher::zeroTimersFireEveryPassWithoutStarvingSockets()
{
    TimerCounter counter;
    const int id = counter.startTimer(0);
    SocketPair pair;
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    int reads = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        pair.drain();
        ++reads;
    });
    pair.send("x");
    QTRY_COMPARE(reads, 1);
    // And the zero timer goes on firing, pass after pass.
    const qsizetype before = counter.fired.size();
    QTRY_VERIFY(counter.fired.size() >= before + 3);
    counter.killTimer(id);
}

void TestEpollEventDispatcher::remainingTimeAndRegisteredTimers()
{
    TimerCounter counter;
    const int id = counter.startTimer(5000, Qt::PreciseTimer);
    const int left = dispatcher()->remainingTime(id);
    QVERIFY2(left > 4000 && left <= 5000, qPrintable(QString::number(left)));
    const auto timers = dispatcher()->registeredTimers(&counter);
    QCOMPARE(timers.size(), 1);
    QCOMPARE(timers.first().timerId, id);
    QCOMPARE(timers.first().interval, 5000);
    QCOMPARE(timers.first().timerType, Qt::PreciseTimer);
    counter.killTimer(id);
    QCOMPARE(dispatcher()->remainingTime(id), -1);
    QVERIFY(dispatcher()->registeredTimers(&counter).isEmpty());
}

void TestEpollEventDispatcher::anObjectsTimersGoWithIt()
{
    int fired = 0;
    {
        auto* holder = new QObject;
        QTimer::singleShot(10, holder, [&] { ++fired; });
        auto* timer = new QTimer(holder);
        connect(timer, &QTimer::timeout, this, [&] { ++fired; });
        timer->start(10);
        delete holder;
    }
    QTest::qWait(50);
    QCOMPARE(fired, 0);
}

void TestEpollEventDispatcher::aReadNotifierFiresWhileDataWaits()
{
    SocketPair pair;
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    int fired = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] { ++fired; });
    QTest::qWait(20);
    QCOMPARE(fired, 0);
    pair.send("hello");
    // Level-triggered: it keeps firing until the data is read, as Qt's own dispatcher does.
    QTRY_VERIFY(fired >= 2);
    pair.drain();
    QTest::qWait(10);
    const int settled = fired;
    QTest::qWait(30);
    QCOMPARE(fired, settled);
}

void TestEpollEventDispatcher::aDisabledNotifierStaysQuiet()
{
    SocketPair pair;
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    QSocketNotifier writable(pair.fds[0], QSocketNotifier::Write);
    int reads = 0;
    int writes = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] { ++reads; });
    connect(&writable, &QSocketNotifier::activated, this, [&] {
        ++writes;
        writable.setEnabled(false); // as QAbstractSocket does once its buffer is flushed
    });
    notifier.setEnabled(false);
    pair.send("waiting");
    QTRY_COMPARE(writes, 1);
    QTest::qWait(30);
    QCOMPARE(reads, 0);
    QCOMPARE(writes, 1);
    // Enabled and disabled again within one pass: nothing fires, nothing spins.
    writable.setEnabled(true);
    writable.setEnabled(false);
    QTest::qWait(30);
    QCOMPARE(writes, 1);
    notifier.setEnabled(true);
    QTRY_VERIFY(reads >= 1);
    QCOMPARE(dispatcher()->watchedSockets() >= 1, true);
}

void TestEpollEventDispatcher::unreadDataBehindADisabledNotifierLetsTheLoopSleep()
{
    // QAbstractSocket disables its read notifier when its buffer is full (back-pressure): the
    // data stays in the kernel, and a level-triggered epoll that still watched it would spin.
    // The exception notifier (it never fires here) keeps the socket in the epoll set, so the
    // read notifier's removal has to change its mask.
    SocketPair pair;
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    QSocketNotifier exception(pair.fds[0], QSocketNotifier::Exception);
    int reads = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        ++reads;
        notifier.setEnabled(false);
    });
    pair.send("unread");
    QTRY_COMPARE(reads, 1);
    int passes = 0;
    const auto counting = connect(dispatcher(), &QAbstractEventDispatcher::awake, this, [&] { ++passes; });
    // An event loop, not qWait(): qWait polls and sleeps, and would hide a spin.
    QEventLoop loop;
    QTimer::singleShot(100, &loop, &QEventLoop::quit);
    loop.exec();
    disconnect(counting);
    // A sleeping loop wakes a few times; a spinning one tens of thousands of times.
    QVERIFY2(passes < 50, qPrintable(QString::number(passes)));
    QCOMPARE(reads, 1);
}

void TestEpollEventDispatcher::aNotifierDeletedByAnEarlierHandlerIsNotActivated()
{
    SocketPair first;
    SocketPair second;
    auto* a = new QSocketNotifier(first.fds[0], QSocketNotifier::Read);
    QPointer<QSocketNotifier> b = new QSocketNotifier(second.fds[0], QSocketNotifier::Read);
    int fromB = 0;
    int fromA = 0;
    // Whichever fires first deletes the other; the other must then not be activated.
    connect(a, &QSocketNotifier::activated, this, [&] {
        ++fromA;
        delete b.data();
        first.drain();
    });
    connect(b, &QSocketNotifier::activated, this, [&] {
        ++fromB;
        delete a;
        a = nullptr;
        second.drain();
    });
    first.send("1");
    second.send("2");
    QTRY_VERIFY(fromA + fromB >= 1);
    QTest::qWait(20);
    QCOMPARE(fromA + fromB, 1);
    delete a;
    delete b.data();
}

void TestEpollEventDispatcher::aDescriptorNumberReusedAfterClose()
{
    const int before = dispatcher()->watchedSockets();
    int number = -1;
    {
        SocketPair old;
        number = old.fds[0];
        QSocketNotifier notifier(old.fds[0], QSocketNotifier::Read);
        QTest::qWait(5); // into the epoll set
    }
    QCOMPARE(dispatcher()->watchedSockets(), before);
    // The kernel hands out the lowest free number: the new socket gets the old one's.
    SocketPair reused;
    QCOMPARE(reused.fds[0], number);
    QSocketNotifier notifier(reused.fds[0], QSocketNotifier::Read);
    int fired = 0;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        ++fired;
        reused.drain();
    });
    reused.send("again");
    QTRY_COMPARE(fired, 1);
}

void TestEpollEventDispatcher::aHangUpWakesTheReadNotifier()
{
    SocketPair pair;
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    bool sawEnd = false;
    connect(&notifier, &QSocketNotifier::activated, this, [&] {
        char c;
        if (::read(pair.fds[0], &c, 1) == 0) {
            sawEnd = true;
            notifier.setEnabled(false);
        }
    });
    ::close(pair.fds[1]);
    pair.fds[1] = -1;
    QTRY_VERIFY(sawEnd);
}

void TestEpollEventDispatcher::manySocketsEachFireOnce()
{
    constexpr int kPairs = 300;
    std::vector<std::unique_ptr<SocketPair>> pairs;
    std::vector<std::unique_ptr<QSocketNotifier>> notifiers;
    QList<int> fired(kPairs, 0);
    for (int i = 0; i < kPairs; ++i) {
        pairs.push_back(std::make_unique<SocketPair>());
        notifiers.push_back(std::make_unique<QSocketNotifier>(pairs.back()->fds[0], QSocketNotifier::Read));
        connect(notifiers.back().get(), &QSocketNotifier::activated, this, [&, i] {
            ++fired[i];
            pairs[size_t(i)]->drain();
        });
    }
    QCOMPARE(dispatcher()->watchedSockets() >= kPairs, true);
    for (int i = 0; i < kPairs; i += 3)
        pairs[size_t(i)]->send("x");
    QTRY_COMPARE(fired.count(1), (kPairs + 2) / 3);
    QTest::qWait(20);
    for (int i = 0; i < kPairs; ++i)
        QCOMPARE(fired[i], i % 3 == 0 ? 1 : 0);
}

void TestEpollEventDispatcher::aNestedEventLoopNeitherLosesNorRepeats()
{
    SocketPair first;
    SocketPair second;
    QSocketNotifier a(first.fds[0], QSocketNotifier::Read);
    QSocketNotifier b(second.fds[0], QSocketNotifier::Read);
    TimerCounter counter;
    int fromA = 0;
    int fromB = 0;
    int timerId = 0;
    counter.onFire = [&](int) {
        // A handler that spins an event loop: its timer must not be re-entered meanwhile.
        QEventLoop nested;
        QTimer::singleShot(30, &nested, &QEventLoop::quit);
        nested.exec();
        counter.killTimer(timerId);
    };
    connect(&a, &QSocketNotifier::activated, this, [&] {
        ++fromA;
        first.drain();
        QEventLoop nested;
        QTimer::singleShot(20, &nested, &QEventLoop::quit);
        nested.exec(); // b, pending in the outer pass, is served here or after: once
    });
    connect(&b, &QSocketNotifier::activated, this, [&] {
        ++fromB;
        second.drain();
    });
    timerId = counter.startTimer(1);
    first.send("a");
    second.send("b");
    QTRY_VERIFY(fromA == 1 && fromB == 1 && !counter.fired.isEmpty());
    QTest::qWait(40);
    QCOMPARE(fromA, 1);
    QCOMPARE(fromB, 1);
    QCOMPARE(counter.fired.size(), 1);
}

void TestEpollEventDispatcher::otherThreadsWakeItUp()
{
    // Nothing else is due for 10 s: only the posted calls can end the wait.
    QTimer far;
    far.start(10'000);
    std::atomic<int> received{0};
    QElapsedTimer clock;
    clock.start();
    std::thread poster([&] {
        for (int i = 0; i < 1000; ++i)
            QMetaObject::invokeMethod(
                this, [&] { ++received; }, Qt::QueuedConnection);
    });
    poster.join();
    QTRY_COMPARE(received.load(), 1000);
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
}

void TestEpollEventDispatcher::noWakeUpIsLostWhileOthersPour()
{
    // Two threads post as fast as they can while this loop drains the wake-ups; then one more
    // post must wake a loop that waits with nothing else due. A wake-up lost for good (the
    // eventfd read after the flag was cleared) leaves it asleep until the guard timer.
    for (int round = 0; round < 20; ++round) {
        std::atomic<int> received{0};
        constexpr int kPerThread = 5000;
        auto pour = [&] {
            for (int i = 0; i < kPerThread; ++i)
                QMetaObject::invokeMethod(
                    this, [&] { ++received; }, Qt::QueuedConnection);
        };
        std::thread first(pour);
        std::thread second(pour);
        {
            QEventLoop loop;
            QTimer done;
            connect(&done, &QTimer::timeout, &loop, [&] {
                if (received.load() == 2 * kPerThread)
                    loop.quit();
            });
            done.start(1);
            loop.exec();
        }
        first.join();
        second.join();

        QEventLoop waiting;
        QTimer guard;
        guard.setSingleShot(true);
        connect(&guard, &QTimer::timeout, &waiting, &QEventLoop::quit);
        guard.start(10'000);
        QElapsedTimer clock;
        clock.start();
        std::thread late([&] { QMetaObject::invokeMethod(&waiting, &QEventLoop::quit, Qt::QueuedConnection); });
        waiting.exec();
        late.join();
        QVERIFY2(clock.elapsed() < 5000,
                 qPrintable(u"round %1: the post waited %2 ms"_s.arg(round).arg(clock.elapsed())));
    }
}

void TestEpollEventDispatcher::aThreadOnItQuitsPromptly()
{
    QThread thread;
    thread.setEventDispatcher(new EpollEventDispatcher);
    thread.start();
    QObject onThread;
    onThread.moveToThread(&thread);
    bool ran = false;
    QMetaObject::invokeMethod(
        &onThread, [&] { ran = true; }, Qt::BlockingQueuedConnection);
    QVERIFY(ran);
    QVERIFY(qobject_cast<EpollEventDispatcher*>(QAbstractEventDispatcher::instance(&thread)));
    thread.quit();
    QVERIFY(thread.wait(5000));
}

void TestEpollEventDispatcher::tcpRoundTripsAMegabyteEachWay()
{
    // QTcpSocket buffers writes and toggles its write notifier around every flush: a megabyte
    // through loopback fills the kernel's buffers and makes it wait for writability.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QByteArray payload(1 << 20, '\0');
    for (int i = 0; i < payload.size(); ++i)
        payload[i] = char(i * 7 + i / 251);
    QByteArray echoed;
    QTcpSocket* accepted = nullptr;
    connect(&server, &QTcpServer::newConnection, this, [&] {
        accepted = server.nextPendingConnection();
        connect(accepted, &QTcpSocket::readyRead, this, [&] { accepted->write(accepted->readAll()); });
    });
    QTcpSocket client;
    connect(&client, &QTcpSocket::readyRead, this, [&] { echoed += client.readAll(); });
    client.connectToHost(server.serverAddress(), server.serverPort());
    QVERIFY(client.waitForConnected(5000) || client.state() == QAbstractSocket::ConnectedState);
    client.write(payload);
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), payload.size(), 20000);
    QVERIFY(echoed == payload);
    client.disconnectFromHost();
    QTRY_VERIFY(accepted && accepted->state() == QAbstractSocket::UnconnectedState);
}

int main(int argc, char** argv)
{
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestEpollEventDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestEpollEventDispatcher.moc"
