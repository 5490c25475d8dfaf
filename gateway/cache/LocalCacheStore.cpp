#include "gateway/cache/LocalCacheStore.h"

#include "gateway/core/Clock.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr qint64 kEntryOverhead = 96; // list node, hash slot, two byte-array headers

} // namespace

LocalCacheStore::LocalCacheStore(const IClock& clock, qint64 maxBytes, qint64 maxEntries)
    : m_clock(clock)
    , m_maxBytes(maxBytes)
    , m_maxEntries(maxEntries)
{ }

qint64 LocalCacheStore::costOf(const QByteArray& key, const QByteArray& value)
{
    return key.size() + value.size() + kEntryOverhead;
}

void LocalCacheStore::erase(List::iterator it)
{
    m_bytes -= costOf(it->key, it->value);
    m_index.remove(it->key);
    m_lru.erase(it);
}

void LocalCacheStore::get(const QByteArray& key, GetDone done)
{
    const auto found = m_index.constFind(key);
    if (found == m_index.constEnd()) {
        done(std::nullopt, true);
        return;
    }
    const List::iterator it = *found;
    if (it->expiresMs <= m_clock.monotonicMs()) {
        erase(it);
        done(std::nullopt, true);
        return;
    }
    m_lru.splice(m_lru.begin(), m_lru, it);
    const QByteArray value = it->value; // a copy: the callback may store and evict
    done(value, true);
}

void LocalCacheStore::evictFor(qint64 incoming)
{
    // Expired entries first (they are worth nothing), then the least recently used.
    const qint64 now = m_clock.monotonicMs();
    for (auto it = m_lru.begin(); it != m_lru.end() && m_bytes + incoming > m_maxBytes;) {
        auto next = std::next(it);
        if (it->expiresMs <= now)
            erase(it);
        it = next;
    }
    while (!m_lru.empty() && (m_bytes + incoming > m_maxBytes || (m_maxEntries > 0 && m_index.size() >= m_maxEntries)))
        erase(std::prev(m_lru.end()));
}

void LocalCacheStore::set(const QByteArray& key, const QByteArray& value, std::chrono::milliseconds ttl)
{
    if (const auto found = m_index.constFind(key); found != m_index.constEnd())
        erase(*found);
    const qint64 cost = costOf(key, value);
    if (cost > m_maxBytes || ttl.count() <= 0)
        return; // would push out everything else, or expire at once
    evictFor(cost);
    m_lru.push_front({key, value, m_clock.monotonicMs() + ttl.count()});
    m_index.insert(key, m_lru.begin());
    m_bytes += cost;
}

void LocalCacheStore::remove(const QList<QByteArray>& keys, AdminDone done)
{
    int removed = 0;
    for (const QByteArray& key : keys) {
        if (const auto found = m_index.constFind(key); found != m_index.constEnd()) {
            erase(*found);
            ++removed;
        }
    }
    done(true, u"%1 removed"_s.arg(removed));
}

void LocalCacheStore::flush(const QList<QByteArray>& prefixes, AdminDone done)
{
    int removed = 0;
    for (auto it = m_lru.begin(); it != m_lru.end();) {
        auto next = std::next(it);
        for (const QByteArray& prefix : prefixes) {
            if (it->key.startsWith(prefix)) {
                erase(it);
                ++removed;
                break;
            }
        }
        it = next;
    }
    done(true, u"%1 removed"_s.arg(removed));
}

void LocalCacheStore::ping(AdminDone done)
{
    done(true, u"in memory: %1 answers, %2 bytes of %3"_s.arg(m_index.size()).arg(m_bytes).arg(m_maxBytes));
}

} // namespace sy
