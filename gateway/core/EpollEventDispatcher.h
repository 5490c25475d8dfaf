#pragma once

#include <QAbstractEventDispatcher>
#include <QAtomicInt>
#include <QHash>
#include <QList>
#include <QMultiHash>

#include <cstdint>
#include <set>
#include <utility>

namespace sy {

/**
 * An event dispatcher for the gateway thread on Linux, built on epoll. Qt's own (poll or glib)
 * hands the kernel every socket on every wake-up and walks them all again afterwards: with 100
 * streams in flight that was a fifth of the gateway thread's time, and it grows with the
 * connections. Here a wake-up costs what is ready, not what is open.
 *
 * Socket notifiers are level-triggered, as Qt's are. Enabling and disabling one (Qt toggles
 * the write notifier around every buffered write) only marks the descriptor; its epoll mask is
 * brought up to date once, before the next wait, so a write that is flushed at once costs no
 * system call. Removing the last notifier of a descriptor takes it out of epoll at once, while
 * the descriptor is still open.
 *
 * Timers keep Qt's meaning (every type is served as a precise timer, which Qt allows): a
 * repeating timer that falls behind skips, a timer is not re-entered from a nested event loop,
 * and each due timer fires at most once per pass. Posted events and wake-ups from other
 * threads come through an eventfd.
 */
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT

public:
    explicit EpollEventDispatcher(QObject* parent = nullptr);
    ~EpollEventDispatcher() override;

    /** False when the kernel gave no epoll or eventfd (out of descriptors): do not use it. */
    bool isValid() const;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier* notifier) override;
    void unregisterSocketNotifier(QSocketNotifier* notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject* object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject* object) override;
    QList<TimerInfo> registeredTimers(QObject* object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

    /** How many sockets have a notifier registered (for tests). */
    int watchedSockets() const { return int(m_descriptors.size()); }

private:
    struct Descriptor
    {
        QSocketNotifier* notifiers[3] = {nullptr, nullptr, nullptr}; // Read, Write, Exception
        uint32_t applied = 0; // mask epoll has
        bool dirty = false;
    };
    struct Timer
    {
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject* object = nullptr;
        qint64 deadlineNs = 0;
        quint64 serial = 0;
        bool delivering = false;
    };

    static uint32_t wantedMask(const Descriptor& d);
    void markDirty(int fd, Descriptor& d);
    void applyMasks();
    int wait(int timeoutMs, bool includeNotifiers);
    int activateSocketNotifiers();
    int activateTimers();
    int msUntilNextTimer() const;
    void schedule(int timerId, Timer& timer, qint64 deadlineNs);
    void drainWakeUps();

    int m_epoll = -1;
    int m_wakeFd = -1;
    QAtomicInt m_wakeUpPending = 0;
    QAtomicInt m_interrupted = 0;

    QHash<int, Descriptor> m_descriptors;
    QList<int> m_dirty;
    QList<QSocketNotifier*> m_pendingNotifiers;

    QHash<int, Timer> m_timers;
    QMultiHash<QObject*, int> m_timersByObject;
    std::set<std::pair<qint64, int>> m_deadlines; // (deadline ns, timer id)
    quint64 m_nextSerial = 1;
};

} // namespace sy
