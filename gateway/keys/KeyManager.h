#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/core/GatewaySettings.h"
#include "gateway/keys/KeyCache.h"
#include "gateway/keys/KeyChanges.h"
#include "gateway/keys/KeyLimiter.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace sy {

class IClock;
class RedisClient;
class SharedLimits;
class StorageService;
struct Principal;
struct RequestRecord;

/**
 * Everything about virtual keys on the gateway thread: the key cache the hot path reads, the
 * limiter, the storage thread (keys, usage records, spend) and the Redis connection for
 * counters shared between instances. The admin API, the UI's KeyService and the pipeline stages
 * all go through it, so a key changed one way is seen by the others at once.
 */
class KeyManager : public QObject
{
    Q_OBJECT

public:
    explicit KeyManager(const IClock& clock, QObject* parent = nullptr);
    ~KeyManager() override;

    /**
     * Opens the database @p settings name (the default SQLite file, PostgreSQL, or none) on the
     * storage thread; @p ready runs once the keys are loaded, or when the database cannot be
     * opened (then keys answer 503 until it can), or after a few seconds at most.
     */
    void start(const StorageSettings& settings, std::function<void()> ready);
    /** Follows a config change: Redis settings apply at once; the database only at restart. */
    void applyConfig(const StorageSettings& storage, const RedisSettings& redis);
    /** Hands what is queued to the storage thread and waits until it is written (blocks). */
    void flushAndWait();
    /** Writes everything queued and stops the storage thread (blocks; shutdown only). */
    void shutdown();

    KeyCache& cache() { return m_cache; }
    KeyLimiter& limiter() { return m_limiter; }
    /** Shared counters, when Redis is configured (null otherwise). */
    SharedLimits* shared() { return m_shared.get(); }
    StorageService* storage() { return m_storage.get(); }
    const IClock& clock() const { return m_clock; }
    /** Names this process in shared state (request ids, Redis leases). */
    const QByteArray& instanceId() const { return m_instanceId; }

    /** Counts a finished request: its record, and for a virtual key its tokens and spend. */
    void recordUsage(const Principal& principal, RequestRecord record);

    /** The key @p keyOrToken names: the key itself (sk-…) or its token (SHA-256 hex). */
    std::shared_ptr<KeyEntry> resolve(const QString& keyOrToken) const;
    /** The live view of @p entry: spend including requests not yet written, counters. */
    VirtualKeyInfo infoOf(const KeyEntry& entry) const;
    /** LiteLLM's key object with the live spend. */
    QJsonObject jsonOf(const KeyEntry& entry) const;

    using CreateDone = std::function<void(std::optional<ApiError>, const QString& plaintext, const VirtualKey&)>;
    using UpdateDone = std::function<void(std::optional<ApiError>, const VirtualKey&)>;
    using RemoveDone = std::function<void(std::optional<ApiError>, const QStringList& tokens)>;

    /** Generates a key with @p changes, stores its hash, and answers with the key (shown once). */
    void create(const KeyChanges& changes, CreateDone done);
    void update(const QString& keyOrToken, const KeyChanges& changes, UpdateDone done);
    /** Deletes every key in @p keysOrTokens and @p aliases, or none when one is unknown (404). */
    void remove(const QStringList& keysOrTokens, const QStringList& aliases, RemoveDone done);

    /** True once keys can be managed (a database is open). */
    bool canManage() const;

signals:
    /** Keys were created, changed or deleted (here, by the command line or by another instance). */
    void keysChanged();

private:
    void onLoaded(const QList<VirtualKey>& keys, quint64 committedBatch);
    void fireReady();
    std::optional<ApiError> unavailable() const;

    const IClock& m_clock;
    QByteArray m_instanceId;
    KeyCache m_cache;
    KeyLimiter m_limiter;
    StorageSettings m_storageSettings;
    RedisSettings m_redisSettings;
    std::unique_ptr<RedisClient> m_redis;
    std::unique_ptr<SharedLimits> m_shared;
    std::unique_ptr<StorageService> m_storage;
    std::function<void()> m_ready;
    QTimer m_readyTimer;
    QString m_storageError;
    bool m_started = false;
};

} // namespace sy
