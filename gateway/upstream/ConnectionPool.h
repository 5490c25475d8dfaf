#pragma once

#include "gateway/upstream/DeadlineQueue.h"
#include "gateway/upstream/UpstreamClientOptions.h"
#include "gateway/upstream/UpstreamConnection.h"
#include "gateway/upstream/UpstreamRequest.h"

#include <QList>
#include <QObject>
#include <QSet>

#include <unordered_map>

class QTimer;

namespace sy {

class UpstreamCall;

/**
 * Keep-alive connections per origin. Idle connections are reused LIFO (the most recently used
 * one is the least likely to have been closed by the server), watched while idle, and closed
 * after UpstreamClientOptions::idleConnectionTimeout. With maxConnectionsPerOrigin set, calls
 * beyond the limit wait FIFO for a connection to free up.
 */
class ConnectionPool : public QObject, private UpstreamConnection::Listener
{
    Q_OBJECT

public:
    explicit ConnectionPool(const UpstreamClientOptions& options, QObject* parent = nullptr);
    ~ConnectionPool() override;

    const UpstreamClientOptions& options() const { return m_options; }
    const UpstreamClientCounters& counters() const { return m_counters; }

    /** Every live call registers, so the pool can detach the survivors when it is destroyed. */
    void registerCall(UpstreamCall* call);
    void unregisterCall(UpstreamCall* call) { m_calls.remove(call); }

    /** Milliseconds on the clock deadlines are set in (the options' clock; tests inject one). */
    qint64 nowMs() const { return m_options.clock->monotonicMs(); }
    /** (Re)sets @p deadline (owned by an UpstreamCall) to @p spanMs from now. */
    void setDeadline(DeadlineQueue::Entry& deadline, qint64 spanMs);
    void clearDeadline(DeadlineQueue::Entry& deadline) { m_deadlines.cancel(deadline); }

    /**
     * Hands @p call a connection through UpstreamCall::connectionGranted() before returning, or
     * queues the call and returns false.
     */
    bool acquire(UpstreamCall* call, const UpstreamOrigin& origin);
    void cancelWait(UpstreamCall* call, const UpstreamOrigin& origin);
    /** Takes a connection back: parks it when @p reusable, else closes it. */
    void release(UpstreamConnection* connection, bool reusable);
    /** Closes @p stale and grants @p call a brand-new connection in its place. */
    void replace(UpstreamConnection* stale, UpstreamCall* call);

private:
    struct OriginState
    {
        QList<UpstreamConnection*> idle; ///< oldest first; reuse takes the back
        QList<UpstreamCall*> waiting;
        int open = 0;
        QTimer* idleTimer = nullptr;
    };
    struct OriginHash
    {
        size_t operator()(const UpstreamOrigin& o) const noexcept { return qHash(o); }
    };

    OriginState& stateFor(const UpstreamOrigin& origin);
    UpstreamConnection* openConnection(OriginState& state, const UpstreamOrigin& origin);
    void grant(UpstreamCall* call, UpstreamConnection* connection, bool reused);
    void park(OriginState& state, UpstreamConnection* connection);
    void destroy(OriginState& state, UpstreamConnection* connection);
    void serveWaiters(OriginState& state, const UpstreamOrigin& origin);
    void expireIdle(OriginState& state);
    void dropIdle(UpstreamConnection* connection);
    bool underLimit(const OriginState& state) const;

    void connectionReady(UpstreamConnection* connection) override;
    void connectionReadyRead(UpstreamConnection* connection) override;
    void connectionClosed(UpstreamConnection* connection) override;

    UpstreamClientOptions m_options;
    UpstreamClientCounters m_counters;
    std::unordered_map<UpstreamOrigin, OriginState, OriginHash> m_origins;
    QSet<UpstreamCall*> m_calls;
    DeadlineQueue m_deadlines;
    QTimer* m_sweep; ///< collects the deadlines that passed while any are set
};

} // namespace sy
