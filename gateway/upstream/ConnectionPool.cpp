#include "gateway/upstream/ConnectionPool.h"

#include "gateway/upstream/UpstreamCall.h"

#include <QTimer>

namespace sy {

namespace {

// Deadlines are collected this often; one fires at most this late. A tick looks only at the
// heads of the deadline lists, not at every call.
constexpr int kSweepMs = 25;

} // namespace

ConnectionPool::ConnectionPool(const UpstreamClientOptions& options, QObject* parent)
    : QObject(parent)
    , m_options(options)
    , m_sweep(new QTimer(this))
{
    m_sweep->setInterval(kSweepMs);
    connect(m_sweep, &QTimer::timeout, this, [this] {
        // A timed-out call's handler may destroy other calls; they unlink their own deadlines,
        // so asking the queue again after each one is safe.
        const qint64 now = nowMs();
        while (DeadlineQueue::Entry* due = m_deadlines.takeDue(now))
            static_cast<UpstreamCall*>(due->owner)->deadlinePassed(*due);
        m_deadlines.prune();
        if (m_deadlines.isEmpty())
            m_sweep->stop();
    });
}

void ConnectionPool::registerCall(UpstreamCall* call)
{
    m_calls.insert(call);
}

void ConnectionPool::setDeadline(DeadlineQueue::Entry& deadline, qint64 spanMs)
{
    m_deadlines.schedule(deadline, nowMs(), spanMs);
    if (!m_sweep->isActive())
        m_sweep->start();
}

ConnectionPool::~ConnectionPool()
{
    // Calls may outlive the client (e.g. at shutdown); they must stop touching the pool.
    const QSet<UpstreamCall*> calls = std::exchange(m_calls, {});
    for (UpstreamCall* call : calls)
        call->detachFromPool();
    // Connections and timers are children and go with the QObject base.
}

ConnectionPool::OriginState& ConnectionPool::stateFor(const UpstreamOrigin& origin)
{
    return m_origins[origin];
}

bool ConnectionPool::underLimit(const OriginState& state) const
{
    return m_options.maxConnectionsPerOrigin <= 0 || state.open < m_options.maxConnectionsPerOrigin;
}

bool ConnectionPool::acquire(UpstreamCall* call, const UpstreamOrigin& origin)
{
    OriginState& state = stateFor(origin);
    while (!state.idle.isEmpty()) {
        UpstreamConnection* connection = state.idle.takeLast();
        --m_counters.idleConnections;
        if (connection->isUsable()) {
            grant(call, connection, true);
            return true;
        }
        destroy(state, connection);
    }
    if (!underLimit(state)) {
        state.waiting.append(call);
        ++m_counters.queuedCalls;
        return false;
    }
    grant(call, openConnection(state, origin), false);
    return true;
}

void ConnectionPool::cancelWait(UpstreamCall* call, const UpstreamOrigin& origin)
{
    OriginState& state = stateFor(origin);
    if (state.waiting.removeOne(call))
        --m_counters.queuedCalls;
}

UpstreamConnection* ConnectionPool::openConnection(OriginState& state, const UpstreamOrigin& origin)
{
    auto* connection = new UpstreamConnection(origin, m_options.verifyTls, this);
    ++state.open;
    ++m_counters.openConnections;
    ++m_counters.connectionsOpened;
    return connection;
}

void ConnectionPool::grant(UpstreamCall* call, UpstreamConnection* connection, bool reused)
{
    if (reused)
        ++m_counters.connectionsReused;
    connection->setListener(call);
    call->connectionGranted(connection, reused);
}

void ConnectionPool::release(UpstreamConnection* connection, bool reusable)
{
    OriginState& state = stateFor(connection->origin());
    connection->setListener(nullptr);
    if (reusable && connection->isUsable()) {
        if (!state.waiting.isEmpty()) {
            --m_counters.queuedCalls;
            grant(state.waiting.takeFirst(), connection, true);
            return;
        }
        if (state.idle.size() < m_options.maxIdlePerOrigin) {
            park(state, connection);
            return;
        }
    }
    destroy(state, connection);
    serveWaiters(state, connection->origin());
}

void ConnectionPool::replace(UpstreamConnection* stale, UpstreamCall* call)
{
    OriginState& state = stateFor(stale->origin());
    const UpstreamOrigin origin = stale->origin();
    destroy(state, stale);
    grant(call, openConnection(state, origin), false);
}

void ConnectionPool::park(OriginState& state, UpstreamConnection* connection)
{
    connection->markIdle(m_options.clock->monotonicMs());
    connection->setListener(this);
    state.idle.append(connection);
    ++m_counters.idleConnections;
    if (m_options.idleConnectionTimeout.count() <= 0)
        return;
    if (!state.idleTimer) {
        state.idleTimer = new QTimer(this);
        state.idleTimer->setSingleShot(true);
        OriginState* statePtr = &state; // unordered_map nodes never move
        connect(state.idleTimer, &QTimer::timeout, this, [this, statePtr] { expireIdle(*statePtr); });
    }
    if (!state.idleTimer->isActive())
        state.idleTimer->start(m_options.idleConnectionTimeout);
}

void ConnectionPool::expireIdle(OriginState& state)
{
    const qint64 now = m_options.clock->monotonicMs();
    const qint64 timeoutMs = m_options.idleConnectionTimeout.count();
    while (!state.idle.isEmpty() && state.idle.first()->idleSinceMs() + timeoutMs <= now) {
        --m_counters.idleConnections;
        destroy(state, state.idle.takeFirst());
    }
    if (!state.idle.isEmpty())
        state.idleTimer->start(int(state.idle.first()->idleSinceMs() + timeoutMs - now));
}

void ConnectionPool::destroy(OriginState& state, UpstreamConnection* connection)
{
    connection->close();
    --state.open;
    --m_counters.openConnections;
    // Later, not now: we may be inside one of this connection's own signal emissions.
    connection->deleteLater();
}

void ConnectionPool::serveWaiters(OriginState& state, const UpstreamOrigin& origin)
{
    while (!state.waiting.isEmpty() && underLimit(state)) {
        --m_counters.queuedCalls;
        grant(state.waiting.takeFirst(), openConnection(state, origin), false);
    }
}

void ConnectionPool::dropIdle(UpstreamConnection* connection)
{
    OriginState& state = stateFor(connection->origin());
    if (state.idle.removeOne(connection))
        --m_counters.idleConnections;
    destroy(state, connection);
    serveWaiters(state, connection->origin());
}

void ConnectionPool::connectionReady(UpstreamConnection*)
{
    // Idle connections are ready already.
}

void ConnectionPool::connectionReadyRead(UpstreamConnection* connection)
{
    // Bytes nobody asked for (often a "408" before the server hangs up): the connection is unusable.
    dropIdle(connection);
}

void ConnectionPool::connectionClosed(UpstreamConnection* connection)
{
    dropIdle(connection);
}

} // namespace sy
