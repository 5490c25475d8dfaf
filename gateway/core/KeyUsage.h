#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace sy {

/**
 * What one API key used, all time, as the usage log (/spend/logs) counts it: every request
 * written for it, live. For a virtual key also its budget as /key/info reports it. Built on the
 * gateway thread (UsageLedger, KeyManager) and carried by every snapshot.
 */
struct KeyUsage
{
    QString keyHash; ///< the key's token; "" for the master key or no key
    QString alias;
    QString keyName; ///< "sk-...wxyz" for virtual keys
    quint64 requests = 0;
    quint64 promptTokens = 0;
    quint64 completionTokens = 0;
    quint64 errors = 0; ///< requests whose status was not 2xx or 3xx ("failure" in /spend/logs)
    double cost = 0; ///< USD, all time: the sum of its records' spend
    QDateTime lastUsedAt; ///< end of its last request; null: never

    // Virtual keys only, as /key/info has them.
    bool virtualKey = false;
    double periodSpend = 0; ///< spend in the current budget period
    std::optional<double> maxBudget;
    std::optional<double> budgetRemaining;

    quint64 tokens() const { return promptTokens + completionTokens; }
};

using KeyUsageList = QList<KeyUsage>;

} // namespace sy
