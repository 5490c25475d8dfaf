#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace sy {

class GatewayMonitor;
class RequestDetailView;
class RequestLogFilter;

/**
 * The last requests, newest first: searchable, filterable by key, model and status, with a
 * pause so rows stop moving under the mouse, and the chosen request in full below (issue #18).
 */
class RequestLogPage : public QWidget
{
    Q_OBJECT

public:
    explicit RequestLogPage(GatewayMonitor& monitor, QWidget* parent = nullptr);

    QComboBox* keyFilter() const { return m_key; }
    QComboBox* modelFilter() const { return m_model; }
    QComboBox* statusFilter() const { return m_status; }
    QLineEdit* search() const { return m_search; }
    QPushButton* pauseButton() const { return m_pause; }
    QLabel* count() const { return m_count; }
    QTableView* view() const { return m_view; }
    RequestLogFilter* filter() const { return m_filter; }
    RequestDetailView* detail() const { return m_detail; }

    /** Shows the request on @p row of the view (as a click does). */
    void showDetail(int row);

private:
    void updateChoices();
    void applyFilters();
    void updateCount();
    void updatePause();

    GatewayMonitor& m_monitor;
    RequestLogFilter* m_filter;
    QLineEdit* m_search;
    QComboBox* m_key;
    QComboBox* m_model;
    QComboBox* m_status;
    QPushButton* m_pause;
    QLabel* m_count;
    QTableView* m_view;
    RequestDetailView* m_detail;
};

} // namespace sy
