#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace sy {

class GatewayMonitor;
class RequestLogFilter;

/** The last requests, newest first, filterable by key, model and status. */
class RequestLogPage : public QWidget
{
    Q_OBJECT

public:
    explicit RequestLogPage(GatewayMonitor& monitor, QWidget* parent = nullptr);

    QComboBox* keyFilter() const { return m_key; }
    QComboBox* modelFilter() const { return m_model; }
    QComboBox* statusFilter() const { return m_status; }
    QTableView* view() const { return m_view; }
    RequestLogFilter* filter() const { return m_filter; }

private:
    void updateChoices();
    void applyFilters();
    void updateCount();

    GatewayMonitor& m_monitor;
    RequestLogFilter* m_filter;
    QComboBox* m_key;
    QComboBox* m_model;
    QComboBox* m_status;
    QLabel* m_count;
    QTableView* m_view;
};

} // namespace sy
