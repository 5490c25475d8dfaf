#pragma once

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <list>
#include <memory>

namespace sy {

/**
 * Requests waiting for a saturated model group (every deployment at its max_parallel_requests,
 * rpm or tpm). Bounded by router_settings.queue_size; each waits at most queue_timeout. When a
 * call ends, wake() gives every waiter, oldest first, another go at routing.
 */
class WaitQueue : public QObject
{
    Q_OBJECT

public:
    /** A place in the queue; destroying it leaves the queue (e.g. the client went away). */
    class Ticket
    {
    public:
        ~Ticket();
        Q_DISABLE_COPY_MOVE(Ticket)

    private:
        friend class WaitQueue;
        Ticket(WaitQueue* queue, quint64 id)
            : m_queue(queue)
            , m_id(id)
        { }
        QPointer<WaitQueue> m_queue;
        quint64 m_id;
    };

    explicit WaitQueue(QObject* parent = nullptr);

    /**
     * Joins the queue unless @p capacity requests wait already (then returns null). @p retry is
     * called on each wake() and returns true once the request got a deployment (it then leaves
     * the queue); @p expired is called if @p timeoutMs pass first.
     */
    std::unique_ptr<Ticket>
    enqueue(qsizetype capacity, qint64 timeoutMs, std::function<bool()> retry, std::function<void()> expired);
    /** Retries the waiters soon (once per event-loop pass however often it is called). */
    void wake();
    qsizetype size() const { return qsizetype(m_waiters.size()); }

private:
    struct Waiter
    {
        quint64 id;
        QDeadlineTimer deadline;
        std::function<bool()> retry;
        std::function<void()> expired;
    };

    void remove(quint64 id);
    void retryAll();
    void expireDue();
    void armDeadline();

    std::list<Waiter> m_waiters; ///< oldest first
    quint64 m_nextId = 1;
    QTimer m_wake;
    QTimer m_deadline;
};

} // namespace sy
