#pragma once

#include "gateway/cache/ICacheStore.h"
#include "gateway/core/GatewaySettings.h"

#include <memory>

namespace sy {

class RedisClient;

/**
 * Cached answers in Redis, shared by every instance that uses the same server: GET on lookup,
 * SET … PX on store, through the gateway's hiredis client on Qt's event loop. A lookup never
 * waits longer than the client's command timeout; while Redis is down (the client logs it once,
 * and again every minute) lookups answer "unavailable" at once and stores are dropped, so
 * requests are served uncached and never fail because of the cache.
 */
class RedisCacheStore : public ICacheStore
{
public:
    explicit RedisCacheStore(const RedisSettings& settings);
    ~RedisCacheStore() override;

    QString typeName() const override { return QStringLiteral("redis"); }
    void get(const QByteArray& key, GetDone done) override;
    void set(const QByteArray& key, const QByteArray& value, std::chrono::milliseconds ttl) override;
    void remove(const QList<QByteArray>& keys, AdminDone done) override;
    void flush(const QList<QByteArray>& prefixes, AdminDone done) override;
    void ping(AdminDone done) override;

    bool isConnected() const;
    bool isReachable() const override { return isConnected(); }
    QString address() const;

private:
    /** UNLINKs @p keys; @p done gets how many existed, or -1 and Redis's error. */
    void unlink(const QList<QByteArray>& keys, std::function<void(qint64 removed, const QString& error)> done);
    void scanAndDelete(
        const QList<QByteArray>& prefixes, int index, const QByteArray& cursor, qint64 removed, AdminDone done);

    std::unique_ptr<RedisClient> m_redis;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace sy
