#include "ui/models/ServerTableModel.h"

#include "ui/models/Format.h"

namespace sy {

namespace {

bool sameNames(const QList<ServerEntry>& a, const QList<ServerEntry>& b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).name != b.at(i).name)
            return false;
    }
    return true;
}

} // namespace

ServerTableModel::ServerTableModel(IServerControl* control, QObject* parent)
    : QAbstractTableModel(parent)
    , m_control(control)
{
    if (m_control)
        connect(m_control, &IServerControl::serversChanged, this, &ServerTableModel::refresh);
    refresh();
}

void ServerTableModel::refresh()
{
    QList<ServerEntry> servers = m_control ? m_control->servers() : QList<ServerEntry>();
    if (sameNames(m_servers, servers)) {
        m_servers = std::move(servers);
        if (!m_servers.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_servers = std::move(servers);
    endResetModel();
}

const ServerEntry* ServerTableModel::server(int row) const
{
    return row >= 0 && row < m_servers.size() ? &m_servers.at(row) : nullptr;
}

int ServerTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_servers.size());
}

int ServerTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ServerTableModel::display(const ServerEntry& s, int column) const
{
    switch (column) {
    case Name:
        return s.name;
    case Kind:
        return s.kind;
    case Port:
        return s.port ? QVariant(s.port) : QVariant(QStringLiteral("—"));
    case State:
        return Format::serverState(s.state);
    case Actions:
        return QString();
    case Uptime:
        return s.since.isValid() && s.state == ServerEntry::State::Ready
            ? Format::elapsed(s.since, m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc())
            : QStringLiteral("—");
    case Pid:
        return s.pid > 0 ? QVariant(s.pid) : QVariant(QStringLiteral("—"));
    case Restarts:
        return s.restarts;
    case Models:
        return s.models.join(QStringLiteral(", "));
    case LastError:
        return s.lastError.section(u'\n', 0, 0);
    }
    return {};
}

QVariant ServerTableModel::data(const QModelIndex& index, int role) const
{
    const ServerEntry* s = index.isValid() ? server(index.row()) : nullptr;
    if (!s)
        return {};
    if (role == Qt::DisplayRole)
        return display(*s, index.column());
    if (role == Qt::DecorationRole && index.column() == State)
        return Format::serverColor(s->state);
    if (role == Qt::ToolTipRole && index.column() == LastError && !s->lastError.isEmpty())
        return s->lastError;
    if (role == Qt::ToolTipRole && index.column() == Name && !s->logFile.isEmpty())
        return tr("Log: %1").arg(s->logFile);
    return {};
}

QVariant ServerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Server");
    case Kind:
        return tr("Kind");
    case Port:
        return tr("Port");
    case State:
        return tr("State");
    case Actions:
        return QString();
    case Uptime:
        return tr("Uptime");
    case Pid:
        return tr("Process");
    case Restarts:
        return tr("Restarts");
    case Models:
        return tr("Models");
    case LastError:
        return tr("Last error");
    }
    return {};
}

} // namespace sy
