#include "ui/models/ModelGroupsModel.h"

#include "ui/models/Format.h"

#include <QFont>
#include <QFontMetrics>
#include <QLocale>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

const QString kNone = u"—"_s;

QString usedOf(qint64 used, qint64 limit)
{
    if (limit <= 0)
        return Format::count(quint64(qMax<qint64>(0, used)));
    return ModelGroupsModel::tr("%1 of %2")
        .arg(Format::count(quint64(qMax<qint64>(0, used))), Format::count(quint64(limit)));
}

QString groupLine(const ModelGroupSnapshot& g, int deployments)
{
    // No %n plurals: English would need a translation file of its own for them.
    QStringList parts{g.name,
                      deployments == 1 ? ModelGroupsModel::tr("1 deployment")
                                       : ModelGroupsModel::tr("%1 deployments").arg(deployments),
                      g.numRetries == 1 ? ModelGroupsModel::tr("%1, 1 retry").arg(g.strategy)
                                        : ModelGroupsModel::tr("%1, %2 retries").arg(g.strategy).arg(g.numRetries)};
    if (!g.fallbacks.isEmpty())
        parts << ModelGroupsModel::tr("then %1").arg(g.fallbacks.join(u", "_s));
    return parts.join(u"  ·  "_s);
}

QString addressOf(const DeploymentSnapshot& d)
{
    const QUrl url(d.apiBase);
    if (!url.isValid() || url.host().isEmpty())
        return d.provider;
    return url.port() > 0 ? u"%1:%2"_s.arg(url.host()).arg(url.port()) : url.host();
}

} // namespace

ModelGroupsModel::ModelGroupsModel(QObject* parent)
    : QAbstractItemModel(parent)
{ }

QList<ModelGroupsModel::Group> ModelGroupsModel::groupsOf(const GatewaySnapshot& s) const
{
    QList<Group> groups;
    for (const ModelGroupSnapshot& g : s.modelGroups) {
        Group group{g, {}};
        for (qsizetype i = 0; i < s.deployments.size(); ++i) {
            if (s.deployments.at(i).group == g.name)
                group.deployments.append(i);
        }
        groups.append(group);
    }
    return groups;
}

void ModelGroupsModel::setSnapshot(const GatewaySnapshotPtr& snapshot)
{
    QList<Group> groups = snapshot ? groupsOf(*snapshot) : QList<Group>();
    bool same = m_snapshot && groups.size() == m_groups.size();
    for (qsizetype i = 0; same && i < groups.size(); ++i) {
        same = groups.at(i).info.name == m_groups.at(i).info.name
            && groups.at(i).deployments == m_groups.at(i).deployments;
        for (qsizetype j = 0; same && j < groups.at(i).deployments.size(); ++j)
            same = snapshot->deployments.at(groups.at(i).deployments.at(j)).id
                == m_snapshot->deployments.at(m_groups.at(i).deployments.at(j)).id;
    }
    if (!same)
        beginResetModel();
    m_snapshot = snapshot;
    m_groups = std::move(groups);
    if (!same) {
        endResetModel();
        return;
    }
    for (int g = 0; g < m_groups.size(); ++g) {
        emit dataChanged(index(g, 0), index(g, ColumnCount - 1));
        const QModelIndex parent = index(g, 0);
        if (!m_groups.at(g).deployments.isEmpty())
            emit dataChanged(index(0, 0, parent),
                             index(int(m_groups.at(g).deployments.size()) - 1, ColumnCount - 1, parent));
    }
}

const ModelGroupSnapshot* ModelGroupsModel::group(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() != 0 || index.row() >= m_groups.size())
        return nullptr;
    return &m_groups.at(index.row()).info;
}

const DeploymentSnapshot* ModelGroupsModel::deployment(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() == 0)
        return nullptr;
    const Group& g = m_groups.at(qsizetype(index.internalId() - 1));
    return index.row() < g.deployments.size() ? &m_snapshot->deployments.at(g.deployments.at(index.row())) : nullptr;
}

QModelIndex ModelGroupsModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < m_groups.size() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.row() >= m_groups.size()
        || row >= m_groups.at(parent.row()).deployments.size())
        return {};
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex ModelGroupsModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int ModelGroupsModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() == 0 && parent.column() == 0 && parent.row() < m_groups.size())
        return int(m_groups.at(parent.row()).deployments.size());
    return 0;
}

int ModelGroupsModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QDateTime ModelGroupsModel::now() const
{
    return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
}

QVariant ModelGroupsModel::groupData(const Group& g, int column, int role) const
{
    if (role == DeploymentIdsRole) {
        QStringList ids;
        for (const qsizetype i : g.deployments)
            ids << m_snapshot->deployments.at(i).id;
        return ids;
    }
    if (role == Qt::SizeHintRole && column == Name) {
        // The line spans the table: it must not widen the first column when columns are fitted.
        const QFontMetrics fm{QFont()};
        return QSize(fm.horizontalAdvance(g.info.name) + 24, fm.height() + 6);
    }
    if (role == Qt::FontRole && column == Name) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::ToolTipRole && column == Name && !g.info.aliases.isEmpty())
        return tr("Also asked for as: %1").arg(g.info.aliases.join(u", "_s));
    if (role != Qt::DisplayRole)
        return {};
    return column == Name ? groupLine(g.info, int(g.deployments.size())) : QString();
}

QVariant ModelGroupsModel::deploymentData(const DeploymentSnapshot& d, int column, int role) const
{
    if (role == DeploymentIdsRole)
        return QStringList{d.id};
    if (role == Qt::DecorationRole && column == Health)
        return Format::healthColor(d.health);
    if (role == Qt::SizeHintRole && column == Health)
        return Format::healthCellSize();
    if (role == Qt::ToolTipRole && (column == Name || column == Address))
        return tr("%1\n%2 (%3), order %4, weight %5")
            .arg(d.apiBase, d.id, d.provider)
            .arg(d.order)
            .arg(QLocale().toString(d.weight));
    if (role == Qt::TextAlignmentRole && column >= InFlight && column <= Context)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Name:
        return d.backendModel;
    case Address:
        return addressOf(d);
    case Health:
        return Format::health(d.health);
    case InFlight:
        return usedOf(d.inFlight, d.maxParallel);
    case Rpm:
        return usedOf(d.rpmUsed, d.rpmLimit);
    case Tpm:
        return usedOf(d.tpmUsed, d.tpmLimit);
    case Price:
        if (d.inputCostPerToken <= 0 && d.outputCostPerToken <= 0)
            return Format::perMillionTokens(0);
        return u"%1 · %2"_s.arg(Format::perMillionTokens(d.inputCostPerToken),
                                Format::perMillionTokens(d.outputCostPerToken));
    case Context:
        return d.maxInputTokens > 0 ? Format::count(quint64(d.maxInputTokens)) : kNone;
    case Cooldown:
        return d.cooldownUntil.isValid() ? tr("until %1").arg(Format::time(d.cooldownUntil, now())) : kNone;
    case LastChecked:
        if (!d.healthChecked)
            return tr("not checked");
        return d.lastCheckedAt.isValid() ? tr("%1 ago").arg(Format::elapsed(d.lastCheckedAt, now())) : tr("not yet");
    }
    return {};
}

QVariant ModelGroupsModel::data(const QModelIndex& index, int role) const
{
    if (const DeploymentSnapshot* d = deployment(index))
        return deploymentData(*d, index.column(), role);
    if (index.isValid() && index.internalId() == 0 && index.row() < m_groups.size())
        return groupData(m_groups.at(index.row()), index.column(), role);
    return {};
}

QVariant ModelGroupsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Rpm:
            return tr("Requests started in the last minute, of the deployment's rpm limit");
        case Tpm:
            return tr("Tokens of calls finished in the last minute, of the deployment's tpm limit");
        case Price:
            return tr("Input · output, USD per million tokens");
        case Context:
            return tr("Context window (model_info.max_input_tokens)");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Model");
    case Address:
        return tr("Address");
    case Health:
        return tr("Health");
    case InFlight:
        return tr("In flight");
    case Rpm:
        return tr("RPM");
    case Tpm:
        return tr("TPM");
    case Price:
        return tr("Price in · out");
    case Context:
        return tr("Context");
    case Cooldown:
        return tr("Cooldown");
    case LastChecked:
        return tr("Health checked");
    }
    return {};
}

} // namespace sy
