#include "gateway/routing/WaitQueue.h"

#include <QVarLengthArray>

#include <algorithm>

namespace sy {

WaitQueue::Ticket::~Ticket()
{
    if (m_queue)
        m_queue->remove(m_id);
}

WaitQueue::WaitQueue(QObject* parent)
    : QObject(parent)
    , m_wake(this)
    , m_deadline(this)
{
    m_wake.setSingleShot(true);
    m_wake.setInterval(0);
    connect(&m_wake, &QTimer::timeout, this, &WaitQueue::retryAll);
    m_deadline.setSingleShot(true);
    m_deadline.setTimerType(Qt::PreciseTimer);
    connect(&m_deadline, &QTimer::timeout, this, &WaitQueue::expireDue);
}

std::unique_ptr<WaitQueue::Ticket>
WaitQueue::enqueue(qsizetype capacity, qint64 timeoutMs, std::function<bool()> retry, std::function<void()> expired)
{
    if (size() >= capacity)
        return nullptr;
    const quint64 id = m_nextId++;
    m_waiters.push_back({id, QDeadlineTimer(timeoutMs), std::move(retry), std::move(expired)});
    armDeadline();
    return std::unique_ptr<Ticket>(new Ticket(this, id));
}

void WaitQueue::wake()
{
    if (!m_waiters.empty() && !m_wake.isActive())
        m_wake.start();
}

void WaitQueue::remove(quint64 id)
{
    for (auto it = m_waiters.begin(); it != m_waiters.end(); ++it) {
        if (it->id == id) {
            m_waiters.erase(it);
            break;
        }
    }
    if (m_waiters.empty())
        m_deadline.stop();
}

void WaitQueue::retryAll()
{
    // A retry may add or remove waiters (its own, or others' through the exchanges it ends), so
    // walk a list of ids and look each up again.
    QVarLengthArray<quint64, 32> ids;
    for (const Waiter& w : m_waiters)
        ids.append(w.id);
    for (quint64 id : ids) {
        auto it = std::find_if(m_waiters.begin(), m_waiters.end(), [id](const Waiter& w) { return w.id == id; });
        if (it == m_waiters.end())
            continue;
        const std::function<bool()> retry = it->retry; // the call may erase the waiter
        if (retry())
            remove(id);
    }
}

void WaitQueue::expireDue()
{
    QVarLengthArray<quint64, 32> due;
    for (const Waiter& w : m_waiters) {
        if (w.deadline.hasExpired())
            due.append(w.id);
    }
    for (quint64 id : due) {
        auto it = std::find_if(m_waiters.begin(), m_waiters.end(), [id](const Waiter& w) { return w.id == id; });
        if (it == m_waiters.end())
            continue;
        const std::function<void()> expired = std::move(it->expired);
        m_waiters.erase(it);
        expired();
    }
    armDeadline();
}

void WaitQueue::armDeadline()
{
    if (m_waiters.empty()) {
        m_deadline.stop();
        return;
    }
    qint64 soonest = std::numeric_limits<qint64>::max();
    for (const Waiter& w : m_waiters)
        soonest = qMin(soonest, w.deadline.remainingTime());
    m_deadline.start(int(std::clamp<qint64>(soonest, 0, 24 * 3600 * 1000)));
}

} // namespace sy
