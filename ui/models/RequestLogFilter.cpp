#include "ui/models/RequestLogFilter.h"

#include "ui/models/RequestLogModel.h"

namespace sy {

RequestLogFilter::RequestLogFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(RequestLogModel::SortRole);
}

void RequestLogFilter::setKey(const std::optional<QString>& hash)
{
    m_key = hash;
    invalidateFilter();
}

void RequestLogFilter::setModel(const QString& model)
{
    m_model = model;
    invalidateFilter();
}

void RequestLogFilter::setStatus(StatusFilter status)
{
    m_status = status;
    invalidateFilter();
}

void RequestLogFilter::setSearch(const QString& text)
{
    m_search = text.trimmed();
    invalidateFilter();
}

bool RequestLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_search.isEmpty()
        && !index.data(RequestLogModel::SearchRole).toString().contains(m_search, Qt::CaseInsensitive))
        return false;
    if (m_key && index.data(RequestLogModel::KeyRole).toString() != *m_key)
        return false;
    if (!m_model.isEmpty() && index.data(RequestLogModel::ModelRole).toString() != m_model)
        return false;
    const int status = index.data(RequestLogModel::StatusRole).toInt();
    const bool ok = status >= 200 && status < 400;
    switch (m_status) {
    case StatusFilter::All:
        return true;
    case StatusFilter::Succeeded:
        return ok;
    case StatusFilter::Failed:
        return !ok;
    case StatusFilter::ClientErrors:
        return status >= 400 && status < 500;
    case StatusFilter::ServerErrors:
        return status >= 500;
    }
    return true;
}

} // namespace sy
