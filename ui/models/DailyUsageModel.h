#pragma once

#include "gateway/storage/UsageHistory.h"

#include <QAbstractTableModel>

namespace sy {

/**
 * Usage over time: one row per UTC day and key (or model group), as the gateway's history
 * query returns it (HistoryService::daily). Sortable; exported as CSV.
 */
class DailyUsageModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Day,
        Name,
        Requests,
        PromptTokens,
        CompletionTokens,
        Errors,
        Spend,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit DailyUsageModel(QObject* parent = nullptr);

    void setRows(const QList<DailyUsage>& rows, DailyUsageQuery::GroupBy groupBy);
    const QList<DailyUsage>& rows() const { return m_rows; }
    DailyUsageQuery::GroupBy groupBy() const { return m_groupBy; }

    /** What a row's key or model is called: the alias, "Master key", or the model group. */
    QString nameOf(const DailyUsage& row) const;
    /** The rows as CSV (UTF-8, comma-separated, a header line, numbers as C locale). */
    QByteArray toCsv() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<DailyUsage> m_rows;
    DailyUsageQuery::GroupBy m_groupBy = DailyUsageQuery::GroupBy::Key;
};

} // namespace sy
