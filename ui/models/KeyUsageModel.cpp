#include "ui/models/KeyUsageModel.h"

#include "ui/keys/KeyDirectory.h"
#include "ui/models/Format.h"
#include "ui/models/RequestLogModel.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

const QString kNone = u"—"_s;

QString limitsText(const KeyLimits& l)
{
    QStringList parts;
    if (l.rpm)
        parts << KeyUsageModel::tr("%1 RPM").arg(Format::count(quint64(*l.rpm)));
    if (l.tpm)
        parts << KeyUsageModel::tr("%1 TPM").arg(Format::count(quint64(*l.tpm)));
    if (l.maxParallel)
        parts << KeyUsageModel::tr("%1 parallel").arg(Format::count(quint64(*l.maxParallel)));
    return parts.isEmpty() ? KeyUsageModel::tr("None") : parts.join(u", "_s);
}

QString budgetText(double amount, const QString& period)
{
    const QString usd = Format::usd(amount);
    if (period == u"1d" || period == u"24h")
        return KeyUsageModel::tr("%1 per day").arg(usd);
    if (period == u"7d")
        return KeyUsageModel::tr("%1 per week").arg(usd);
    if (period == u"30d" || period == u"1mo")
        return KeyUsageModel::tr("%1 per month").arg(usd);
    return period.isEmpty() ? KeyUsageModel::tr("%1 in total").arg(usd)
                            : KeyUsageModel::tr("%1 per %2").arg(usd, period);
}

} // namespace

KeyUsageModel::KeyUsageModel(const KeyDirectory* directory, QObject* parent)
    : QAbstractTableModel(parent)
    , m_directory(directory)
{
    if (m_directory) {
        connect(m_directory, &KeyDirectory::keysUpdated, this, &KeyUsageModel::rebuild);
        rebuild();
    }
}

void KeyUsageModel::rebuild()
{
    beginResetModel();
    QList<Row> rows;
    QHash<QString, int> rowOf;
    auto add = [&](Row row) {
        rowOf.insert(row.hash, int(rows.size()));
        rows.append(std::move(row));
    };
    for (const KeyInfo& k : m_directory->keys()) {
        const auto old = m_rowOf.constFind(k.hash);
        Row row{k.hash, k.alias, {}, {}};
        if (old != m_rowOf.cend())
            row.session = m_rows.at(*old).session;
        row.baseline = row.session; // the list includes everything counted so far
        add(std::move(row));
    }
    for (const Row& old : std::as_const(m_rows)) {
        if (!rowOf.contains(old.hash) && old.session.requests > 0)
            add(old); // seen in records but not (or no longer) in the store
    }
    m_rows = std::move(rows);
    m_rowOf = std::move(rowOf);
    endResetModel();
}

int KeyUsageModel::rowFor(const RequestRecord& r)
{
    const auto it = m_rowOf.constFind(r.keyHash);
    if (it != m_rowOf.cend())
        return *it;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(Row{r.keyHash, r.keyAlias, {}, {}});
    m_rowOf.insert(r.keyHash, row);
    endInsertRows();
    return row;
}

void KeyUsageModel::addRecords(const QList<RequestRecord>& records)
{
    if (records.isEmpty())
        return;
    for (const RequestRecord& r : records) {
        Usage& u = m_rows[rowFor(r)].session;
        ++u.requests;
        u.tokens += quint64(qMax<qint64>(0, r.usage.totalTokens()));
        if (!r.succeeded() && r.status != 499)
            ++u.errors;
        u.spend += r.cost;
        const QDateTime end = r.startedAt.addMSecs(r.latencyMs);
        if (!u.lastUsed.isValid() || end > u.lastUsed)
            u.lastUsed = end;
    }
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

const KeyInfo* KeyUsageModel::info(int row) const
{
    if (!m_directory || row < 0 || row >= m_rows.size())
        return nullptr;
    return m_directory->find(m_rows.at(row).hash);
}

KeyUsageModel::Usage KeyUsageModel::usage(int row) const
{
    const Row& r = m_rows.at(row);
    const KeyInfo* k = info(row);
    if (!k)
        return r.session;
    Usage u;
    u.requests = k->requests + (r.session.requests - r.baseline.requests);
    u.tokens = k->tokens + (r.session.tokens - r.baseline.tokens);
    u.errors = r.session.errors;
    u.spend = k->spend + (r.session.spend - r.baseline.spend);
    u.lastUsed = k->lastUsedAt.isValid() && (!r.session.lastUsed.isValid() || k->lastUsedAt > r.session.lastUsed)
        ? k->lastUsedAt
        : r.session.lastUsed;
    return u;
}

int KeyUsageModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int KeyUsageModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyUsageModel::display(int row, int column) const
{
    const Row& r = m_rows.at(row);
    const KeyInfo* k = info(row);
    const Usage u = usage(row);
    switch (column) {
    case Key:
        return RequestLogModel::keyName(r.hash, k ? k->alias : r.alias);
    case Requests:
        return Format::count(u.requests);
    case Tokens:
        return Format::count(u.tokens);
    case Errors:
        return Format::count(u.errors);
    case Spend:
        return Format::usd(u.spend);
    case Limits:
        return k ? limitsText(k->limits) : kNone;
    case Budget:
        return k && k->limits.maxBudget ? budgetText(*k->limits.maxBudget, k->limits.budgetPeriod) : kNone;
    case BudgetLeft:
        if (k && k->limits.maxBudget)
            return Format::usd(qMax(0.0, *k->limits.maxBudget - u.spend));
        return kNone;
    case LastUsed:
        return Format::time(u.lastUsed, QDateTime::currentDateTimeUtc());
    }
    return {};
}

QVariant KeyUsageModel::sortValue(int row, int column) const
{
    const KeyInfo* k = info(row);
    const Usage u = usage(row);
    switch (column) {
    case Requests:
        return u.requests;
    case Tokens:
        return u.tokens;
    case Errors:
        return u.errors;
    case Spend:
        return u.spend;
    case Budget:
        return k && k->limits.maxBudget ? *k->limits.maxBudget : -1.0;
    case BudgetLeft:
        return k && k->limits.maxBudget ? qMax(0.0, *k->limits.maxBudget - u.spend) : -1.0;
    case LastUsed:
        return u.lastUsed;
    default:
        return display(row, column);
    }
}

QVariant KeyUsageModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(index.row(), index.column());
    case SortRole:
        return sortValue(index.row(), index.column());
    case HashRole:
        return m_rows.at(index.row()).hash;
    case Qt::ForegroundRole: {
        const KeyInfo* k = info(index.row());
        if (index.column() == BudgetLeft && k && k->limits.maxBudget
            && usage(index.row()).spend >= *k->limits.maxBudget)
            return QColor(0xd1, 0x24, 0x2f);
        return {};
    }
    case Qt::ToolTipRole:
        if (index.column() == Key) {
            const KeyInfo* k = info(index.row());
            if (!k)
                return tr("Counted from this session's requests; the key store has no entry for this key.");
            return k->blocked ? tr("%1 (revoked)").arg(k->preview) : k->preview;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() != Key && index.column() != Limits)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant KeyUsageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == Errors)
        return tr("Failed requests since Switchyard started");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Key:
        return tr("Key");
    case Requests:
        return tr("Requests");
    case Tokens:
        return tr("Tokens");
    case Errors:
        return tr("Errors");
    case Spend:
        return tr("Spend");
    case Limits:
        return tr("Limits");
    case Budget:
        return tr("Budget");
    case BudgetLeft:
        return tr("Budget left");
    case LastUsed:
        return tr("Last used");
    }
    return {};
}

} // namespace sy
