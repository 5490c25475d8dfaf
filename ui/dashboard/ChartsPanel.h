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
 * rates (4xx and 5xx apart, over a rolling minute), over the last 5, 15 or 60 minutes. Redrawn
 * once a second from the gateway's TrafficHistory replica (on GatewayMonitor::ticked) and only
 * while visible; each series is replaced whole with at most kMaxPoints points, so the cost
 * does not grow with traffic.
 *
 * Time to first token and error rates have no value where nothing was measured: those
 * stretches are gaps, drawn as separate segments (extra series without a legend entry), never
 * a line across them.
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
        QList<QLineSeries*> series; ///< one per line, with its legend entry: its first segment
        QList<QList<QLineSeries*>> segments; ///< per line, the further segments after gaps
    };
    const QList<Chart>& charts() const { return m_charts; }

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    Chart makeChart(const QString& title, const QStringList& seriesNames);
    void applyTheme();
    /** Shows @p points on line @p line of @p c, split at gaps (y < 0) into segments. */
    void setLine(Chart& c, qsizetype line, const QList<QPointF>& points);

    GatewayMonitor& m_monitor;
    QButtonGroup* m_windowButtons;
    QList<Chart> m_charts;
    int m_minutes = 5;
};

} // namespace sy
