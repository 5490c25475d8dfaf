#include "gateway/redis/SharedLimits.h"

#include "gateway/core/Clock.h"
#include "gateway/core/VirtualKey.h"
#include "gateway/redis/RedisClient.h"

namespace sy {

namespace {

constexpr qint64 kWindowMs = 60'000;
constexpr qint64 kWindowTtlMs = 2 * kWindowMs;

// KEYS: rpm counter, parallel leases (sorted set scored by expiry), tpm counter.
// ARGV: rpm limit, parallel limit, tpm limit (0: none), now ms, lease ms, lease name, window ttl.
// Returns {verdict, rpm, parallel, tpm}: 0 admitted, 1 rpm, 2 parallel, 3 tpm.
const QByteArray kAdmitScript = R"lua(
local rl, pl, tl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local rpm = tonumber(redis.call('GET', KEYS[1]) or '0')
local tpm = tonumber(redis.call('GET', KEYS[3]) or '0')
local par = 0
if pl > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  par = redis.call('ZCARD', KEYS[2])
end
if rl > 0 and rpm >= rl then return {1, rpm, par, tpm} end
if tl > 0 and tpm >= tl then return {3, rpm, par, tpm} end
if pl > 0 and par >= pl then return {2, rpm, par, tpm} end
if rl > 0 then
  rpm = redis.call('INCR', KEYS[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[7])
end
if pl > 0 then
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[6])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
  par = par + 1
end
return {0, rpm, par, tpm}
)lua";

} // namespace

SharedLimits::SharedLimits(RedisClient& redis, const IClock& clock)
    : m_redis(redis)
    , m_clock(clock)
{ }

bool SharedLimits::isAvailable() const
{
    return m_redis.isConnected();
}

bool SharedLimits::applies(const VirtualKey& key)
{
    return key.rpmLimit || key.tpmLimit || key.maxParallelRequests;
}

qint64 SharedLimits::window() const
{
    return m_clock.nowUtc().toMSecsSinceEpoch() / kWindowMs;
}

QByteArray SharedLimits::redisKey(const VirtualKey& key, const char* kind, qint64 window)
{
    QByteArray out = "switchyard:key:" + key.token.left(32).toLatin1() + ':' + kind;
    if (window >= 0)
        out += ':' + QByteArray::number(window);
    return out;
}

void SharedLimits::admit(const VirtualKey& key, const QByteArray& lease, std::function<void(Verdict)> done)
{
    if (!m_redis.isConnected()) {
        done(Verdict::Unavailable);
        return;
    }
    const qint64 w = window();
    m_redis.command({"EVAL",
                     kAdmitScript,
                     "3",
                     redisKey(key, "rpm", w),
                     redisKey(key, "par"),
                     redisKey(key, "tpm", w),
                     QByteArray::number(key.rpmLimit.value_or(0)),
                     QByteArray::number(key.maxParallelRequests.value_or(0)),
                     QByteArray::number(key.tpmLimit.value_or(0)),
                     QByteArray::number(m_clock.nowUtc().toMSecsSinceEpoch()),
                     QByteArray::number(kLeaseMs),
                     lease,
                     QByteArray::number(kWindowTtlMs)},
                    [done = std::move(done)](const RedisReply& reply) {
                        if (reply.type != RedisReply::Type::Array || reply.elements.isEmpty()) {
                            done(Verdict::Unavailable);
                            return;
                        }
                        switch (reply.elements.first().toInteger(-1)) {
                        case 0:
                            done(Verdict::Admitted);
                            return;
                        case 1:
                            done(Verdict::RpmExceeded);
                            return;
                        case 2:
                            done(Verdict::ParallelExceeded);
                            return;
                        case 3:
                            done(Verdict::TpmExceeded);
                            return;
                        default:
                            done(Verdict::Unavailable);
                        }
                    });
}

void SharedLimits::release(const VirtualKey& key, const QByteArray& lease)
{
    m_redis.command({"ZREM", redisKey(key, "par"), lease}, [](const RedisReply&) {});
}

void SharedLimits::addTokens(const VirtualKey& key, qint64 tokens)
{
    if (!key.tpmLimit || tokens <= 0)
        return;
    const QByteArray counter = redisKey(key, "tpm", window());
    m_redis.command({"INCRBY", counter, QByteArray::number(tokens)}, [](const RedisReply&) {});
    m_redis.command({"PEXPIRE", counter, QByteArray::number(kWindowTtlMs)}, [](const RedisReply&) {});
}

} // namespace sy
