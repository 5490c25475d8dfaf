#pragma once

#include "gateway/core/RequestRecord.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace sy {

/** Spend to add to one key: a batch holds at most one per key. */
struct SpendDelta
{
    QString token;
    double usd = 0;
    qint64 lastUsedMs = 0;
};

/**
 * What the gateway hands the storage thread a few times a second: the finished requests'
 * records and what they cost each key. Written in one transaction; numbered, so the key cache
 * knows which of its spend the database already holds.
 */
struct StorageBatch
{
    quint64 number = 0;
    QList<RequestRecord> records;
    QList<SpendDelta> spend;

    bool isEmpty() const { return records.isEmpty() && spend.isEmpty(); }
};

} // namespace sy

Q_DECLARE_METATYPE(sy::StorageBatch)
