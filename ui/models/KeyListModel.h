#pragma once

#include <QAbstractTableModel>

namespace sy {

class KeyDirectory;
struct KeyInfo;

/** The keys page's table: every virtual key with its limits, budget, expiry and status. */
class KeyListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Alias,
        Key,
        Models,
        Limits,
        Budget,
        Expires,
        Created,
        LastUsed,
        Status,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int HashRole = Qt::UserRole + 2;

    explicit KeyListModel(const KeyDirectory& directory, QObject* parent = nullptr);

    const KeyInfo* key(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const KeyInfo& k, int column) const;

    const KeyDirectory& m_directory;
};

} // namespace sy
