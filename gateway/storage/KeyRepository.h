#pragma once

#include "gateway/core/VirtualKey.h"

#include <QList>
#include <QString>

#include <optional>

namespace sy {

class Database;

/** The SQL behind virtual keys, on an open Database (on the thread that opened it). */
namespace KeyRepository {

enum class Outcome
{
    Ok,
    NotFound,
    AliasTaken, ///< another key has this key_alias
    Failed, ///< a database error; the message says which
};

/** Every key, ordered by creation. nullopt on a database error. */
std::optional<QList<VirtualKey>> loadAll(Database& db, QString* error);

Outcome insert(Database& db, const VirtualKey& key, QString* error);
/**
 * Writes @p key's settings. Its spend is written only with @p writeSpend: the stored spend
 * also counts other instances' requests and batches this one has not synced yet.
 */
Outcome update(Database& db, const VirtualKey& key, bool writeSpend, QString* error);
/** Deletes all of @p tokens, or none of them when one is missing (NotFound). */
Outcome remove(Database& db, const QStringList& tokens, QString* error);

/** Adds @p usd to a key's spend and sets its last use; inside the caller's transaction. */
bool addSpend(Database& db, const QString& token, double usd, qint64 lastUsedMs, QString* error);

/**
 * Starts a new budget period for every key whose period ended by @p nowMs: spend 0, and the
 * next reset per its budget_duration. Conditional on the old reset time, so several instances
 * sharing a database reset each key once. Returns how many keys were reset, or -1 on error.
 */
int resetEndedBudgets(Database& db, const QDateTime& now, QString* error);

} // namespace KeyRepository

} // namespace sy
