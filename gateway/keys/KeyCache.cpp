#include "gateway/keys/KeyCache.h"

#include "gateway/core/Durations.h"
#include "gateway/keys/ApiKeys.h"

#include <QRandomGenerator>
#include <QSet>

namespace sy {

namespace {

// Keys remembered at most; a gateway with more keys in use hashes some again.
constexpr qsizetype kMaxPresented = 4096;

} // namespace

QDateTime KeyEntry::periodEnd(const QDateTime& now) const
{
    if (!key.budgetResetAt.isValid())
        return {};
    if (now < key.budgetResetAt)
        return key.budgetResetAt;
    // The period ended and the storage thread has not started the next one yet: work it out.
    const std::optional<Duration> d = Duration::parse(key.budgetDuration);
    return d ? d->nextBudgetResetAfter(key.budgetResetAt, now) : QDateTime();
}

double KeyEntry::spend(const QDateTime& now) const
{
    // After the period ended and before the storage thread started the next one, the stored
    // spend belongs to the past period; so does spend counted here before it ended.
    const QDateTime period = periodEnd(now);
    double total = key.budgetPeriodOver(now) ? 0.0 : key.spend;
    for (const PendingSpend& p : pendingSpend) {
        if (p.periodEnd == period)
            total += p.usd;
    }
    return total;
}

void KeyEntry::addSpend(double usd, quint64 batch, const QDateTime& now)
{
    const QDateTime period = periodEnd(now);
    if (!pendingSpend.isEmpty() && pendingSpend.last().batch == batch && pendingSpend.last().periodEnd == period)
        pendingSpend.last().usd += usd;
    else
        pendingSpend.append({batch, usd, period});
}

void KeyEntry::enterWindow(qint64 minute)
{
    if (window == minute)
        return;
    window = minute;
    windowRequests = 0;
    windowTokens = 0;
}

std::shared_ptr<KeyEntry> KeyCache::findToken(const QString& token) const
{
    return m_byDigest.value(ApiKeys::digestOfToken(token.toLower()));
}

std::shared_ptr<KeyEntry> KeyCache::findAlias(const QString& alias) const
{
    if (alias.isEmpty())
        return {};
    for (const auto& entry : m_byDigest) {
        if (entry->key.alias == alias)
            return entry;
    }
    return {};
}

QList<std::shared_ptr<KeyEntry>> KeyCache::entries() const
{
    QList<std::shared_ptr<KeyEntry>> out;
    out.reserve(m_byDigest.size());
    for (const auto& entry : m_byDigest)
        out.append(entry);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a->key.createdAt != b->key.createdAt ? a->key.createdAt < b->key.createdAt : a->key.token < b->key.token;
    });
    return out;
}

std::shared_ptr<KeyEntry> KeyCache::upsert(const VirtualKey& key)
{
    const QByteArray digest = ApiKeys::digestOfToken(key.token);
    if (digest.isEmpty())
        return {};
    std::shared_ptr<KeyEntry>& slot = m_byDigest[digest];
    if (!slot) {
        slot = std::make_shared<KeyEntry>();
        slot->digest = digest;
    }
    slot->key = key;
    return slot;
}

KeyCache::KeyCache()
    : m_seed(size_t(QRandomGenerator::system()->generate64()))
{ }

std::shared_ptr<KeyEntry> KeyCache::findPresented(QByteArrayView key) const
{
    const size_t hash = qHash(key, m_seed);
    const auto it = m_presented.constFind(hash);
    if (it != m_presented.cend() && ApiKeys::constantTimeEquals(it->key, key))
        return find(it->digest);
    QByteArray digest = ApiKeys::digest(key);
    std::shared_ptr<KeyEntry> entry = find(digest);
    if (entry) {
        if (m_presented.size() >= kMaxPresented)
            m_presented.clear();
        m_presented.insert(hash, {key.toByteArray(), std::move(digest)});
    }
    return entry;
}

void KeyCache::remove(const QString& token)
{
    const auto entry = m_byDigest.take(ApiKeys::digestOfToken(token.toLower()));
    if (entry) {
        entry->revoked = true;
        forgetPresented(); // no copy of a revoked key stays in memory
    }
}

void KeyCache::sync(const QList<VirtualKey>& keys, quint64 committedBatch)
{
    QSet<QByteArray> present;
    for (const VirtualKey& key : keys) {
        const std::shared_ptr<KeyEntry> entry = upsert(key);
        if (!entry)
            continue;
        present.insert(entry->digest);
        auto& pending = entry->pendingSpend;
        qsizetype written = 0;
        while (written < pending.size() && pending.at(written).batch <= committedBatch)
            ++written;
        pending.erase(pending.begin(), pending.begin() + written);
    }
    for (auto it = m_byDigest.begin(); it != m_byDigest.end();) {
        if (present.contains(it.key())) {
            ++it;
            continue;
        }
        it.value()->revoked = true;
        it = m_byDigest.erase(it);
        forgetPresented();
    }
    m_loaded = true;
}

} // namespace sy
