#include "ui/dashboard/UsageHistoryPanel.h"

#include "gateway/HistoryService.h"
#include "ui/dashboard/TableFit.h"
#include "ui/models/DailyUsageModel.h"
#include "ui/models/Format.h"

#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QMap>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QTableView>
#include <QTimeZone>
#include <QVBoxLayout>

#include <QValueAxis>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr int kMaxSets = 9; // more keys or models than this: the rest are one "Others" set

QDate todayUtc()
{
    return QDateTime::currentDateTimeUtc().date();
}

double valueOf(const DailyUsage& row, UsageHistoryPanel::Metric metric)
{
    switch (metric) {
    case UsageHistoryPanel::Metric::Spend:
        return row.cost;
    case UsageHistoryPanel::Metric::Requests:
        return double(row.requests);
    case UsageHistoryPanel::Metric::Tokens:
        return double(row.promptTokens + row.completionTokens);
    }
    return 0;
}

/**
 * The day axis: bars sit at 0, 1, 2, … and get a label each when there is room ("5 Dec" for a
 * week or so), else every so many days the day of the month (the dates are in the table
 * beside). A category axis with labels on values: Qt Charts elides a bar category's label to its
 * bar's narrow slot, but not these.
 */
QCategoryAxis* dayAxis(const QDate& from, const QDate& to, int width)
{
    auto* axis = new QCategoryAxis;
    const int days = int(from.daysTo(to) + 1);
    axis->setRange(-0.5, days - 0.5);
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setGridLineVisible(false);
    const bool wide = days <= 10 && width / days >= 48;
    const int every = wide ? 1 : qMax(1, (days * 46 + width - 1) / qMax(1, width)); // "29.11." needs ~46 px
    for (int i = (days - 1) % every; i < days; i += every) {
        const QDate d = from.addDays(i);
        axis->append(wide ? QLocale().toString(d, u"d MMM"_s) : QLocale().toString(d, u"d.M."_s), i);
    }
    return axis;
}

} // namespace

UsageHistoryPanel::UsageHistoryPanel(HistoryService* history, QWidget* parent)
    : QWidget(parent)
    , m_history(history)
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_groupBy(new QComboBox(this))
    , m_metric(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_model(new DailyUsageModel(this))
    , m_chart(new QChart)
    , m_chartView(new QChartView(m_chart, this))
    , m_table(new QTableView(this))
    , m_split(new QSplitter(Qt::Horizontal, this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(makeControls());

    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chartView->setRenderHint(QPainter::Antialiasing, true);
    m_chartView->setMinimumHeight(170);

    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(DailyUsageModel::SortRole);
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DailyUsageModel::Day, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    TableFit::apply(m_table, u"daily-usage"_s);

    m_split->addWidget(m_chartView);
    m_split->addWidget(m_table);
    m_split->setChildrenCollapsible(false);
    layout->addWidget(m_split, 1);

    setRange(todayUtc().addDays(-13), todayUtc());
    connect(m_from, &QDateEdit::dateChanged, this, &UsageHistoryPanel::reload);
    connect(m_to, &QDateEdit::dateChanged, this, &UsageHistoryPanel::reload);
    connect(m_groupBy, &QComboBox::currentIndexChanged, this, &UsageHistoryPanel::reload);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &UsageHistoryPanel::redrawChart);
}

QWidget* UsageHistoryPanel::makeControls()
{
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
#if QT_VERSION >= QT_VERSION_CHECK(6, 7, 0)
        edit->setTimeZone(QTimeZone::utc()); // setTimeSpec is deprecated from 6.7
#else
        edit->setTimeSpec(Qt::UTC);
#endif
    }
    row->addWidget(new QLabel(tr("From:"), bar));
    row->addWidget(m_from);
    row->addWidget(new QLabel(tr("to:"), bar));
    row->addWidget(m_to);
    for (const int days : {7, 30, 90}) {
        auto* b = new QPushButton(tr("%1 days").arg(days), bar);
        connect(b, &QPushButton::clicked, this, [this, days] { setRange(todayUtc().addDays(1 - days), todayUtc()); });
        row->addWidget(b);
    }
    row->addSpacing(12);
    m_groupBy->addItem(tr("Per key"), int(DailyUsageQuery::GroupBy::Key));
    m_groupBy->addItem(tr("Per model"), int(DailyUsageQuery::GroupBy::Model));
    m_metric->addItem(tr("Spend"), int(Metric::Spend));
    m_metric->addItem(tr("Requests"), int(Metric::Requests));
    m_metric->addItem(tr("Tokens"), int(Metric::Tokens));
    row->addWidget(m_groupBy);
    row->addWidget(m_metric);
    row->addStretch(1);
    row->addWidget(m_status);
    auto* exportButton = new QPushButton(tr("Export CSV…"), bar);
    connect(exportButton, &QPushButton::clicked, this, &UsageHistoryPanel::chooseExportFile);
    row->addWidget(exportButton);
    return bar;
}

void UsageHistoryPanel::setRange(const QDate& from, const QDate& to)
{
    const QSignalBlocker a(m_from);
    const QSignalBlocker b(m_to);
    m_from->setDate(from);
    m_to->setDate(to);
    reload();
}

void UsageHistoryPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_sized) {
        // A third for the chart, the rest for the table's seven columns (once, when the width is known).
        m_sized = true;
        m_split->setSizes({m_split->width() / 3, m_split->width() - m_split->width() / 3});
    }
    reload(); // the log grew since last time
}

void UsageHistoryPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (m_model->rowCount() > 0)
        redrawChart(); // as many day labels as fit now
}

void UsageHistoryPanel::reload()
{
    if (!m_history) {
        m_status->setText(tr("Needs the gateway's usage log."));
        return;
    }
    DailyUsageQuery query;
    query.from = qMin(m_from->date(), m_to->date());
    query.to = qMax(m_from->date(), m_to->date());
    query.groupBy = DailyUsageQuery::GroupBy(m_groupBy->currentData().toInt());
    const quint64 generation = ++m_generation;
    m_status->setText(tr("Loading…"));
    m_history->daily(query, this, [this, generation, query](const HistoryResult<QList<DailyUsage>>& result) {
        if (generation != m_generation)
            return; // a newer query is under way
        if (!result.ok()) {
            m_status->setText(result.error);
            m_model->setRows({}, query.groupBy);
        } else {
            m_status->setText(result.rows.size() == 1 ? tr("1 row") : tr("%1 rows").arg(result.rows.size()));
            m_model->setRows(result.rows, query.groupBy);
        }
        redrawChart();
        emit loaded();
    });
}

void UsageHistoryPanel::redrawChart()
{
    m_chart->removeAllSeries();
    for (QAbstractAxis* axis : m_chart->axes())
        m_chart->removeAxis(axis);
    const Metric metric = Metric(m_metric->currentData().toInt());
    const QDate from = qMin(m_from->date(), m_to->date());
    const QDate to = qMax(m_from->date(), m_to->date());
    // The biggest keys or models get a set each, the rest one set together.
    QMap<QString, double> totals;
    for (const DailyUsage& r : m_model->rows())
        totals[m_model->nameOf(r)] += valueOf(r, metric);
    QList<QString> names = totals.keys();
    std::sort(names.begin(), names.end(), [&](const QString& a, const QString& b) { return totals[a] > totals[b]; });
    const QString others = tr("Others");
    QMap<QString, QBarSet*> sets;
    auto* series = new QStackedBarSeries;
    const qint64 days = from.daysTo(to) + 1;
    for (qsizetype i = 0; i < names.size(); ++i) {
        const QString set = i < kMaxSets || names.size() == kMaxSets + 1 ? names.at(i) : others;
        if (!sets.contains(set)) {
            sets.insert(set, new QBarSet(set));
            sets[set]->append(QList<qreal>(days, 0));
            series->append(sets[set]);
        }
        sets.insert(names.at(i), sets[set]);
    }
    double top = 0;
    QList<double> dayTotals(days, 0);
    for (const DailyUsage& r : m_model->rows()) {
        const qint64 d = from.daysTo(r.day);
        if (d < 0 || d >= days)
            continue;
        QBarSet* set = sets.value(m_model->nameOf(r));
        set->replace(int(d), set->at(int(d)) + valueOf(r, metric));
        dayTotals[d] += valueOf(r, metric);
        top = qMax(top, dayTotals[d]);
    }
    m_chart->addSeries(series);
    QCategoryAxis* x = dayAxis(from, to, qMax(1, m_chartView->width() - 70));
    auto* y = new QValueAxis;
    y->setRange(0, top > 0 ? top * 1.1 : 1);
    y->setTickCount(5);
    // Enough decimals that small amounts of money do not all read "0.01".
    const double step = (top > 0 ? top * 1.1 : 1) / 4;
    const int decimals = metric != Metric::Spend && step >= 1 ? 0 : qBound(0, 1 - int(std::floor(std::log10(step))), 6);
    y->setLabelFormat(u"%.%1f"_s.arg(decimals));
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    m_chart->setTitle(metric == Metric::Spend          ? tr("Spend per day (USD)")
                          : metric == Metric::Requests ? tr("Requests per day")
                                                       : tr("Tokens per day"));
    m_chart->legend()->setVisible(!sets.isEmpty());
}

bool UsageHistoryPanel::exportCsv(const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_model->toCsv()) < 0 || !file.commit()) {
        m_status->setText(tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    m_status->setText(tr("Saved %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

void UsageHistoryPanel::chooseExportFile()
{
    const QString name
        = u"switchyard-usage-%1-%2.csv"_s.arg(m_from->date().toString(Qt::ISODate), m_to->date().toString(Qt::ISODate));
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export Usage"), QDir::home().filePath(name), tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

} // namespace sy
