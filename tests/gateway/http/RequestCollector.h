#pragma once

#include "gateway/http/IRequestHandler.h"

#include <QTest>

#include <deque>

namespace sy::testing {

/** Plays the gateway's part in guard tests: keeps each request a guard hands over, with its channel. */
class RequestCollector final : public IRequestHandler
{
public:
    struct Entry
    {
        HttpRequest request;
        std::unique_ptr<ResponseChannel> channel; ///< null when none came in time
    };

    void handleRequest(HttpRequest request, std::unique_ptr<ResponseChannel> channel) override
    {
        m_entries.push_back({std::move(request), std::move(channel)});
        if (m_onRequest)
            m_onRequest(m_entries.back());
    }

    /** The oldest request not taken yet, waiting up to @p timeoutMs for one. */
    Entry take(int timeoutMs)
    {
        if (!QTest::qWaitFor([this] { return !m_entries.empty(); }, timeoutMs))
            return {};
        Entry entry = std::move(m_entries.front());
        m_entries.pop_front();
        return entry;
    }

    /** Called inside handleRequest, as a handler that answers at once would be. */
    void onRequest(std::function<void(Entry&)> f) { m_onRequest = std::move(f); }
    qsizetype pending() const { return qsizetype(m_entries.size()); }
    void clear()
    {
        m_entries.clear();
        m_onRequest = nullptr;
    }

private:
    std::deque<Entry> m_entries;
    std::function<void(Entry&)> m_onRequest;
};

} // namespace sy::testing
