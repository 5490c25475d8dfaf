#pragma once

#include <QSortFilterProxyModel>

#include <optional>

namespace sy {

/** The request log's filters: by key, by model group and by status class. */
class RequestLogFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class StatusFilter
    {
        All,
        Succeeded, ///< 2xx and 3xx
        Failed, ///< everything else
        ClientErrors, ///< 4xx
        ServerErrors, ///< 5xx
    };

    explicit RequestLogFilter(QObject* parent = nullptr);

    /** Only requests made with the key @p hash ("" is the master key); nullopt: any key. */
    void setKey(const std::optional<QString>& hash);
    /** Only requests for the model group @p model; empty: any. */
    void setModel(const QString& model);
    void setStatus(StatusFilter status);
    /** Only requests whose key, model, backend, error or request id contain @p text (any case). */
    void setSearch(const QString& text);
    /** Whether any filter is on (the page says "N of M" only then). */
    bool isFiltering() const
    {
        return m_key || !m_model.isEmpty() || m_status != StatusFilter::All || !m_search.isEmpty();
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    std::optional<QString> m_key;
    QString m_model;
    StatusFilter m_status = StatusFilter::All;
    QString m_search;
};

} // namespace sy
