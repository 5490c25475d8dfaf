#include "gateway/upstream/DeadlineQueue.h"

#include <algorithm>

namespace sy {

DeadlineQueue::DeadlineQueue() = default;

DeadlineQueue::~DeadlineQueue()
{
    // Entries that outlive the queue must not point into it.
    for (const std::unique_ptr<List>& list : m_lists) {
        for (Entry* e = list->head; e;) {
            Entry* next = e->next;
            e->prev = e->next = nullptr;
            e->list = nullptr;
            e = next;
        }
    }
}

DeadlineQueue::List& DeadlineQueue::listFor(qint64 spanMs)
{
    for (const std::unique_ptr<List>& list : m_lists) {
        if (list->span == spanMs)
            return *list;
    }
    m_lists.push_back(std::make_unique<List>());
    m_lists.back()->span = spanMs;
    return *m_lists.back();
}

void DeadlineQueue::unlink(Entry& entry)
{
    List& list = *entry.list;
    (entry.prev ? entry.prev->next : list.head) = entry.next;
    (entry.next ? entry.next->prev : list.tail) = entry.prev;
    entry.prev = entry.next = nullptr;
    entry.list = nullptr;
    --m_size;
}

void DeadlineQueue::schedule(Entry& entry, qint64 now, qint64 spanMs)
{
    if (entry.list)
        unlink(entry);
    List& list = listFor(spanMs);
    entry.due = now + spanMs;
    entry.list = &list;
    entry.prev = list.tail;
    (list.tail ? list.tail->next : list.head) = &entry;
    list.tail = &entry;
    ++m_size;
}

void DeadlineQueue::cancel(Entry& entry)
{
    if (entry.list)
        unlink(entry);
    entry.due = -1;
}

DeadlineQueue::Entry* DeadlineQueue::takeDue(qint64 now)
{
    for (const std::unique_ptr<List>& list : m_lists) {
        Entry* head = list->head;
        if (head && head->due <= now) {
            unlink(*head);
            return head;
        }
    }
    return nullptr;
}

void DeadlineQueue::prune()
{
    m_lists.erase(
        std::remove_if(m_lists.begin(), m_lists.end(), [](const std::unique_ptr<List>& l) { return !l->head; }),
        m_lists.end());
}

} // namespace sy
