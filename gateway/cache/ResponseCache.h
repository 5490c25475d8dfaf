#pragma once

#include "gateway/cache/CachedAnswer.h"
#include "gateway/cache/ICacheStore.h"
#include "gateway/core/CacheSettings.h"

#include <functional>
#include <memory>
#include <optional>

namespace sy {

class IClock;

/**
 * The response cache (issue #16): litellm_settings.cache with its store, local or Redis, built
 * from the config and rebuilt only when the store's settings change (a reload that changes the
 * TTL keeps every entry). Keys are CacheKey's hashes under a namespace prefix.
 */
class ResponseCache
{
public:
    explicit ResponseCache(const IClock& clock);
    ~ResponseCache();

    void configure(const CacheSettings& settings);
    bool isEnabled() const { return m_store != nullptr; }
    const CacheSettings& settings() const { return m_settings; }

    /** The store key of @p hash in @p ns (the request's namespace, else the config's). */
    QByteArray storeKey(const QByteArray& hash, const QString& ns = {}) const;

    /** Looks @p storeKey up. An answer older than @p maxAge (s-maxage) counts as a miss. */
    void lookup(const QByteArray& storeKey,
                std::optional<std::chrono::milliseconds> maxAge,
                std::function<void(std::optional<CachedAnswer>)> done);
    /** Keeps @p answer under @p storeKey for @p ttl (the config's when not given). */
    void store(const QByteArray& storeKey, CachedAnswer answer, std::optional<std::chrono::milliseconds> ttl);

    // The admin API (/cache/ping, /cache/flushall, /cache/delete).
    void flush(ICacheStore::AdminDone done);
    void remove(const QList<QByteArray>& hashes, ICacheStore::AdminDone done);
    void ping(ICacheStore::AdminDone done);
    QString typeName() const { return m_store ? m_store->typeName() : QStringLiteral("none"); }
    qint64 localBytes() const { return m_store ? m_store->localBytes() : 0; }
    qint64 localEntries() const { return m_store ? m_store->localEntries() : 0; }
    /** The store's state as last seen, without asking it (the dashboards poll this). */
    bool isReachable() const { return m_store && m_store->isReachable(); }

private:
    const IClock& m_clock;
    CacheSettings m_settings;
    std::unique_ptr<ICacheStore> m_store;
};

} // namespace sy
