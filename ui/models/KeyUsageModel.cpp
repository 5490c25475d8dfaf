#include "ui/models/KeyUsageModel.h"

#include "ui/keys/KeyDirectory.h"
#include "ui/models/Format.h"
#include "ui/models/RequestLogModel.h"

#include <QColor>
#include <QSet>

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

QString budgetText(double spent, double amount, const QString& period)
{
    const QString usd = Format::usd(amount);
    const QString used = Format::usd(spent);
    if (period == u"1d" || period == u"24h")
        return KeyUsageModel::tr("%1 of %2 per day").arg(used, usd);
    if (period == u"7d")
        return KeyUsageModel::tr("%1 of %2 per week").arg(used, usd);
    if (period == u"30d" || period == u"1mo")
        return KeyUsageModel::tr("%1 of %2 per month").arg(used, usd);
    return period.isEmpty() ? KeyUsageModel::tr("%1 of %2 in total").arg(used, usd)
                            : KeyUsageModel::tr("%1 of %2 per %3").arg(used, usd, period);
}

const KeyUsage& emptyUsage()
{
    static const KeyUsage none;
    return none;
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

void KeyUsageModel::setUsage(const KeyUsageList& usage)
{
    m_usage = usage;
    m_usageOf.clear();
    for (qsizetype i = 0; i < m_usage.size(); ++i)
        m_usageOf.insert(m_usage.at(i).keyHash, i);
    for (const KeyUsage& u : m_usage) {
        if (!m_rows.contains(u.keyHash)) {
            rebuild(); // a key seen for the first time
            return;
        }
    }
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void KeyUsageModel::rebuild()
{
    QStringList rows;
    QSet<QString> seen;
    auto add = [&](const QString& hash) {
        if (!seen.contains(hash)) {
            seen.insert(hash);
            rows.append(hash);
        }
    };
    if (m_directory) {
        for (const KeyInfo& k : m_directory->keys())
            add(k.hash);
    }
    for (const KeyUsage& u : std::as_const(m_usage))
        add(u.keyHash);
    if (rows == m_rows) {
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

const KeyUsage& KeyUsageModel::usage(int row) const
{
    const auto it = m_usageOf.constFind(m_rows.value(row));
    return row >= 0 && row < m_rows.size() && it != m_usageOf.cend() ? m_usage.at(*it) : emptyUsage();
}

const KeyInfo* KeyUsageModel::info(int row) const
{
    if (!m_directory || row < 0 || row >= m_rows.size())
        return nullptr;
    return m_directory->find(m_rows.at(row));
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
    const KeyInfo* k = info(row);
    const KeyUsage& u = usage(row);
    const std::optional<double> budget = u.maxBudget ? u.maxBudget : (k ? k->limits.maxBudget : std::nullopt);
    switch (column) {
    case Key:
        if (!m_rows.at(row).isEmpty() && (k ? k->alias : u.alias).isEmpty())
            return k ? k->preview : (u.keyName.isEmpty() ? m_rows.at(row).left(10) : u.keyName);
        return RequestLogModel::keyName(m_rows.at(row), k ? k->alias : u.alias);
    case Requests:
        return Format::count(u.requests);
    case Tokens:
        return Format::count(u.tokens());
    case Errors:
        return Format::count(u.errors);
    case Spend:
        return Format::usd(u.cost);
    case Budget:
        return budget ? budgetText(
                   u.virtualKey ? u.periodSpend : (k ? k->spend : 0), *budget, k ? k->limits.budgetPeriod : QString())
                      : kNone;
    case BudgetLeft:
        if (u.budgetRemaining)
            return Format::usd(*u.budgetRemaining);
        return k && k->budgetLeft() ? Format::usd(*k->budgetLeft()) : kNone;
    case Limits:
        return k ? limitsText(k->limits) : kNone;
    case LastUsed: {
        const QDateTime last = u.lastUsedAt.isValid() ? u.lastUsedAt : (k ? k->lastUsedAt : QDateTime());
        return Format::time(last, QDateTime::currentDateTimeUtc());
    }
    }
    return {};
}

QVariant KeyUsageModel::sortValue(int row, int column) const
{
    const KeyUsage& u = usage(row);
    switch (column) {
    case Requests:
        return u.requests;
    case Tokens:
        return u.tokens();
    case Errors:
        return u.errors;
    case Spend:
        return u.cost;
    case Budget:
        return u.maxBudget ? *u.maxBudget : -1.0;
    case BudgetLeft:
        return u.budgetRemaining ? *u.budgetRemaining : -1.0;
    case LastUsed:
        return u.lastUsedAt;
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
        return m_rows.at(index.row());
    case Qt::ForegroundRole: {
        const KeyUsage& u = usage(index.row());
        if (index.column() == BudgetLeft && u.budgetRemaining && *u.budgetRemaining <= 0)
            return QColor(0xd1, 0x24, 0x2f);
        return {};
    }
    case Qt::ToolTipRole:
        if (index.column() == Key) {
            const KeyInfo* k = info(index.row());
            if (m_rows.at(index.row()).isEmpty())
                return tr("Requests with the master key, or with no key while none is required.");
            if (!k)
                return tr("A key the key store no longer lists (deleted); its requests stay in the usage log.");
            return k->blocked ? tr("%1 (revoked)").arg(k->preview) : k->preview;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() != Key && index.column() != Limits && index.column() != Budget)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant KeyUsageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Requests:
        case Tokens:
        case Errors:
        case Spend:
            return tr("All time, as the usage log counts it (GET /spend/logs)");
        case Budget:
        case BudgetLeft:
            return tr("The current budget period, as GET /key/info reports it");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
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
    case Budget:
        return tr("Budget");
    case BudgetLeft:
        return tr("Budget left");
    case Limits:
        return tr("Limits");
    case LastUsed:
        return tr("Last used");
    }
    return {};
}

} // namespace sy
