#include "ui/dashboard/ChartsPanel.h"

#include "ui/GatewayMonitor.h"

#include <QButtonGroup>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPushButton>
#include <QValueAxis>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

/** A y-axis top that reads well (1, 2 or 5 times a power of ten, at least @p value) and its tick count. */
std::pair<double, int> niceAxis(double value)
{
    if (value <= 0)
        return {1, 6};
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    // 1: ticks every 0.2; 2: every 0.5; 5: every 1 (times the magnitude).
    for (const auto& [step, ticks] : {std::pair{1.0, 6}, std::pair{2.0, 5}, std::pair{5.0, 6}}) {
        if (step * magnitude >= value)
            return {step * magnitude, ticks};
    }
    return {10 * magnitude, 6};
}

const QList<QColor> kColors = {QColor(0x21, 0x6e, 0xd8), QColor(0xe3, 0x7b, 0x00), QColor(0x2e, 0xa0, 0x43)};

QPen linePen(qsizetype line)
{
    QPen pen(kColors.at(line % kColors.size()));
    pen.setWidthF(1.6);
    return pen;
}

/** Splits @p points at those with y < 0 (nothing measured) into runs of measured ones. */
QList<QList<QPointF>> runsOf(const QList<QPointF>& points)
{
    QList<QList<QPointF>> runs;
    QList<QPointF> run;
    for (const QPointF& p : points) {
        if (p.y() >= 0) {
            run.append(p);
            continue;
        }
        if (!run.isEmpty())
            runs.append(std::exchange(run, {}));
    }
    if (!run.isEmpty())
        runs.append(run);
    return runs;
}

} // namespace

ChartsPanel::ChartsPanel(GatewayMonitor& monitor, QWidget* parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_windowButtons(new QButtonGroup(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Traffic over the last:"), this));
    for (const int minutes : {5, 15, 60}) {
        auto* button = new QPushButton(minutes == 60 ? tr("1 hour") : tr("%1 minutes").arg(minutes), this);
        button->setCheckable(true);
        button->setChecked(minutes == m_minutes);
        m_windowButtons->addButton(button, minutes);
        bar->addWidget(button);
    }
    bar->addStretch();
    layout->addLayout(bar);
    connect(m_windowButtons, &QButtonGroup::idClicked, this, &ChartsPanel::setWindowMinutes);

    auto* grid = new QGridLayout;
    grid->setSpacing(6);
    m_charts = {
        makeChart(tr("Requests per second"), {tr("Requests/s")}),
        makeChart(tr("Tokens per second"), {tr("Input"), tr("Output")}),
        makeChart(tr("Time to first token (ms)"), {tr("p50"), tr("p95")}),
        makeChart(tr("Errors, last minute (%)"), {tr("Client errors (4xx)"), tr("Server errors (5xx)")}),
    };
    for (int i = 0; i < m_charts.size(); ++i)
        grid->addWidget(m_charts.at(i).view, i / 2, i % 2);
    layout->addLayout(grid, 1);
    applyTheme();
    connect(&m_monitor, &GatewayMonitor::ticked, this, [this] {
        if (isVisible())
            redraw();
    });
}

ChartsPanel::Chart ChartsPanel::makeChart(const QString& title, const QStringList& seriesNames)
{
    Chart c;
    c.chart = new QChart;
    c.chart->setTitle(title);
    c.chart->setAnimationOptions(QChart::NoAnimation);
    c.chart->setMargins(QMargins(4, 4, 4, 4));
    c.chart->setBackgroundRoundness(0);
    c.chart->legend()->setVisible(seriesNames.size() > 1);
    c.chart->legend()->setAlignment(Qt::AlignBottom);
    c.x = new QDateTimeAxis;
    c.x->setTickCount(6);
    c.y = new QValueAxis;
    c.y->setTickCount(5);
    c.y->setRange(0, 1);
    c.chart->addAxis(c.x, Qt::AlignBottom);
    c.chart->addAxis(c.y, Qt::AlignLeft);
    for (qsizetype i = 0; i < seriesNames.size(); ++i) {
        auto* s = new QLineSeries;
        s->setName(seriesNames.at(i));
        s->setPen(linePen(i));
        c.chart->addSeries(s);
        s->attachAxis(c.x);
        s->attachAxis(c.y);
        c.series.append(s);
        c.segments.append(QList<QLineSeries*>());
    }
    c.view = new QChartView(c.chart, this);
    c.view->setRenderHint(QPainter::Antialiasing, true);
    c.view->setMinimumSize(280, 170);
    return c;
}

void ChartsPanel::setWindowMinutes(int minutes)
{
    m_minutes = minutes;
    if (QAbstractButton* b = m_windowButtons->button(minutes))
        b->setChecked(true);
    redraw();
}

void ChartsPanel::setLine(Chart& c, qsizetype line, const QList<QPointF>& points)
{
    const QList<QList<QPointF>> runs = runsOf(points);
    QList<QLineSeries*>& extra = c.segments[line];
    while (extra.size() < runs.size() - 1) {
        auto* s = new QLineSeries;
        s->setPen(linePen(line));
        c.chart->addSeries(s);
        s->attachAxis(c.x);
        s->attachAxis(c.y);
        for (QLegendMarker* m : c.chart->legend()->markers(s))
            m->setVisible(false);
        extra.append(s);
    }
    for (qsizetype i = 0; i < extra.size() + 1; ++i) {
        QLineSeries* s = i == 0 ? c.series.at(line) : extra.at(i - 1);
        const QList<QPointF> run = runs.value(i);
        s->setPointsVisible(run.size() == 1); // a lone measurement still shows, as a dot
        s->replace(run);
    }
}

void ChartsPanel::redraw()
{
    const int seconds = m_minutes * 60;
    const QList<TrafficHistory::Point> points = m_monitor.history().series(seconds, kMaxPoints);
    QList<QPointF> requests, prompt, completion, p50, p95, clientErrors, serverErrors;
    for (const TrafficHistory::Point& p : points) {
        const double x = double(p.endMs);
        requests.append({x, p.requestsPerSecond});
        prompt.append({x, p.promptTokensPerSecond});
        completion.append({x, p.completionTokensPerSecond});
        clientErrors.append({x, p.clientErrorPercent});
        serverErrors.append({x, p.serverErrorPercent});
        p50.append({x, p.ttftP50Ms});
        p95.append({x, p.ttftP95Ms});
    }
    const QList<QList<QList<QPointF>>> data
        = {{requests}, {prompt, completion}, {p50, p95}, {clientErrors, serverErrors}};
    const qint64 endMs = m_monitor.history().now() * 1000;
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(endMs > 0 ? endMs : QDateTime::currentMSecsSinceEpoch());
    const QString format = m_minutes <= 5 ? u"HH:mm:ss"_s : u"HH:mm"_s;
    for (qsizetype i = 0; i < m_charts.size(); ++i) {
        Chart& c = m_charts[i];
        double top = 0;
        for (qsizetype j = 0; j < c.series.size(); ++j) {
            for (const QPointF& p : data.at(i).at(j))
                top = qMax(top, p.y());
            setLine(c, j, data.at(i).at(j));
        }
        c.x->setFormat(format);
        c.x->setRange(end.addSecs(-m_minutes * 60), end);
        const auto [max, ticks] = niceAxis(i == 3 ? qMin(100.0, top * 1.05) : top * 1.05);
        c.y->setRange(0, max);
        c.y->setTickCount(ticks);
        c.y->setLabelFormat(max < 10 ? u"%.1f"_s : u"%.0f"_s);
    }
}

void ChartsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    redraw();
}

void ChartsPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

void ChartsPanel::applyTheme()
{
    // Follow the system's light or dark appearance; keep our series colours.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    for (Chart& c : m_charts) {
        c.chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        c.chart->setBackgroundBrush(palette().base());
        c.chart->setTitleBrush(palette().text());
        c.chart->legend()->setLabelColor(palette().color(QPalette::Text));
        for (QAbstractAxis* axis : {static_cast<QAbstractAxis*>(c.x), static_cast<QAbstractAxis*>(c.y)}) {
            axis->setLabelsColor(palette().color(QPalette::Text));
            axis->setGridLineColor(palette().color(QPalette::Midlight));
        }
        for (qsizetype i = 0; i < c.series.size(); ++i) {
            c.series.at(i)->setPen(linePen(i));
            for (QLineSeries* s : std::as_const(c.segments.at(i)))
                s->setPen(linePen(i));
        }
    }
}

} // namespace sy
