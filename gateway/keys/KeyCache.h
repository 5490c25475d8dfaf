#pragma once

#include "gateway/core/VirtualKey.h"

#include <QByteArray>
#include <QHash>
#include <QVarLengthArray>

#include <memory>

namespace sy {

/**
 * One virtual key as the gateway thread uses it: the stored key and what this instance
 * counts for it. Only the gateway thread touches it; requests hold it by shared pointer, so a
 * key revoked while they run stays valid for them.
 */
struct KeyEntry
{
    VirtualKey key; ///< as last read from the database, or as last changed here
    QByteArray digest; ///< SHA-256 of the key (binary): the cache's index
    bool revoked = false;

    // Spend counted here but maybe not in key.spend yet, oldest first. Dropped once the database
    // has the batch and key.spend was read back after it.
    struct PendingSpend
    {
        quint64 batch;
        double usd;
        QDateTime periodEnd; ///< the budget period it was spent in (null: no budget period)
    };
    QVarLengthArray<PendingSpend, 4> pendingSpend;
    QDateTime lastUsedHere;

    // This instance's counters, for RPM and TPM in fixed one-minute windows and parallel requests.
    qint64 window = -1; ///< minutes since the epoch
    qint64 windowRequests = 0;
    qint64 windowTokens = 0;
    int inFlight = 0;

    /** Spend in the current budget period at @p now, including spend not yet in the database. */
    double spend(const QDateTime& now) const;
    void addSpend(double usd, quint64 batch, const QDateTime& now);
    /** The end of the budget period running at @p now (null without a budget period). */
    QDateTime periodEnd(const QDateTime& now) const;
    /** The counters of the window of @p minute, starting a new window if needed. */
    void enterWindow(qint64 minute);
};

/**
 * Every virtual key, by the SHA-256 of the key, for the authentication hot path: one hash
 * lookup per request. Filled from the database at start, changed by the admin API, and
 * refreshed from the database every couple of seconds (keys changed by `switchyard key …` or
 * by other instances, and spend).
 */
class KeyCache
{
public:
    KeyCache();

    /** False until the database was read once (requests with unknown keys then get 503). */
    bool isLoaded() const { return m_loaded; }
    bool isEmpty() const { return m_byDigest.isEmpty(); }
    qsizetype size() const { return m_byDigest.size(); }

    std::shared_ptr<KeyEntry> find(const QByteArray& digest) const { return m_byDigest.value(digest); }
    /**
     * The entry of the key a client presented. A key that matched before is not hashed again:
     * SHA-256 cost more than the rest of authentication. It is found by a hash with a secret seed
     * and compared in constant time, so a guess learns nothing from the timing.
     */
    std::shared_ptr<KeyEntry> findPresented(QByteArrayView key) const;
    std::shared_ptr<KeyEntry> findToken(const QString& token) const;
    std::shared_ptr<KeyEntry> findAlias(const QString& alias) const;
    QList<std::shared_ptr<KeyEntry>> entries() const;

    /** Adds @p key, or replaces the stored part of its entry (counters stay). */
    std::shared_ptr<KeyEntry> upsert(const VirtualKey& key);
    void remove(const QString& token);

    /**
     * Replaces everything with the database's view: @p keys as read after batch
     * @p committedBatch was written. Keys gone from the database are dropped.
     */
    void sync(const QList<VirtualKey>& keys, quint64 committedBatch);
    /** The database cannot be used: nothing is loaded, so unknown keys get 503, not 401. */
    void setLoaded(bool loaded) { m_loaded = loaded; }

private:
    struct Presented
    {
        QByteArray key;
        QByteArray digest;
    };

    void forgetPresented() { m_presented.clear(); }

    QHash<QByteArray, std::shared_ptr<KeyEntry>> m_byDigest;
    /// Keys that matched an entry, by seeded hash; only valid keys, so bounded by the keys in use.
    mutable QHash<size_t, Presented> m_presented;
    size_t m_seed;
    bool m_loaded = false;
};

} // namespace sy
