#pragma once

#include "gateway/core/GatewaySnapshot.h"

#include <QAbstractItemModel>

namespace sy {

/**
 * The Models page's tree (issue #18): each model group on one line (strategy, retries,
 * fallbacks, how many deployments) with its deployments below (backend model and address,
 * health, requests in flight, RPM and TPM used this minute against their limits, prices, context
 * window, cooldown, last health check). Read from the snapshots; the same structure updates in
 * place, so expansion and selection stay.
 */
class ModelGroupsModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        Name, ///< a group's whole line (the view spans it), or a deployment's backend model
        Address, ///< where a deployment is: host:port, or the provider
        Health,
        InFlight,
        Rpm,
        Tpm,
        Price,
        Context,
        Cooldown,
        LastChecked,
        ColumnCount
    };
    static constexpr int DeploymentIdsRole = Qt::UserRole + 1; ///< QStringList: the row's deployments

    explicit ModelGroupsModel(QObject* parent = nullptr);

    void setSnapshot(const GatewaySnapshotPtr& snapshot);
    /** "The time now", for "checked 12 s ago" (tests set it). */
    void setNow(const QDateTime& utc) { m_now = utc; }

    const ModelGroupSnapshot* group(const QModelIndex& index) const;
    const DeploymentSnapshot* deployment(const QModelIndex& index) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Group
    {
        ModelGroupSnapshot info;
        QList<qsizetype> deployments; ///< indexes into the snapshot's deployments
    };
    QList<Group> groupsOf(const GatewaySnapshot& s) const;
    QVariant groupData(const Group& g, int column, int role) const;
    QVariant deploymentData(const DeploymentSnapshot& d, int column, int role) const;
    QDateTime now() const;

    GatewaySnapshotPtr m_snapshot;
    QList<Group> m_groups;
    QDateTime m_now;
};

} // namespace sy
