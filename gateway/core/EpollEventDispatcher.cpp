#include "gateway/core/EpollEventDispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>
#include <QVarLengthArray>

#include <cerrno>
#include <climits>
#include <ctime>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace sy {

namespace {

constexpr qint64 kNsPerMs = 1'000'000;
constexpr int kMaxEventsPerWait = 256;

qint64 nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// What wakes each notifier type, as in Qt's own dispatcher: a hang-up or an error wakes all of
// them, so the socket finds out on its next read or write.
constexpr uint32_t kWakes[3] = {
    EPOLLIN | EPOLLHUP | EPOLLERR, // QSocketNotifier::Read
    EPOLLOUT | EPOLLHUP | EPOLLERR, // QSocketNotifier::Write
    EPOLLPRI | EPOLLHUP | EPOLLERR, // QSocketNotifier::Exception
};
constexpr uint32_t kWants[3] = {EPOLLIN, EPOLLOUT, EPOLLPRI};

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject* parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_wakeFd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (m_epoll < 0 || m_wakeFd < 0) {
        qErrnoWarning("EpollEventDispatcher: cannot create epoll or eventfd");
        return;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = m_wakeFd;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &ev) < 0)
        qErrnoWarning("EpollEventDispatcher: cannot watch its eventfd");
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool EpollEventDispatcher::isValid() const
{
    return m_epoll >= 0 && m_wakeFd >= 0;
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.storeRelaxed(0);
    emit awake();
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool mayWait = (flags & QEventLoop::WaitForMoreEvents) && !m_interrupted.loadRelaxed();
    if (mayWait)
        emit aboutToBlock();
    if (m_interrupted.loadRelaxed())
        return false;

    int timeoutMs = 0;
    if (mayWait && (!includeNotifiers || m_pendingNotifiers.isEmpty()))
        timeoutMs = includeTimers ? msUntilNextTimer() : -1;

    int events = wait(timeoutMs, includeNotifiers);
    if (includeNotifiers)
        events += activateSocketNotifiers();
    if (includeTimers)
        events += activateTimers();
    return events > 0;
}

int EpollEventDispatcher::wait(int timeoutMs, bool includeNotifiers)
{
    if (!includeNotifiers) {
        // Only a wake-up or a timer may end this wait: the sockets stay level-triggered in the
        // epoll set, so waiting on it would spin on them.
        pollfd wake{m_wakeFd, POLLIN, 0};
        int n;
        do
            n = ::poll(&wake, 1, timeoutMs);
        while (n < 0 && errno == EINTR);
        if (n > 0) {
            drainWakeUps();
            return 1;
        }
        return 0;
    }

    applyMasks();
    epoll_event ready[kMaxEventsPerWait];
    int n;
    do
        n = epoll_wait(m_epoll, ready, kMaxEventsPerWait, timeoutMs);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        qErrnoWarning("EpollEventDispatcher: epoll_wait");
        return 0;
    }

    // Notifiers still pending from an outer pass (a nested event loop) are reported again by
    // level-triggered epoll: those must not be queued twice. Without them, each is new.
    const bool mayRepeat = !m_pendingNotifiers.isEmpty();
    int wakeUps = 0;
    for (int i = 0; i < n; ++i) {
        const int fd = ready[i].data.fd;
        if (fd == m_wakeFd) {
            drainWakeUps();
            ++wakeUps;
            continue;
        }
        const auto it = m_descriptors.constFind(fd);
        if (it == m_descriptors.cend())
            continue;
        for (int type = 0; type < 3; ++type) {
            QSocketNotifier* notifier = it->notifiers[type];
            if (notifier && (ready[i].events & kWakes[type]) && (!mayRepeat || !m_pendingNotifiers.contains(notifier)))
                m_pendingNotifiers.append(notifier);
        }
    }
    return wakeUps;
}

int EpollEventDispatcher::activateSocketNotifiers()
{
    int activated = 0;
    // A handler may remove (unregister) any notifier still queued: that takes it off this list.
    while (!m_pendingNotifiers.isEmpty()) {
        QSocketNotifier* notifier = m_pendingNotifiers.takeFirst();
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        ++activated;
    }
    return activated;
}

uint32_t EpollEventDispatcher::wantedMask(const Descriptor& d)
{
    uint32_t mask = 0;
    for (int type = 0; type < 3; ++type) {
        if (d.notifiers[type])
            mask |= kWants[type];
    }
    return mask;
}

void EpollEventDispatcher::markDirty(int fd, Descriptor& d)
{
    if (!d.dirty) {
        d.dirty = true;
        m_dirty.append(fd);
    }
}

void EpollEventDispatcher::applyMasks()
{
    for (const int fd : std::as_const(m_dirty)) {
        const auto it = m_descriptors.find(fd);
        if (it == m_descriptors.end() || !it->dirty)
            continue;
        it->dirty = false;
        const uint32_t want = wantedMask(*it);
        if (want == it->applied)
            continue;
        epoll_event ev{};
        ev.events = want;
        ev.data.fd = fd;
        int r = epoll_ctl(m_epoll, it->applied ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev);
        // The descriptor was closed and its number reused since epoll last saw it, or the
        // other way round: the kernel's view wins.
        if (r < 0 && errno == ENOENT)
            r = epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
        else if (r < 0 && errno == EEXIST)
            r = epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
        if (r < 0) {
            qErrnoWarning("EpollEventDispatcher: cannot watch socket %d", fd);
            it->applied = 0;
        } else {
            it->applied = want;
        }
    }
    m_dirty.clear();
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier* notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || type < 0 || type > 2)
        return;
    Descriptor& d = m_descriptors[fd];
    if (d.notifiers[type] && d.notifiers[type] != notifier)
        qWarning("EpollEventDispatcher: a second notifier of type %d for socket %d", type, fd);
    d.notifiers[type] = notifier;
    markDirty(fd, d);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier* notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    m_pendingNotifiers.removeAll(notifier);
    const auto it = m_descriptors.find(fd);
    if (it == m_descriptors.end() || type < 0 || type > 2 || it->notifiers[type] != notifier)
        return;
    it->notifiers[type] = nullptr;
    if (wantedMask(*it) != 0) {
        markDirty(fd, *it);
        return;
    }
    // The last one: out of epoll now, while the descriptor is still open (Qt removes a
    // socket's notifiers before it closes it). A failure means it was closed already.
    if (it->applied)
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    m_descriptors.erase(it);
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject* object)
{
    if (m_timers.contains(timerId))
        unregisterTimer(timerId);
    Timer timer;
    timer.intervalMs = qMax<qint64>(0, interval);
    timer.type = timerType;
    timer.object = object;
    timer.serial = m_nextSerial++;
    auto it = m_timers.insert(timerId, timer);
    m_timersByObject.insert(object, timerId);
    schedule(timerId, *it, nowNs() + it->intervalMs * kNsPerMs);
}

void EpollEventDispatcher::schedule(int timerId, Timer& timer, qint64 deadlineNs)
{
    if (timer.deadlineNs != 0)
        m_deadlines.erase({timer.deadlineNs, timerId});
    timer.deadlineNs = deadlineNs;
    m_deadlines.insert({deadlineNs, timerId});
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    m_deadlines.erase({it->deadlineNs, timerId});
    m_timersByObject.remove(it->object, timerId);
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject* object)
{
    const QList<int> ids = m_timersByObject.values(object);
    for (const int id : ids) {
        const auto it = m_timers.find(id);
        if (it == m_timers.end())
            continue;
        m_deadlines.erase({it->deadlineNs, id});
        m_timers.erase(it);
    }
    m_timersByObject.remove(object);
    return !ids.isEmpty();
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject* object) const
{
    QList<TimerInfo> infos;
    for (auto it = m_timersByObject.constFind(object); it != m_timersByObject.cend() && it.key() == object; ++it) {
        const Timer& timer = m_timers[it.value()];
        infos.append(TimerInfo(it.value(), int(timer.intervalMs), timer.type));
    }
    return infos;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    const qint64 left = it->deadlineNs - nowNs();
    return left <= 0 ? 0 : int(qMin<qint64>((left + kNsPerMs - 1) / kNsPerMs, INT_MAX));
}

int EpollEventDispatcher::msUntilNextTimer() const
{
    // A timer whose event is being delivered (to a nested event loop) is not waited for.
    for (const auto& [deadline, id] : m_deadlines) {
        if (m_timers.value(id).delivering)
            continue;
        const qint64 left = deadline - nowNs();
        return left <= 0 ? 0 : int(qMin<qint64>((left + kNsPerMs - 1) / kNsPerMs, INT_MAX));
    }
    return -1;
}

int EpollEventDispatcher::activateTimers()
{
    if (m_deadlines.empty())
        return 0;
    const qint64 now = nowNs();
    // Due now, each once: a timer started or restarted by a handler waits for the next pass.
    QVarLengthArray<std::pair<int, quint64>, 16> due;
    for (const auto& [deadline, id] : m_deadlines) {
        if (deadline > now)
            break;
        const auto it = m_timers.constFind(id);
        if (it != m_timers.cend() && !it->delivering)
            due.append({id, it->serial});
    }
    int fired = 0;
    for (const auto& [id, serial] : due) {
        auto it = m_timers.find(id);
        if (it == m_timers.end() || it->serial != serial)
            continue; // killed, or killed and started again, by an earlier handler
        // A repeating timer that fell behind skips what it missed rather than catching up.
        const qint64 interval = it->intervalMs * kNsPerMs;
        qint64 next = it->deadlineNs + interval;
        if (next <= now)
            next = now + interval;
        schedule(id, *it, next);
        it->delivering = true;
        QObject* object = it->object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++fired;
        it = m_timers.find(id);
        if (it != m_timers.end() && it->serial == serial)
            it->delivering = false;
    }
    return fired;
}

void EpollEventDispatcher::wakeUp()
{
    if (m_wakeUpPending.testAndSetAcquire(0, 1)) {
        const quint64 one = 1;
        ssize_t r;
        do
            r = ::write(m_wakeFd, &one, sizeof one);
        while (r < 0 && errno == EINTR);
    }
}

void EpollEventDispatcher::drainWakeUps()
{
    // Read first, then clear. The other order lost wake-ups for good: a wakeUp() between the
    // two set the flag and wrote, the read took its write too, and with the flag left set no
    // later wakeUp() wrote again (a thread that never woke to quit, on Qt 6.8's CI). A wakeUp()
    // that finds the flag still set here needs no write: its event was posted before this
    // pass's return, and the next pass sends posted events before it waits.
    quint64 count = 0;
    ssize_t r;
    do
        r = ::read(m_wakeFd, &count, sizeof count);
    while (r < 0 && errno == EINTR);
    m_wakeUpPending.storeRelease(0);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.storeRelaxed(1);
    wakeUp();
}

} // namespace sy
