#pragma once

#include "gateway/storage/UsageHistory.h"

#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QSplitter;
class QTableView;

namespace sy {

class DailyUsageModel;
class HistoryService;

/**
 * Usage over time (issue #18): spend, requests or tokens per key or per model, per UTC day, over
 * a chosen date range, read from the usage log by the gateway (HistoryService::daily), so it is
 * the same after a restart and the same as /spend/logs. A stacked bar chart, the table, and
 * CSV export.
 */
class UsageHistoryPanel : public QWidget
{
    Q_OBJECT

public:
    enum class Metric
    {
        Spend,
        Requests,
        Tokens,
    };

    /** @p history: null when no gateway is attached (the panel says so). */
    explicit UsageHistoryPanel(HistoryService* history, QWidget* parent = nullptr);

    /** Asks the gateway for the chosen range again. */
    void reload();
    /** Writes the rows to @p path as CSV; false and a message in status() when it cannot. */
    bool exportCsv(const QString& path);
    void setRange(const QDate& from, const QDate& to);

    QDateEdit* fromEdit() const { return m_from; }
    QDateEdit* toEdit() const { return m_to; }
    QComboBox* groupBy() const { return m_groupBy; }
    QComboBox* metric() const { return m_metric; }
    DailyUsageModel* model() const { return m_model; }
    QLabel* status() const { return m_status; }
    QChart* chart() const { return m_chart; }

signals:
    /** An answer arrived (rows or an error) and is shown. */
    void loaded();

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    QWidget* makeControls();
    void redrawChart();
    void chooseExportFile();

    HistoryService* m_history;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QComboBox* m_groupBy;
    QComboBox* m_metric;
    QLabel* m_status;
    DailyUsageModel* m_model;
    QChart* m_chart;
    QChartView* m_chartView;
    QTableView* m_table;
    QSplitter* m_split;
    bool m_sized = false;
    quint64 m_generation = 0; ///< answers to older queries are dropped
    bool m_loadedOnce = false;
};

} // namespace sy
