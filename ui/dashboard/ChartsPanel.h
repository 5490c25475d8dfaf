#pragma once

#include <QWidget>

class QButtonGroup;
class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace sy {

class GatewayMonitor;

/**
 * The dashboard's live charts: requests/s, tokens/s, time to first token (p50, p95) and error
 * rate, over the last 5, 15 or 60 minutes. Redrawn once a second from MetricsHistory (on
 * GatewayMonitor::ticked) and only while visible; each series is replaced whole with at most
 * kMaxPoints points, so the cost does not grow with traffic.
 */
class ChartsPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMaxPoints = 300;

    explicit ChartsPanel(GatewayMonitor& monitor, QWidget* parent = nullptr);

    /** Minutes shown: 5, 15 or 60. */
    int windowMinutes() const { return m_minutes; }
    void setWindowMinutes(int minutes);

    /** Rebuilds every series from the history now (also done on each tick while visible). */
    void redraw();

    struct Chart
    {
        QChart* chart = nullptr;
        QChartView* view = nullptr;
        QDateTimeAxis* x = nullptr;
        QValueAxis* y = nullptr;
        QList<QLineSeries*> series;
    };
    const QList<Chart>& charts() const { return m_charts; }

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    Chart makeChart(const QString& title, const QStringList& seriesNames);
    void applyTheme();

    GatewayMonitor& m_monitor;
    QButtonGroup* m_windowButtons;
    QList<Chart> m_charts;
    int m_minutes = 5;
};

} // namespace sy
