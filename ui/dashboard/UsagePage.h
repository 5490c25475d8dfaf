#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace sy {

class GatewayMonitor;
class UsageHistoryPanel;

/**
 * Usage: per API key now (requests, tokens, errors and spend all time, budget and limits; live),
 * and over time (per key or model and day, from the usage log; see UsageHistoryPanel).
 */
class UsagePage : public QWidget
{
    Q_OBJECT

public:
    explicit UsagePage(GatewayMonitor& monitor, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    UsageHistoryPanel* history() const { return m_history; }

private:
    QLabel* m_note;
    QTableView* m_view;
    UsageHistoryPanel* m_history;
};

} // namespace sy
