#include "gateway/cache/ResponseCache.h"

#include "gateway/cache/LocalCacheStore.h"
#include "gateway/cache/RedisCacheStore.h"
#include "gateway/core/Clock.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcCache, "switchyard.cache", QtInfoMsg)

namespace sy {

namespace {

const QByteArray kDefaultPrefix = QByteArrayLiteral("switchyard:cache:");

} // namespace

ResponseCache::ResponseCache(const IClock& clock)
    : m_clock(clock)
{ }

ResponseCache::~ResponseCache() = default;

void ResponseCache::configure(const CacheSettings& settings)
{
    const bool rebuild = !settings.sameStore(m_settings) || (settings.enabled && !m_store);
    m_settings = settings;
    if (!rebuild)
        return;
    m_store.reset();
    if (!settings.enabled)
        return;
    if (settings.type == u"redis") {
        m_store = std::make_unique<RedisCacheStore>(settings.redis);
        qCInfo(lcCache).noquote() << "response cache in Redis, answers kept" << settings.ttl.count() / 1000 << "s";
    } else {
        m_store = std::make_unique<LocalCacheStore>(m_clock, settings.maxBytes, settings.maxEntries);
        qCInfo(lcCache).noquote() << "response cache in memory, up to" << settings.maxBytes / (1024 * 1024)
                                  << "MiB, answers kept" << settings.ttl.count() / 1000 << "s";
    }
}

QByteArray ResponseCache::storeKey(const QByteArray& hash, const QString& ns) const
{
    const QString space = ns.isEmpty() ? m_settings.ns : ns;
    return (space.isEmpty() ? kDefaultPrefix : space.toUtf8() + ':') + hash;
}

void ResponseCache::lookup(const QByteArray& storeKey,
                           std::optional<std::chrono::milliseconds> maxAge,
                           std::function<void(std::optional<CachedAnswer>)> done)
{
    if (!m_store) {
        done(std::nullopt);
        return;
    }
    const qint64 now = m_clock.nowUtc().toMSecsSinceEpoch();
    m_store->get(storeKey, [done = std::move(done), maxAge, now](const std::optional<QByteArray>& value, bool) {
        std::optional<CachedAnswer> answer = value ? CachedAnswer::parse(*value) : std::nullopt;
        if (answer && maxAge && now - answer->storedAtMs > maxAge->count())
            answer.reset(); // older than the client accepts (s-maxage)
        done(answer);
    });
}

void ResponseCache::store(const QByteArray& storeKey, CachedAnswer answer, std::optional<std::chrono::milliseconds> ttl)
{
    if (!m_store)
        return;
    answer.storedAtMs = m_clock.nowUtc().toMSecsSinceEpoch();
    m_store->set(storeKey, answer.serialize(), ttl.value_or(m_settings.ttl));
}

void ResponseCache::flush(ICacheStore::AdminDone done)
{
    if (!m_store) {
        done(false, u"caching is off (litellm_settings.cache)"_s);
        return;
    }
    QList<QByteArray> prefixes{kDefaultPrefix};
    if (!m_settings.ns.isEmpty())
        prefixes.append(m_settings.ns.toUtf8() + ':');
    m_store->flush(prefixes, std::move(done));
}

void ResponseCache::remove(const QList<QByteArray>& hashes, ICacheStore::AdminDone done)
{
    if (!m_store) {
        done(false, u"caching is off (litellm_settings.cache)"_s);
        return;
    }
    QList<QByteArray> keys;
    for (const QByteArray& hash : hashes)
        keys.append(storeKey(hash));
    m_store->remove(keys, std::move(done));
}

void ResponseCache::ping(ICacheStore::AdminDone done)
{
    if (!m_store) {
        done(false, u"caching is off (litellm_settings.cache)"_s);
        return;
    }
    m_store->ping(std::move(done));
}

} // namespace sy
