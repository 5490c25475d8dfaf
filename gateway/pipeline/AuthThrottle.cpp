#include "gateway/pipeline/AuthThrottle.h"

#include "gateway/core/Clock.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAuthThrottle, "switchyard.auth", QtInfoMsg)

namespace sy {

namespace {

constexpr qint64 kFirstPauseMs = 5'000;
constexpr qint64 kMaxPauseMs = 3600'000;
constexpr qint64 kForgetAfterMs = 10 * 60'000; ///< quiet this long: strikes start over

} // namespace

AuthThrottle::AuthThrottle(const IClock& clock)
    : m_clock(&clock)
{ }

QHostAddress AuthThrottle::keyOf(const QHostAddress& peer)
{
    bool mapped = false;
    const quint32 v4 = peer.toIPv4Address(&mapped);
    if (mapped)
        return QHostAddress(v4);
    if (peer.protocol() != QAbstractSocket::IPv6Protocol)
        return peer;
    Q_IPV6ADDR bytes = peer.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0; // one /64
    return QHostAddress(bytes);
}

qint64 AuthThrottle::lock(Entry& entry, qint64 nowMs)
{
    ++entry.strikes;
    const int doublings = qMin(entry.strikes - 1, 20);
    const qint64 pause = qMin(kMaxPauseMs, kFirstPauseMs << doublings);
    entry.lockedUntilMs = qMax(entry.lockedUntilMs, nowMs + pause);
    return entry.lockedUntilMs - nowMs;
}

int AuthThrottle::admit(const QHostAddress& peer)
{
    if (m_limit <= 0 || m_entries.isEmpty())
        return 0;
    const auto it = m_entries.find(keyOf(peer));
    const qint64 now = m_clock->monotonicMs();
    if (it == m_entries.end() || it->lockedUntilMs <= now)
        return 0;
    it->lastSeenMs = now;
    const qint64 waitMs = lock(*it, now);
    return int((waitMs + 999) / 1000);
}

void AuthThrottle::noteFailure(const QHostAddress& peer)
{
    if (m_limit <= 0)
        return;
    const QHostAddress key = keyOf(peer);
    const qint64 now = m_clock->monotonicMs();
    Entry& entry = entryFor(key, now);
    if (now - entry.lastSeenMs > kForgetAfterMs)
        entry.strikes = 0;
    entry.lastSeenMs = now;
    entry.failures.add(now, 1);
    if (entry.lockedUntilMs > now || entry.failures.total(now) <= m_limit)
        return;
    const qint64 pause = lock(entry, now);
    if (entry.strikes == 1) {
        qCWarning(lcAuthThrottle).noquote() << "more than" << m_limit << "failed authentications from" << key.toString()
                                            << "within a minute: refusing it for" << pause / 1000
                                            << "s, longer while it keeps trying (gateway.auth_failures_per_minute)";
    }
}

AuthThrottle::Entry& AuthThrottle::entryFor(const QHostAddress& key, qint64 nowMs)
{
    auto it = m_entries.find(key);
    if (it != m_entries.end())
        return *it;
    if (m_entries.size() >= kMaxAddresses)
        evict(nowMs);
    Entry entry;
    entry.lastSeenMs = nowMs;
    return *m_entries.insert(key, entry);
}

void AuthThrottle::evict(qint64 nowMs)
{
    // Forget addresses that are not locked out and were quiet for a minute; if none, the quietest.
    m_entries.removeIf(
        [nowMs](const auto& e) { return e.value().lockedUntilMs <= nowMs && nowMs - e.value().lastSeenMs > 60'000; });
    if (m_entries.size() < kMaxAddresses)
        return;
    auto oldest = m_entries.begin();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->lastSeenMs < oldest->lastSeenMs)
            oldest = it;
    }
    m_entries.erase(oldest);
}

} // namespace sy
