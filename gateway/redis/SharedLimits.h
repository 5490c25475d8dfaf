#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace sy {

class IClock;
class RedisClient;
struct VirtualKey;

/**
 * Virtual keys' RPM, TPM and parallel-request counters shared by every instance through
 * Redis. One Lua script checks all three and counts the request atomically, so instances
 * racing for a key's last request cannot both get it. Parallel requests are a sorted set of
 * leases rather than a counter, so an instance that dies mid-request does not hold its slots
 * for ever (a lease lapses after kLeaseMs).
 *
 * Nothing waits for Redis longer than the client's command timeout: when it is down or slow,
 * admit() reports that it could not decide and the caller goes by its local counters.
 */
class SharedLimits
{
public:
    /** How long a parallel-request slot is held if its instance never releases it. */
    static constexpr qint64 kLeaseMs = 15 * 60 * 1000;

    SharedLimits(RedisClient& redis, const IClock& clock);

    enum class Verdict
    {
        Admitted,
        RpmExceeded,
        TpmExceeded,
        ParallelExceeded,
        Unavailable, ///< Redis did not answer: decide locally
    };

    /** True when Redis is connected (otherwise admit() reports Unavailable at once). */
    bool isAvailable() const;
    /** True when @p key has a limit Redis has to count. */
    static bool applies(const VirtualKey& key);

    /** Checks and counts one request of @p key; @p lease names its parallel slot. */
    void admit(const VirtualKey& key, const QByteArray& lease, std::function<void(Verdict)> done);
    /** Frees the parallel slot @p lease of @p key. */
    void release(const VirtualKey& key, const QByteArray& lease);
    /** Adds a finished request's tokens to @p key's current TPM window. */
    void addTokens(const VirtualKey& key, qint64 tokens);

    /** The Redis key of @p key's counter @p kind ("rpm", "tpm", "par") in @p window. */
    static QByteArray redisKey(const VirtualKey& key, const char* kind, qint64 window = -1);

private:
    qint64 window() const;

    RedisClient& m_redis;
    const IClock& m_clock;
};

} // namespace sy
