#pragma once

#include <QByteArray>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>

namespace sy {

/**
 * Where cached answers live: in this process (LocalCacheStore) or in Redis (RedisCacheStore).
 * Every call answers through its callback on the gateway thread and never blocks it; a store
 * that cannot answer (Redis down or slow) says so, and the request goes on uncached.
 */
class ICacheStore
{
public:
    virtual ~ICacheStore() = default;

    /** @p value is the stored bytes, or nullopt on a miss; @p available is false when the
        store could not be asked (then a miss says nothing). Called exactly once. */
    using GetDone = std::function<void(const std::optional<QByteArray>& value, bool available)>;
    /** @p ok, and a line for the admin API (what was done, or what went wrong). */
    using AdminDone = std::function<void(bool ok, const QString& detail)>;

    virtual QString typeName() const = 0;
    virtual void get(const QByteArray& key, GetDone done) = 0;
    /** Stores @p value under @p key for @p ttl; fire and forget. */
    virtual void set(const QByteArray& key, const QByteArray& value, std::chrono::milliseconds ttl) = 0;
    virtual void remove(const QList<QByteArray>& keys, AdminDone done) = 0;
    /** Removes every entry under @p prefixes (the cache's namespaces), nothing else. */
    virtual void flush(const QList<QByteArray>& prefixes, AdminDone done) = 0;
    /** Checks the store works: a write and a read back. */
    virtual void ping(AdminDone done) = 0;
    /** Bytes held in this process (0 for Redis). */
    virtual qint64 localBytes() const { return 0; }
    /** Answers held in this process (0 for Redis). */
    virtual qint64 localEntries() const { return 0; }
    /** Whether the store can be asked now, as last seen (no round trip): Redis's connection state. */
    virtual bool isReachable() const { return true; }
};

} // namespace sy
