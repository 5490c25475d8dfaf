#include "ui/models/BackendTableModel.h"

#include "ui/models/Format.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

bool sameDeployments(const GatewaySnapshot* a, const GatewaySnapshot* b)
{
    if (!a || !b || a->deployments.size() != b->deployments.size())
        return false;
    for (qsizetype i = 0; i < a->deployments.size(); ++i) {
        if (a->deployments.at(i).id != b->deployments.at(i).id)
            return false;
    }
    return true;
}

/** "127.0.0.1:1234" for http://127.0.0.1:1234/v1; remote providers keep their host. */
QString backendText(const DeploymentSnapshot& d)
{
    const QUrl url(d.apiBase);
    QString where = url.isValid() && !url.host().isEmpty()
        ? (url.port() > 0 ? u"%1:%2"_s.arg(url.host()).arg(url.port()) : url.host())
        : d.provider;
    return u"%1 · %2"_s.arg(where, d.backendModel);
}

} // namespace

BackendTableModel::BackendTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void BackendTableModel::setSnapshot(const GatewaySnapshotPtr& snapshot)
{
    if (sameDeployments(m_snapshot.get(), snapshot.get())) {
        m_snapshot = snapshot;
        if (!m_snapshot->deployments.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_snapshot = snapshot;
    endResetModel();
}

const DeploymentSnapshot* BackendTableModel::deployment(int row) const
{
    if (!m_snapshot || row < 0 || row >= m_snapshot->deployments.size())
        return nullptr;
    return &m_snapshot->deployments.at(row);
}

int BackendTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_snapshot ? 0 : int(m_snapshot->deployments.size());
}

int BackendTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BackendTableModel::display(const DeploymentSnapshot& d, int column) const
{
    switch (column) {
    case Model:
        return d.group;
    case Backend:
        return backendText(d);
    case Health:
        return Format::health(d.health);
    case Latency:
        return Format::duration(d.latencyMs);
    case Ttft:
        return Format::duration(d.ttftMs);
    case InFlight:
        return Format::count(quint64(qMax(0, d.inFlight)));
    case Requests:
        return Format::count(d.requests);
    case Errors:
        return Format::count(d.failures);
    case LastError:
        return d.lastError;
    }
    return {};
}

QVariant BackendTableModel::sortValue(const DeploymentSnapshot& d, int column) const
{
    switch (column) {
    case Health:
        return int(d.health);
    case Latency:
        return d.latencyMs;
    case Ttft:
        return d.ttftMs;
    case InFlight:
        return d.inFlight;
    case Requests:
        return d.requests;
    case Errors:
        return d.failures;
    case LastError:
        return d.lastErrorAt;
    default:
        return display(d, column);
    }
}

QVariant BackendTableModel::data(const QModelIndex& index, int role) const
{
    const DeploymentSnapshot* d = deployment(index.row());
    if (!d)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*d, index.column());
    case SortRole:
        return sortValue(*d, index.column());
    case Qt::DecorationRole:
        return index.column() == Health ? QVariant(Format::healthColor(d->health)) : QVariant();
    case Qt::SizeHintRole:
        return index.column() == Health ? QVariant(Format::healthCellSize()) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == Backend)
            return u"%1\n%2"_s.arg(d->apiBase, d->provider);
        if (index.column() == LastError && d->lastErrorAt.isValid())
            return tr("%1 at %2").arg(d->lastError, QLocale().toString(d->lastErrorAt.toLocalTime()));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= Latency && index.column() <= Errors)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant BackendTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && (section == Requests || section == Errors))
        return tr("Since Switchyard started; the counters above and the charts cover the last hour, restarts included");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Model:
        return tr("Model");
    case Backend:
        return tr("Backend");
    case Health:
        return tr("Health");
    case Latency:
        return tr("Latency");
    case Ttft:
        return tr("TTFT");
    case InFlight:
        return tr("In flight");
    case Requests:
        return tr("Requests");
    case Errors:
        return tr("Errors");
    case LastError:
        return tr("Last error");
    }
    return {};
}

} // namespace sy
