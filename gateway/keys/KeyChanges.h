#pragma once

#include "gateway/core/VirtualKey.h"

#include <QJsonObject>
#include <QMetaType>

#include <optional>

namespace sy {

/**
 * What a /key/generate or /key/update request (or the UI) sets on a key. Each field is unset
 * (left as it is), a value, or null (cleared: no limit, no expiry). Parsed and validated here, so
 * the admin API, the CLI and the UI accept exactly the same input.
 */
struct KeyChanges
{
    template <class T>
    using Change = std::optional<std::optional<T>>; ///< unset / null / value

    Change<QString> alias;
    std::optional<QStringList> models;
    Change<double> maxBudget;
    Change<QString> budgetDuration;
    Change<qint64> rpmLimit;
    Change<qint64> tpmLimit;
    Change<qint64> maxParallelRequests;
    Change<QString> duration; ///< key lifetime from now; null: never expires
    std::optional<QJsonObject> metadata;
    /** LiteLLM's `guardrails`: the guardrails this key's requests always run (issue #16); kept
        as LiteLLM keeps them, in metadata.guardrails. */
    std::optional<QStringList> guardrails;
    Change<QString> userId;
    Change<QString> teamId;
    std::optional<bool> blocked;
    std::optional<double> spend; ///< sets the current period's spend (LiteLLM allows it)

    /**
     * Reads a request body. @p forUpdate allows "key" (the key to update, returned in @p key)
     * and refuses nothing else differently. Returns nullopt and sets @p error on bad input:
     * wrong types, negative limits, unknown durations, unknown fields.
     */
    static std::optional<KeyChanges> fromJson(const QJsonObject& body, bool forUpdate, QString* error, QString* key);

    /** Applies the changes to @p key at @p now (expiry and budget period start from @p now). */
    void applyTo(VirtualKey& key, const QDateTime& now) const;
};

} // namespace sy

Q_DECLARE_METATYPE(sy::KeyChanges)
