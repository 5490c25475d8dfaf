#pragma once

#include "gateway/core/RequestRecord.h"
#include "ui/keys/KeyInfo.h"

#include <QAbstractTableModel>
#include <QHash>

namespace sy {

class KeyDirectory;

/**
 * Usage per API key: requests, tokens, spend, limits and budget left. Two sources merge here:
 * the key list from the key store (all-time numbers, limits, budgets; refreshed by
 * KeyDirectory) and the request records this session (counted as they arrive). A key's row
 * shows the stored numbers plus what the records added since the list was taken, so it moves
 * every second without asking the store. Without a key store, rows come from records only:
 * the master key and any key the gateway reported.
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
        Limits,
        Budget,
        BudgetLeft,
        LastUsed,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int HashRole = Qt::UserRole + 2;

    explicit KeyUsageModel(const KeyDirectory* directory = nullptr, QObject* parent = nullptr);

    void addRecords(const QList<RequestRecord>& records);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /** What the row shows, for tests and the tooltip. */
    struct Usage
    {
        quint64 requests = 0;
        quint64 tokens = 0;
        quint64 errors = 0;
        double spend = 0;
        QDateTime lastUsed;
    };
    Usage usage(int row) const;
    const KeyInfo* info(int row) const;

private:
    struct Row
    {
        QString hash;
        QString alias; ///< from records, when the key store has no entry
        Usage session; ///< counted from records
        Usage baseline; ///< session at the time the key list was taken
    };

    void rebuild();
    int rowFor(const RequestRecord& r);
    QVariant display(int row, int column) const;
    QVariant sortValue(int row, int column) const;

    const KeyDirectory* m_directory;
    QList<Row> m_rows;
    QHash<QString, int> m_rowOf;
};

} // namespace sy
