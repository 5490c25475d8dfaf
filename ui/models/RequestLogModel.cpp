#include "ui/models/RequestLogModel.h"

#include "ui/models/Format.h"

#include <QLocale>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr int kMaxChoices = 500; // filter choices beyond this are not remembered

} // namespace

RequestLogModel::RequestLogModel(int capacity, QObject* parent)
    : QAbstractTableModel(parent)
    , m_capacity(qMax(1, capacity))
{ }

QString RequestLogModel::keyName(const QString& hash, const QString& alias)
{
    if (hash.isEmpty())
        return tr("Master key");
    return alias.isEmpty() ? hash.left(10) : alias;
}

void RequestLogModel::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    if (qsizetype(m_rows.size()) > m_capacity) {
        beginRemoveRows({}, m_capacity, int(m_rows.size()) - 1);
        m_rows.erase(m_rows.begin(), m_rows.end() - m_capacity);
        endRemoveRows();
    }
}

QString RequestLogModel::backendName(const QString& apiBase, const QString& provider, const QString& backendModel)
{
    if (backendModel.isEmpty())
        return {};
    const QUrl url(apiBase);
    const QString where = url.isValid() && !url.host().isEmpty()
        ? (url.port() > 0 ? u"%1:%2"_s.arg(url.host()).arg(url.port()) : url.host())
        : provider;
    return u"%1 · %2"_s.arg(where, backendModel);
}

void RequestLogModel::noteChoices(const QList<RequestRecord>& records)
{
    bool choices = false;
    for (const RequestRecord& r : records) {
        if (!m_keys.contains(r.keyHash) && m_keys.size() < kMaxChoices) {
            m_keys.insert(r.keyHash, keyName(r.keyHash, r.keyAlias));
            choices = true;
        }
        if (!r.group.isEmpty() && !m_models.contains(r.group) && m_models.size() < kMaxChoices) {
            m_models.insert(r.group, true);
            choices = true;
        }
    }
    if (choices)
        emit choicesChanged();
}

void RequestLogModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (!paused)
        append(std::exchange(m_held, {}));
    emit heldChanged();
}

void RequestLogModel::appendOlder(const QList<RequestRecord>& records)
{
    const qsizetype room = m_capacity - qsizetype(m_rows.size());
    if (records.isEmpty() || room <= 0)
        return;
    const QList<RequestRecord> older = records.mid(0, room);
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size()) + int(older.size()) - 1);
    for (const RequestRecord& r : older)
        m_rows.push_front(r); // newest first in, so the oldest ends up in front
    endInsertRows();
    noteChoices(older);
}

void RequestLogModel::append(QList<RequestRecord> records)
{
    if (records.isEmpty())
        return;
    if (m_paused) {
        m_held += std::move(records);
        if (m_held.size() > m_capacity)
            m_held.remove(0, m_held.size() - m_capacity);
        emit heldChanged();
        return;
    }
    noteChoices(records);
    // Only the newest `capacity` of this batch can be shown.
    const qsizetype take = qMin<qsizetype>(records.size(), m_capacity);
    const qsizetype overflow = qsizetype(m_rows.size()) + take - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, int(m_rows.size() - overflow), int(m_rows.size()) - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
        endRemoveRows();
    }
    beginInsertRows({}, 0, int(take) - 1);
    for (auto it = records.end() - take; it != records.end(); ++it)
        m_rows.push_back(std::move(*it));
    endInsertRows();
}

void RequestLogModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

const RequestRecord& RequestLogModel::record(int row) const
{
    return m_rows.at(m_rows.size() - 1 - size_t(row));
}

int RequestLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::display(const RequestRecord& r, int column) const
{
    switch (column) {
    case Time:
        // The log spans minutes: the time of day says enough; the tooltip has the date.
        return QLocale().toString(r.startedAt.toLocalTime().time(), u"HH:mm:ss"_s);
    case Key:
        return keyName(r.keyHash, r.keyAlias);
    case Model:
        return r.group;
    case Backend:
        return backendName(r.apiBase, r.provider, r.backendModel);
    case Status:
        return r.status;
    case Latency:
        return Format::duration(double(r.latencyMs));
    case Ttft:
        return Format::duration(double(r.ttftMs));
    case Tokens:
        return u"%1 / %2"_s.arg(Format::count(quint64(qMax<qint64>(0, r.usage.promptTokens))),
                                Format::count(quint64(qMax<qint64>(0, r.usage.completionTokens))));
    case Cost:
        return Format::usd(r.cost);
    case Error:
        if (r.errorMessage.isEmpty())
            return QString::fromLatin1(r.errorCode);
        return u"%1: %2"_s.arg(QString::fromLatin1(r.errorCode), r.errorMessage.section(u'\n', 0, 0));
    }
    return {};
}

QVariant RequestLogModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || size_t(index.row()) >= m_rows.size())
        return {};
    const RequestRecord& r = record(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(r, index.column());
    case SortRole:
        switch (index.column()) {
        case Time:
            return r.startedAt;
        case Latency:
            return r.latencyMs;
        case Ttft:
            return r.ttftMs;
        case Tokens:
            return r.usage.totalTokens();
        case Cost:
            return r.cost;
        default:
            return display(r, index.column());
        }
    case KeyRole:
        return r.keyHash;
    case ModelRole:
        return r.group;
    case StatusRole:
        return r.status;
    case SearchRole:
        return QStringList{keyName(r.keyHash, r.keyAlias),
                           r.group,
                           r.backendModel,
                           r.apiBase,
                           QString::fromLatin1(r.errorCode),
                           r.errorMessage,
                           r.logId,
                           QString::number(r.status)}
            .join(u'\n');
    case Qt::ForegroundRole:
        if (index.column() == Status && !r.succeeded())
            return QColor(0xd1, 0x24, 0x2f);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Time)
            return QLocale().toString(r.startedAt.toLocalTime(), QLocale::LongFormat);
        if (index.column() == Tokens && r.usage.estimated)
            return tr("Estimated: the backend reported no usage");
        if (index.column() == Backend)
            return r.apiBase;
        if (index.column() == Error && !r.errorCode.isEmpty())
            return r.errorMessage.isEmpty() ? QString::fromLatin1(r.errorCode) : r.errorMessage;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= Status && index.column() <= Cost)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Key:
        return tr("Key");
    case Model:
        return tr("Model");
    case Backend:
        return tr("Backend");
    case Status:
        return tr("Status");
    case Latency:
        return tr("Latency");
    case Ttft:
        return tr("TTFT");
    case Tokens:
        return tr("Tokens in / out");
    case Cost:
        return tr("Cost");
    case Error:
        return tr("Error");
    }
    return {};
}

} // namespace sy
