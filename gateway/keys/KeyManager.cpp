#include "gateway/keys/KeyManager.h"

#include "gateway/core/Clock.h"
#include "gateway/core/Durations.h"
#include "gateway/core/Principal.h"
#include "gateway/core/RequestRecord.h"
#include "gateway/keys/ApiKeys.h"
#include "gateway/redis/RedisClient.h"
#include "gateway/redis/SharedLimits.h"
#include "gateway/storage/KeyRepository.h"
#include "gateway/storage/StorageService.h"

#include <QLoggingCategory>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcKeys, "switchyard.keys", QtInfoMsg)

namespace sy {

namespace {

// The longest start-up waits for the keys before serving anyway (then they answer 503).
constexpr int kReadyTimeoutMs = 5000;

struct WriteResult
{
    KeyRepository::Outcome outcome = KeyRepository::Outcome::Failed;
    QString error;
};

ApiError databaseError(const QString& detail)
{
    return {500, u"The key database failed: %1"_s.arg(detail), "api_error", "database_error", {}, std::nullopt};
}

ApiError aliasTaken(const QString& alias)
{
    return ApiError::badRequest(
        u"key_alias '%1' is already used by another key."_s.arg(alias), "key_alias_taken", "key_alias");
}

} // namespace

KeyManager::KeyManager(const IClock& clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_instanceId(QByteArray::number(QRandomGenerator::system()->generate64() & 0xffffffffffffULL, 36))
    , m_limiter(clock)
    , m_readyTimer(this)
{
    m_readyTimer.setSingleShot(true);
    m_readyTimer.setInterval(kReadyTimeoutMs);
    connect(&m_readyTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcKeys) << "the key database is not ready after" << kReadyTimeoutMs / 1000
                          << "s; serving now, virtual keys answer 503 until it is";
        fireReady();
    });
}

KeyManager::~KeyManager()
{
    shutdown();
}

void KeyManager::start(const StorageSettings& settings, std::function<void()> ready)
{
    if (m_started) {
        // A restart of the gateway: the keys are loaded already (or the database keeps trying).
        ready();
        return;
    }
    m_started = true;
    m_storageSettings = settings;
    m_ready = std::move(ready);
    QString error;
    const DatabaseLocation location = DatabaseLocation::resolve(settings, &error);
    if (location.kind == DatabaseLocation::Kind::None) {
        if (!error.isEmpty())
            qCCritical(lcKeys).noquote() << error << "- virtual keys and usage records are off";
        m_cache.setLoaded(true); // nothing to load: unknown keys are simply invalid
        fireReady();
        return;
    }
    m_storage = std::make_unique<StorageService>(m_clock);
    connect(m_storage.get(), &StorageService::ready, this, &KeyManager::onLoaded);
    connect(m_storage.get(), &StorageService::keysSynced, this, [this](const QList<VirtualKey>& keys, quint64 batch) {
        const qsizetype before = m_cache.size();
        m_cache.sync(keys, batch);
        if (m_cache.size() != before)
            emit keysChanged();
    });
    connect(m_storage.get(), &StorageService::openFailed, this, [this](const QString& why) {
        m_storageError = why;
        fireReady(); // serve the master key meanwhile; the worker keeps trying
    });
    m_readyTimer.start();
    m_storage->setRetention(settings.spendLogsRetention.count());
    m_storage->start(location, !settings.disableSpendLogs);
}

void KeyManager::onLoaded(const QList<VirtualKey>& keys, quint64 committedBatch)
{
    m_storageError.clear();
    m_cache.sync(keys, committedBatch);
    emit keysChanged();
    fireReady();
}

void KeyManager::fireReady()
{
    m_readyTimer.stop();
    if (std::function<void()> ready = std::exchange(m_ready, {}))
        ready();
}

void KeyManager::applyConfig(const StorageSettings& storage, const RedisSettings& redis)
{
    if (m_storage) {
        m_storage->setRetention(storage.spendLogsRetention.count()); // applies at once
        if (storage.databaseUrl != m_storageSettings.databaseUrl
            || storage.disableSpendLogs != m_storageSettings.disableSpendLogs
            || storage.dataDir != m_storageSettings.dataDir)
            qCWarning(lcKeys) << "database_url and disable_spend_logs changes take effect when Switchyard restarts";
    }
    if (redis == m_redisSettings && (m_redis != nullptr) == redis.isConfigured())
        return;
    m_redisSettings = redis;
    m_shared.reset();
    m_redis.reset();
    if (!redis.isConfigured())
        return;
    m_redis = std::make_unique<RedisClient>();
    m_shared = std::make_unique<SharedLimits>(*m_redis, m_clock);
    m_redis->start(redis);
}

void KeyManager::flushAndWait()
{
    if (m_storage)
        m_storage->flushAndWait();
}

void KeyManager::shutdown()
{
    if (m_storage)
        m_storage->shutdown();
}

bool KeyManager::canManage() const
{
    return m_storage && m_storage->isReady();
}

std::optional<ApiError> KeyManager::unavailable() const
{
    if (!m_storage) {
        return ApiError::serviceUnavailable(
            u"Virtual keys need a database: set general_settings.database_url, or run Switchyard with a data directory."_s,
            "database_not_configured");
    }
    if (!m_storage->isReady()) {
        return ApiError::serviceUnavailable(u"The key database is not available: %1"_s.arg(
                                                m_storageError.isEmpty() ? u"still opening"_s : m_storageError),
                                            "database_unavailable",
                                            5);
    }
    return std::nullopt;
}

void KeyManager::recordUsage(const Principal& principal, RequestRecord record)
{
    if (KeyEntry* entry = principal.key.get()) {
        const qint64 tokens = record.usage.totalTokens();
        m_limiter.recordTokens(*entry, tokens);
        if (m_shared && m_shared->isAvailable())
            m_shared->addTokens(entry->key, tokens);
        const QDateTime now = m_clock.nowUtc();
        entry->lastUsedHere = now;
        if (record.cost > 0)
            entry->addSpend(record.cost, m_storage ? m_storage->currentBatch() : 0, now);
        if (m_storage)
            m_storage->addSpend(entry->key.token, record.cost, now);
    }
    if (m_storage) // last: the record moves into the batch
        m_storage->record(std::move(record));
}

std::shared_ptr<KeyEntry> KeyManager::resolve(const QString& keyOrToken) const
{
    const QString text = keyOrToken.trimmed();
    if (text.startsWith(u"sk-"_s))
        return m_cache.find(ApiKeys::digest(text.toUtf8()));
    return ApiKeys::looksLikeToken(text) ? m_cache.findToken(text) : nullptr;
}

VirtualKeyInfo KeyManager::infoOf(const KeyEntry& entry) const
{
    const QDateTime now = m_clock.nowUtc();
    VirtualKeyInfo info;
    info.key = entry.key;
    info.spend = entry.spend(now);
    info.key.spend = info.spend;
    if (entry.lastUsedHere.isValid() && (!info.key.lastUsedAt.isValid() || entry.lastUsedHere > info.key.lastUsedAt))
        info.key.lastUsedAt = entry.lastUsedHere;
    info.key.budgetResetAt = entry.periodEnd(now);
    if (entry.key.maxBudget)
        info.budgetRemaining = qMax(0.0, *entry.key.maxBudget - info.spend);
    info.expired = entry.key.isExpired(now);
    info.inFlight = entry.inFlight;
    if (entry.window == m_limiter.currentWindow()) {
        info.requestsThisMinute = entry.windowRequests;
        info.tokensThisMinute = entry.windowTokens;
    }
    return info;
}

QJsonObject KeyManager::jsonOf(const KeyEntry& entry) const
{
    const VirtualKeyInfo info = infoOf(entry);
    QJsonObject o = info.key.toJson();
    o[u"budget_remaining"_s] = info.budgetRemaining ? QJsonValue(*info.budgetRemaining) : QJsonValue();
    return o;
}

void KeyManager::create(const KeyChanges& changes, CreateDone done)
{
    if (std::optional<ApiError> error = unavailable()) {
        done(error, {}, {});
        return;
    }
    const QDateTime now = m_clock.nowUtc();
    const QString plaintext = ApiKeys::generate();
    VirtualKey key;
    key.token = ApiKeys::token(plaintext.toUtf8());
    key.keyName = ApiKeys::abbreviation(plaintext);
    key.createdAt = now;
    changes.applyTo(key, now);
    if (!key.alias.isEmpty() && m_cache.findAlias(key.alias)) {
        done(aliasTaken(key.alias), {}, {});
        return;
    }
    m_storage->run<WriteResult>(
        [key](Database* db) {
            WriteResult r;
            if (!db)
                r.error = u"the database is unreachable"_s;
            else
                r.outcome = KeyRepository::insert(*db, key, &r.error);
            return r;
        },
        [this, key, plaintext, done = std::move(done)](WriteResult r) {
            if (r.outcome == KeyRepository::Outcome::AliasTaken) {
                done(aliasTaken(key.alias), {}, {});
                return;
            }
            if (r.outcome != KeyRepository::Outcome::Ok) {
                done(databaseError(r.error), {}, {});
                return;
            }
            m_cache.upsert(key);
            qCInfo(lcKeys).noquote() << "created key" << key.keyName << (key.alias.isEmpty() ? QString() : key.alias);
            emit keysChanged();
            done(std::nullopt, plaintext, key);
        });
}

void KeyManager::update(const QString& keyOrToken, const KeyChanges& changes, UpdateDone done)
{
    if (std::optional<ApiError> error = unavailable()) {
        done(error, {});
        return;
    }
    const std::shared_ptr<KeyEntry> entry = resolve(keyOrToken);
    if (!entry) {
        done(ApiError::notFound(u"No such key. Give the key (sk-…) or its token."_s, "key_not_found"), {});
        return;
    }
    VirtualKey key = entry->key;
    changes.applyTo(key, m_clock.nowUtc());
    if (!key.alias.isEmpty()) {
        const std::shared_ptr<KeyEntry> other = m_cache.findAlias(key.alias);
        if (other && other != entry) {
            done(aliasTaken(key.alias), {});
            return;
        }
    }
    const bool writeSpend = changes.spend.has_value();
    m_storage->run<WriteResult>(
        [key, writeSpend](Database* db) {
            WriteResult r;
            if (!db)
                r.error = u"the database is unreachable"_s;
            else
                r.outcome = KeyRepository::update(*db, key, writeSpend, &r.error);
            return r;
        },
        [this, key, writeSpend, done = std::move(done)](WriteResult r) {
            switch (r.outcome) {
            case KeyRepository::Outcome::Ok:
                break;
            case KeyRepository::Outcome::AliasTaken:
                done(aliasTaken(key.alias), {});
                return;
            case KeyRepository::Outcome::NotFound:
                done(ApiError::notFound(u"No such key (it was deleted meanwhile)."_s, "key_not_found"), {});
                return;
            case KeyRepository::Outcome::Failed:
                done(databaseError(r.error), {});
                return;
            }
            if (const std::shared_ptr<KeyEntry> current = m_cache.findToken(key.token)) {
                // Spend and last use may have been read back meanwhile: keep those, unless this
                // update set the spend.
                VirtualKey updated = key;
                updated.lastUsedAt = current->key.lastUsedAt;
                if (!writeSpend)
                    updated.spend = current->key.spend;
                m_cache.upsert(updated);
            }
            emit keysChanged();
            done(std::nullopt, key);
        });
}

void KeyManager::remove(const QStringList& keysOrTokens, const QStringList& aliases, RemoveDone done)
{
    if (std::optional<ApiError> error = unavailable()) {
        done(error, {});
        return;
    }
    QStringList tokens;
    QStringList missing;
    for (const QString& k : keysOrTokens) {
        const std::shared_ptr<KeyEntry> entry = resolve(k);
        if (entry)
            tokens.append(entry->key.token);
        else
            missing.append(k.startsWith(u"sk-"_s) ? ApiKeys::abbreviation(k) : k);
    }
    for (const QString& alias : aliases) {
        const std::shared_ptr<KeyEntry> entry = m_cache.findAlias(alias);
        if (entry)
            tokens.append(entry->key.token);
        else
            missing.append(u"alias "_s + alias);
    }
    if (!missing.isEmpty()) {
        done(ApiError::notFound(u"No such key: %1. Nothing was deleted."_s.arg(missing.join(u", "_s)), "key_not_found"),
             {});
        return;
    }
    tokens.removeDuplicates();
    m_storage->run<WriteResult>(
        [tokens](Database* db) {
            WriteResult r;
            if (!db)
                r.error = u"the database is unreachable"_s;
            else
                r.outcome = KeyRepository::remove(*db, tokens, &r.error);
            return r;
        },
        [this, tokens, done = std::move(done)](WriteResult r) {
            if (r.outcome == KeyRepository::Outcome::NotFound) {
                done(ApiError::notFound(u"No such key (deleted meanwhile). Nothing was deleted."_s, "key_not_found"),
                     {});
                return;
            }
            if (r.outcome != KeyRepository::Outcome::Ok) {
                done(databaseError(r.error), {});
                return;
            }
            for (const QString& token : tokens)
                m_cache.remove(token);
            qCInfo(lcKeys) << "deleted" << tokens.size() << "key(s)";
            emit keysChanged();
            done(std::nullopt, tokens);
        });
}

} // namespace sy
