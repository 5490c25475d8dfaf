#include "gateway/routing/SessionAffinity.h"

namespace sy {

SessionAffinity::SessionAffinity(qsizetype capacity, qint64 idleMs)
    : m_capacity(capacity)
    , m_idleMs(idleMs)
{ }

QByteArray SessionAffinity::keyOf(const QString& group, const QByteArray& session)
{
    return group.toUtf8() + '\n' + session;
}

QString SessionAffinity::lookup(const QString& group, const QByteArray& session, qint64 nowMs)
{
    const auto it = m_index.constFind(keyOf(group, session));
    if (it == m_index.cend())
        return {};
    const Order::iterator entry = *it;
    if (nowMs - entry->lastUsedMs > m_idleMs) {
        m_index.erase(it);
        m_order.erase(entry);
        return {};
    }
    entry->lastUsedMs = nowMs;
    m_order.splice(m_order.begin(), m_order, entry); // most recently used first; iterators stay valid
    return entry->deploymentId;
}

void SessionAffinity::remember(const QString& group,
                               const QByteArray& session,
                               const QString& deploymentId,
                               qint64 nowMs)
{
    const QByteArray key = keyOf(group, session);
    if (const auto it = m_index.constFind(key); it != m_index.cend()) {
        m_order.erase(*it);
        m_index.erase(it);
    }
    m_order.push_front({key, deploymentId, nowMs});
    m_index.insert(key, m_order.begin());
    while (m_index.size() > m_capacity) {
        m_index.remove(m_order.back().key);
        m_order.pop_back();
    }
}

} // namespace sy
