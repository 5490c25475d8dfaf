#pragma once

#include "gateway/core/GatewaySettings.h"

#include <QString>

#include <chrono>

namespace sy {

/**
 * litellm_settings.cache and cache_params (issue #16): the response cache. Seed 002's
 * cache_type/cache_kwargs and seed 003's top-level `cache:` land here too.
 */
struct CacheSettings
{
    enum class Mode
    {
        DefaultOn, ///< every cacheable request is looked up and stored
        DefaultOff, ///< only requests that say cache: {"use-cache": true}
    };

    bool enabled = false;
    QString type = QStringLiteral("local"); ///< "local" (in memory) or "redis"
    RedisSettings redis; ///< cache_params host/port/password/db/url, for type redis
    std::chrono::milliseconds ttl{600'000}; ///< how long an answer is kept, unless a request says otherwise
    QString ns; ///< cache_params.namespace: prefix of every key
    qint64 maxBytes = 64 * 1024 * 1024; ///< local: the LRU's bound in bytes (max_size_mb)
    qint64 maxEntries = 0; ///< local: at most this many answers (max_size); 0: bounded by bytes only
    Mode mode = Mode::DefaultOn;
    // supported_call_types: which operations are cached
    bool chat = true; ///< completion, acompletion (chat completions, messages, …)
    bool completion = true; ///< text_completion, atext_completion
    bool embedding = true; ///< embedding, aembedding
    // What the key leaves out unless told (cache_params.key_includes)
    bool keyIncludesUser = false;
    bool keyIncludesMetadata = false;

    /** True when @p other needs another store (a new Redis connection, other bounds). */
    bool sameStore(const CacheSettings& other) const
    {
        return enabled == other.enabled && type == other.type && redis == other.redis && maxBytes == other.maxBytes
            && maxEntries == other.maxEntries;
    }
};

} // namespace sy
