#pragma once

#include "gateway/core/KeyUsage.h"
#include "ui/keys/KeyInfo.h"

#include <QAbstractTableModel>
#include <QHash>

namespace sy {

class KeyDirectory;

/**
 * Usage per API key: requests, tokens, errors and spend, all time, as the usage log counts
 * them (/spend/logs), and the budget as /key/info has it. The numbers are the gateway's: each
 * snapshot carries them (setUsage()), so this model computes none and a key list refresh
 * cannot reset them. The key store's list (KeyDirectory) adds what does not move every second:
 * aliases, limits, budget periods, revoked keys.
 */
class KeyUsageModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Key,
        Requests,
        Tokens,
        Errors,
        Spend,
        Budget,
        BudgetLeft,
        Limits,
        LastUsed,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int HashRole = Qt::UserRole + 2;

    explicit KeyUsageModel(const KeyDirectory* directory = nullptr, QObject* parent = nullptr);

    /** The gateway's numbers, from a snapshot. */
    void setUsage(const KeyUsageList& usage);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /** What the row shows; empty usage for a key the gateway has not reported yet. */
    const KeyUsage& usage(int row) const;
    const KeyInfo* info(int row) const;

private:
    void rebuild();
    QVariant display(int row, int column) const;
    QVariant sortValue(int row, int column) const;

    const KeyDirectory* m_directory;
    KeyUsageList m_usage; ///< as the gateway sent it
    QStringList m_rows; ///< key hashes, in row order
    QHash<QString, qsizetype> m_usageOf; ///< hash → index in m_usage
};

} // namespace sy
