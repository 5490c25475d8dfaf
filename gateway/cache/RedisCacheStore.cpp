#include "gateway/cache/RedisCacheStore.h"

#include "gateway/redis/RedisClient.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr qint64 kScanBatch = 500;

} // namespace

RedisCacheStore::RedisCacheStore(const RedisSettings& settings)
    : m_redis(std::make_unique<RedisClient>())
{
    m_redis->setPurpose(
        u"cached answers are shared across instances"_s,
        u"responses are served uncached (and not stored) until it is back. Requests are not held up."_s);
    m_redis->start(settings);
}

RedisCacheStore::~RedisCacheStore() = default;

bool RedisCacheStore::isConnected() const
{
    return m_redis->isConnected();
}

QString RedisCacheStore::address() const
{
    return m_redis->address();
}

void RedisCacheStore::get(const QByteArray& key, GetDone done)
{
    if (!m_redis->isConnected()) {
        done(std::nullopt, false);
        return;
    }
    m_redis->command({"GET", key}, [done = std::move(done)](const RedisReply& reply) {
        if (reply.type == RedisReply::Type::String)
            done(reply.text, true);
        else
            done(std::nullopt, reply.type == RedisReply::Type::Nil);
    });
}

void RedisCacheStore::set(const QByteArray& key, const QByteArray& value, std::chrono::milliseconds ttl)
{
    if (!m_redis->isConnected() || ttl.count() <= 0)
        return;
    m_redis->command({"SET", key, value, "PX", QByteArray::number(qint64(ttl.count()))}, [](const RedisReply&) {});
}

void RedisCacheStore::unlink(const QList<QByteArray>& keys,
                             std::function<void(qint64 removed, const QString& error)> done)
{
    if (keys.isEmpty()) {
        done(0, {});
        return;
    }
    QList<QByteArray> args{"UNLINK"};
    args += keys;
    m_redis->command(args, [done = std::move(done)](const RedisReply& reply) {
        if (reply.isError())
            done(-1, QString::fromUtf8(reply.text));
        else
            done(reply.toInteger(), {});
    });
}

void RedisCacheStore::remove(const QList<QByteArray>& keys, AdminDone done)
{
    unlink(keys, [done = std::move(done)](qint64 removed, const QString& error) {
        if (removed < 0)
            done(false, error);
        else
            done(true, u"%1 removed"_s.arg(removed));
    });
}

void RedisCacheStore::flush(const QList<QByteArray>& prefixes, AdminDone done)
{
    // Only the cache's keys: the same Redis may hold the shared limits, which FLUSHALL would wipe.
    scanAndDelete(prefixes, 0, "0", 0, std::move(done));
}

void RedisCacheStore::scanAndDelete(
    const QList<QByteArray>& prefixes, int index, const QByteArray& cursor, qint64 removed, AdminDone done)
{
    if (index >= prefixes.size()) {
        done(true, u"%1 removed"_s.arg(removed));
        return;
    }
    std::weak_ptr<bool> alive = m_alive;
    m_redis->command(
        {"SCAN", cursor, "MATCH", prefixes[index] + '*', "COUNT", QByteArray::number(kScanBatch)},
        [this, alive, prefixes, index, removed, done](const RedisReply& reply) {
            if (alive.expired())
                return;
            if (reply.type != RedisReply::Type::Array || reply.elements.size() != 2) {
                done(false, u"Redis did not answer SCAN: %1"_s.arg(QString::fromUtf8(reply.text)));
                return;
            }
            const QByteArray next = reply.elements[0].text;
            QList<QByteArray> keys;
            for (const RedisReply& k : reply.elements[1].elements)
                keys.append(k.text);
            const int nextIndex = next == "0" ? index + 1 : index;
            const QByteArray nextCursor = next == "0" ? QByteArray("0") : next;
            // SCAN may name a key twice: count what UNLINK actually removed.
            unlink(keys, [this, alive, prefixes, nextIndex, nextCursor, removed, done](qint64 n, const QString& why) {
                if (alive.expired())
                    return;
                if (n < 0) {
                    done(false, why);
                    return;
                }
                scanAndDelete(prefixes, nextIndex, nextCursor, removed + n, done);
            });
        });
}

void RedisCacheStore::ping(AdminDone done)
{
    if (!m_redis->isConnected()) {
        done(false, u"Redis at %1 is not reachable"_s.arg(m_redis->address()));
        return;
    }
    const QString address = m_redis->address();
    m_redis->command({"SET", "switchyard:cache:ping", "1", "PX", "10000"}, [done, address](const RedisReply& reply) {
        if (reply.isError())
            done(false, u"Redis at %1 refused a write: %2"_s.arg(address, QString::fromUtf8(reply.text)));
        else
            done(true, u"Redis at %1 answered a write"_s.arg(address));
    });
}

} // namespace sy
