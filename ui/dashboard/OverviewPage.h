#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace sy {

class ChartsPanel;
class GatewayMonitor;

/** The dashboard's first page: the gateway's state and totals, the backends table, the charts. */
class OverviewPage : public QWidget
{
    Q_OBJECT

public:
    /** Backends shown without scrolling; beyond that the table scrolls. */
    static constexpr int kVisibleBackends = 8;

    explicit OverviewPage(GatewayMonitor& monitor, QWidget* parent = nullptr);

    QTableView* backendsView() const { return m_backends; }
    ChartsPanel* charts() const { return m_charts; }
    QLabel* stateLabel() const { return m_state; }

private:
    void updateSummary();
    void fitBackendsTable();

    GatewayMonitor& m_monitor;
    QLabel* m_state;
    QLabel* m_urls;
    QList<QLabel*> m_figures; ///< requests, failures, in flight, connections, tokens
    QTableView* m_backends;
    ChartsPanel* m_charts;
};

} // namespace sy
