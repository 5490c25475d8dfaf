#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace sy {

/** What a virtual key may do; every limit is optional (absent: unlimited). */
struct KeyLimits
{
    QStringList models; ///< model groups the key may call; empty: all
    std::optional<int> rpm; ///< requests per minute
    std::optional<int> tpm; ///< tokens per minute
    std::optional<int> maxParallel; ///< requests in flight at once
    std::optional<double> maxBudget; ///< USD per budget period (or in total without a period)
    QString budgetPeriod; ///< LiteLLM's budget_duration: "1d", "7d", "30d", …; empty: never resets
    QDateTime expiresAt; ///< UTC; invalid: never expires

    bool operator==(const KeyLimits&) const = default;
};

/**
 * One virtual key as the keys page and the usage table show it. The secret itself is never
 * here: only IKeyManager::keyCreated carries it, once.
 */
struct KeyInfo
{
    QString hash; ///< the key's hash, as RequestRecord::keyHash; identifies the key
    QString alias; ///< the name the user gave it
    QString preview; ///< a recognisable, harmless part of the key, e.g. "sk-…3f9a"
    KeyLimits limits;
    double spend = 0; ///< USD in the current budget period (or in total without a period)
    quint64 requests = 0; ///< all time
    quint64 tokens = 0; ///< all time, prompt + completion
    QDateTime createdAt; ///< UTC
    QDateTime lastUsedAt; ///< UTC; invalid: never used
    QDateTime budgetResetsAt; ///< UTC; invalid: no period
    bool blocked = false; ///< revoked or blocked: requests with it are refused

    /** USD left in this period; nullopt without a budget. Never below zero. */
    std::optional<double> budgetLeft() const
    {
        if (!limits.maxBudget)
            return std::nullopt;
        return qMax(0.0, *limits.maxBudget - spend);
    }
    bool budgetExhausted() const { return limits.maxBudget && spend >= *limits.maxBudget; }
    bool isExpired(const QDateTime& now) const { return limits.expiresAt.isValid() && limits.expiresAt <= now; }
};

} // namespace sy

Q_DECLARE_METATYPE(sy::KeyInfo)
Q_DECLARE_METATYPE(sy::KeyLimits)
