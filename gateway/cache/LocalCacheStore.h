#pragma once

#include "gateway/cache/ICacheStore.h"

#include <QHash>

#include <list>

namespace sy {

class IClock;

/**
 * The in-memory cache: a least-recently-used list bounded in bytes (and, optionally, in
 * entries), each entry with its own expiry on the injected clock. Expired entries go when they
 * are read or when room is needed. One instance's memory: other instances do not see it.
 */
class LocalCacheStore : public ICacheStore
{
public:
    LocalCacheStore(const IClock& clock, qint64 maxBytes, qint64 maxEntries);

    QString typeName() const override { return QStringLiteral("local"); }
    void get(const QByteArray& key, GetDone done) override;
    void set(const QByteArray& key, const QByteArray& value, std::chrono::milliseconds ttl) override;
    void remove(const QList<QByteArray>& keys, AdminDone done) override;
    void flush(const QList<QByteArray>& prefixes, AdminDone done) override;
    void ping(AdminDone done) override;
    qint64 localBytes() const override { return m_bytes; }
    qint64 localEntries() const override { return m_index.size(); }

    qsizetype size() const { return m_index.size(); }
    /** What one entry costs: its bytes plus bookkeeping. */
    static qint64 costOf(const QByteArray& key, const QByteArray& value);

private:
    struct Entry
    {
        QByteArray key;
        QByteArray value;
        qint64 expiresMs;
    };
    using List = std::list<Entry>;

    void erase(List::iterator it);
    void evictFor(qint64 incoming);

    const IClock& m_clock;
    qint64 m_maxBytes;
    qint64 m_maxEntries;
    qint64 m_bytes = 0;
    List m_lru; ///< most recently used first
    QHash<QByteArray, List::iterator> m_index;
};

} // namespace sy
