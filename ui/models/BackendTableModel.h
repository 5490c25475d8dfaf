#pragma once

#include "gateway/core/GatewaySnapshot.h"

#include <QAbstractTableModel>

namespace sy {

/**
 * The dashboard's backends table: one row per deployment of the latest snapshot, with health,
 * latency, in-flight, requests, errors and the last error. A new snapshot with the same
 * deployments updates the cells in place (selection and scrolling stay); a different set
 * resets the rows.
 */
class BackendTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Model,
        Backend,
        Health,
        Latency,
        Ttft,
        InFlight,
        Requests,
        Errors,
        LastError,
        ColumnCount
    };
    /** Numbers for sorting (Qt::DisplayRole holds formatted text). */
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit BackendTableModel(QObject* parent = nullptr);

    void setSnapshot(const GatewaySnapshotPtr& snapshot);
    const DeploymentSnapshot* deployment(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const DeploymentSnapshot& d, int column) const;
    QVariant sortValue(const DeploymentSnapshot& d, int column) const;

    GatewaySnapshotPtr m_snapshot;
};

} // namespace sy
