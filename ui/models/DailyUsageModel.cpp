#include "ui/models/DailyUsageModel.h"

#include "ui/models/Format.h"
#include "ui/models/RequestLogModel.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QByteArray csvField(const QString& text)
{
    QByteArray bytes = text.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n'))
        bytes = '"' + bytes.replace("\"", "\"\"") + '"';
    return bytes;
}

} // namespace

DailyUsageModel::DailyUsageModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void DailyUsageModel::setRows(const QList<DailyUsage>& rows, DailyUsageQuery::GroupBy groupBy)
{
    beginResetModel();
    m_rows = rows;
    m_groupBy = groupBy;
    endResetModel();
}

QString DailyUsageModel::nameOf(const DailyUsage& row) const
{
    if (m_groupBy == DailyUsageQuery::GroupBy::Model)
        return row.name.isEmpty() ? tr("(no model)") : row.name;
    return RequestLogModel::keyName(row.name, row.alias);
}

QByteArray DailyUsageModel::toCsv() const
{
    const bool byKey = m_groupBy == DailyUsageQuery::GroupBy::Key;
    QByteArray out = byKey ? "day,key_alias,api_key,requests,prompt_tokens,completion_tokens,errors,spend\n"
                           : "day,model_group,requests,prompt_tokens,completion_tokens,errors,spend\n";
    for (const DailyUsage& r : m_rows) {
        out += r.day.toString(Qt::ISODate).toLatin1() + ',';
        out += byKey ? csvField(r.alias) + ',' + csvField(r.name) : csvField(r.name);
        out += ',' + QByteArray::number(r.requests) + ',' + QByteArray::number(r.promptTokens) + ','
            + QByteArray::number(r.completionTokens) + ',' + QByteArray::number(r.errors) + ','
            + QByteArray::number(r.cost, 'f', 6) + '\n';
    }
    return out;
}

int DailyUsageModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DailyUsageModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DailyUsageModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const DailyUsage& r = m_rows.at(index.row());
    if (role == SortRole) {
        switch (index.column()) {
        case Day:
            return r.day;
        case Name:
            return nameOf(r);
        case Requests:
            return r.requests;
        case PromptTokens:
            return r.promptTokens;
        case CompletionTokens:
            return r.completionTokens;
        case Errors:
            return r.errors;
        case Spend:
            return r.cost;
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Requests)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Day:
        return QLocale().toString(r.day, QLocale::ShortFormat);
    case Name:
        return nameOf(r);
    case Requests:
        return Format::count(r.requests);
    case PromptTokens:
        return Format::count(r.promptTokens);
    case CompletionTokens:
        return Format::count(r.completionTokens);
    case Errors:
        return Format::count(r.errors);
    case Spend:
        return Format::usd(r.cost);
    }
    return {};
}

QVariant DailyUsageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Day:
        return tr("Day (UTC)");
    case Name:
        return m_groupBy == DailyUsageQuery::GroupBy::Key ? tr("Key") : tr("Model");
    case Requests:
        return tr("Requests");
    case PromptTokens:
        return tr("Tokens in");
    case CompletionTokens:
        return tr("Tokens out");
    case Errors:
        return tr("Errors");
    case Spend:
        return tr("Spend");
    }
    return {};
}

} // namespace sy
