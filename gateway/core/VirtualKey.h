#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace sy {

/**
 * A virtual key as stored: its settings and its spend in the current budget period. The key
 * itself is never kept, only its SHA-256 (`token`), as LiteLLM does. Plain data, safe to copy
 * across threads.
 */
struct VirtualKey
{
    QString token; ///< SHA-256 of the key, lowercase hex
    QString keyName; ///< "sk-...wxyz", the abbreviation shown in lists
    QString alias; ///< key_alias; unique when set
    QStringList models; ///< model groups it may call; empty: all. "*" and "prefix/*" match several
    std::optional<double> maxBudget; ///< USD per budget period
    QString budgetDuration; ///< e.g. "30d"; empty: the budget never resets
    QDateTime budgetResetAt; ///< end of the current budget period (UTC); null without budgetDuration
    double spend = 0; ///< USD spent in the current budget period
    std::optional<qint64> rpmLimit; ///< requests per minute
    std::optional<qint64> tpmLimit; ///< prompt plus completion tokens per minute
    std::optional<qint64> maxParallelRequests;
    QDateTime expires; ///< null: never
    QJsonObject metadata;
    QString userId; ///< kept and echoed for LiteLLM clients; not enforced
    QString teamId;
    bool blocked = false;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime lastUsedAt; ///< null: never used

    bool allowsModel(const QString& model) const;
    bool isExpired(const QDateTime& now) const { return expires.isValid() && now >= expires; }
    /** True when the budget period ended at @p now (the stored spend belongs to a past period). */
    bool budgetPeriodOver(const QDateTime& now) const { return budgetResetAt.isValid() && now >= budgetResetAt; }

    /** LiteLLM's key object (/key/info's "info", /key/list with return_full_object). */
    QJsonObject toJson() const;

    /** A time as LiteLLM prints it: "2024-04-15T10:30:00.000+00:00", or null. */
    static QJsonValue timeJson(const QDateTime& time);
};

/**
 * A virtual key as the UI shows it: the stored key plus what the gateway counts live. Built on
 * the gateway thread by KeyService.
 */
struct VirtualKeyInfo
{
    VirtualKey key;
    double spend = 0; ///< current budget period, including requests not yet written
    std::optional<double> budgetRemaining; ///< max_budget − spend, never negative; none without a budget
    bool expired = false;
    int inFlight = 0; ///< requests under way on this instance
    qint64 requestsThisMinute = 0; ///< in the current rate-limit window, this instance
    qint64 tokensThisMinute = 0;
};

} // namespace sy

Q_DECLARE_METATYPE(sy::VirtualKey)
Q_DECLARE_METATYPE(sy::VirtualKeyInfo)
