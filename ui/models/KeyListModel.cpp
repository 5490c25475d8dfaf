#include "ui/models/KeyListModel.h"

#include "ui/keys/KeyDirectory.h"
#include "ui/models/Format.h"

using namespace Qt::StringLiterals;

namespace sy {

KeyListModel::KeyListModel(const KeyDirectory& directory, QObject* parent)
    : QAbstractTableModel(parent)
    , m_directory(directory)
{
    // The list is replaced whole (a few dozen keys at most, every 30 s): a reset is simplest.
    connect(&m_directory, &KeyDirectory::keysUpdated, this, [this] {
        beginResetModel();
        endResetModel();
    });
    connect(&m_directory, &KeyDirectory::usageUpdated, this, [this] {
        if (rowCount() > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    });
}

const KeyInfo* KeyListModel::key(int row) const
{
    if (row < 0 || row >= m_directory.keys().size())
        return nullptr;
    return &m_directory.keys().at(row);
}

int KeyListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_directory.keys().size());
}

int KeyListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyListModel::display(const KeyInfo& k, int column) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (column) {
    case Alias:
        return k.alias;
    case Key:
        return k.preview;
    case Models:
        return k.limits.models.isEmpty() ? tr("All models") : k.limits.models.join(u", "_s);
    case Limits: {
        QStringList parts;
        if (k.limits.rpm)
            parts << tr("%1 RPM").arg(Format::count(quint64(*k.limits.rpm)));
        if (k.limits.tpm)
            parts << tr("%1 TPM").arg(Format::count(quint64(*k.limits.tpm)));
        if (k.limits.maxParallel)
            parts << tr("%1 parallel").arg(Format::count(quint64(*k.limits.maxParallel)));
        return parts.isEmpty() ? tr("None") : parts.join(u", "_s);
    }
    case Budget:
        if (!k.limits.maxBudget)
            return tr("None");
        return tr("%1 of %2 used").arg(Format::usd(k.spend), Format::usd(*k.limits.maxBudget));
    case Expires:
        return k.limits.expiresAt.isValid() ? Format::time(k.limits.expiresAt, now) : tr("Never");
    case Created:
        return Format::time(k.createdAt, now);
    case LastUsed:
        return k.lastUsedAt.isValid() ? Format::time(k.lastUsedAt, now) : tr("Never");
    case Status:
        if (k.blocked)
            return tr("Revoked");
        if (k.isExpired(now))
            return tr("Expired");
        if (k.budgetExhausted())
            return tr("Budget used up");
        return tr("Active");
    }
    return {};
}

QVariant KeyListModel::data(const QModelIndex& index, int role) const
{
    const KeyInfo* k = key(index.row());
    if (!k)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*k, index.column());
    case HashRole:
        return k->hash;
    case SortRole:
        switch (index.column()) {
        case Budget:
            return k->limits.maxBudget ? *k->limits.maxBudget : -1.0;
        case Expires:
            return k->limits.expiresAt;
        case Created:
            return k->createdAt;
        case LastUsed:
            return k->lastUsedAt;
        default:
            return display(*k, index.column());
        }
    case Qt::ForegroundRole:
        if (index.column() == Status
            && (k->blocked || k->budgetExhausted() || k->isExpired(QDateTime::currentDateTimeUtc())))
            return QColor(0xd1, 0x24, 0x2f);
        return {};
    default:
        return {};
    }
}

QVariant KeyListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Alias:
        return tr("Name");
    case Key:
        return tr("Key");
    case Models:
        return tr("Models");
    case Limits:
        return tr("Limits");
    case Budget:
        return tr("Budget");
    case Expires:
        return tr("Expires");
    case Created:
        return tr("Created");
    case LastUsed:
        return tr("Last used");
    case Status:
        return tr("Status");
    }
    return {};
}

} // namespace sy
