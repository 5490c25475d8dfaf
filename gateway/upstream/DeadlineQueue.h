#pragma once

#include <QtGlobal>

#include <memory>
#include <vector>

namespace sy {

/**
 * The deadlines of upstream calls, collected by one coarse timer without walking every call.
 * Each deadline is "a span from now"; deadlines set with the same span fall due in the order
 * they were set, so every distinct span keeps an intrusive FIFO list and only the heads of the
 * lists are ever compared. Setting, moving (idle deadlines move on every read) and cancelling
 * cost O(1) plus a scan of the few distinct spans, with no allocation; collecting what fell due
 * costs O(due + spans). Not thread-safe: one queue per gateway thread.
 */
class DeadlineQueue
{
    struct List;

public:
    /** Embedded in what it times (its owner): the queue links it in place. */
    struct Entry
    {
        explicit Entry(void* owner)
            : owner(owner)
        { }
        Entry(const Entry&) = delete;
        Entry& operator=(const Entry&) = delete;

        void* const owner;
        qint64 due = -1; ///< on the queue's clock, in ms
        bool isQueued() const { return list != nullptr; }

    private:
        friend class DeadlineQueue;
        Entry* prev = nullptr;
        Entry* next = nullptr;
        List* list = nullptr;
    };

    DeadlineQueue();
    ~DeadlineQueue();

    /** (Re)sets @p entry to fall due @p spanMs after @p now (ms, never decreasing). */
    void schedule(Entry& entry, qint64 now, qint64 spanMs);
    void cancel(Entry& entry);
    bool isEmpty() const { return m_size == 0; }
    qsizetype size() const { return m_size; }
    /** Unlinks and returns an entry due at @p now, or null when none is. */
    Entry* takeDue(qint64 now);
    /** Drops the lists that emptied (spans seen once, such as what was left of a paused call's). */
    void prune();

private:
    struct List
    {
        qint64 span = 0;
        Entry* head = nullptr;
        Entry* tail = nullptr;
    };

    List& listFor(qint64 spanMs);
    void unlink(Entry& entry);

    std::vector<std::unique_ptr<List>> m_lists;
    qsizetype m_size = 0;
};

} // namespace sy
