#include "ui/dashboard/OverviewPage.h"

#include "ui/GatewayMonitor.h"
#include "ui/dashboard/ChartsPanel.h"
#include "ui/dashboard/TableFit.h"
#include "ui/models/BackendTableModel.h"
#include "ui/models/Format.h"

#include <QFrame>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sy {

OverviewPage::OverviewPage(GatewayMonitor& monitor, QWidget* parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_state(new QLabel(this))
    , m_urls(new QLabel(this))
    , m_backends(new QTableView(this))
    , m_charts(new ChartsPanel(monitor, this))
{
    auto* layout = new QVBoxLayout(this);

    QFont big = m_state->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_state->setFont(big);
    m_urls->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_urls->setWordWrap(true);
    layout->addWidget(m_state);
    layout->addWidget(m_urls);

    auto* figures = new QGridLayout;
    // The last hour, from the gateway's history: the same after a restart (issue #18).
    const QStringList captions = {tr("Requests, last hour"),
                                  tr("Client errors (4xx)"),
                                  tr("Server errors (5xx)"),
                                  tr("In flight"),
                                  tr("Connections"),
                                  tr("Tokens in / out, last hour")};
    for (qsizetype i = 0; i < captions.size(); ++i) {
        auto* value = new QLabel(u"—"_s, this);
        QFont f = value->font();
        f.setPointSizeF(f.pointSizeF() * 1.4);
        value->setFont(f);
        auto* caption = new QLabel(captions.at(i), this);
        caption->setForegroundRole(QPalette::PlaceholderText);
        figures->addWidget(value, 0, int(i));
        figures->addWidget(caption, 1, int(i));
        m_figures.append(value);
    }
    layout->addLayout(figures);

    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(&m_monitor.backends());
    proxy->setSortRole(BackendTableModel::SortRole);
    m_backends->setModel(proxy);
    m_backends->setSortingEnabled(true);
    m_backends->sortByColumn(-1, Qt::AscendingOrder); // config order until the user sorts
    m_backends->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_backends->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_backends->setAlternatingRowColors(true);
    m_backends->verticalHeader()->hide();
    m_backends->verticalHeader()->setDefaultSectionSize(m_backends->fontMetrics().height() + 8);
    TableFit::apply(m_backends, u"backends"_s);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_backends);
    split->addWidget(m_charts);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);

    connect(&m_monitor.backends(), &QAbstractItemModel::modelReset, this, &OverviewPage::fitBackendsTable);
    fitBackendsTable();

    connect(&m_monitor, &GatewayMonitor::snapshotUpdated, this, &OverviewPage::updateSummary);
    connect(&m_monitor, &GatewayMonitor::stateChanged, this, &OverviewPage::updateSummary);
    updateSummary();
}

void OverviewPage::fitBackendsTable()
{
    // Every backend visible without scrolling, up to kVisibleBackends; the charts get the rest.
    const int rows = qBound(2, m_monitor.backends().rowCount(), kVisibleBackends);
    const int height = m_backends->horizontalHeader()->sizeHint().height()
        + rows * m_backends->verticalHeader()->defaultSectionSize() + 2 * m_backends->frameWidth() + 2;
    m_backends->setMinimumHeight(height);
}

void OverviewPage::updateSummary()
{
    switch (m_monitor.state()) {
    case GatewayMonitor::State::Starting:
        m_state->setText(tr("Starting…"));
        break;
    case GatewayMonitor::State::Serving:
        m_state->setText(tr("Serving"));
        break;
    case GatewayMonitor::State::Degraded:
        m_state->setText(tr("Degraded: %1").arg(m_monitor.stateDetail()));
        break;
    case GatewayMonitor::State::Stopped:
        m_state->setText(tr("Stopped"));
        break;
    case GatewayMonitor::State::Error:
        m_state->setText(tr("Cannot serve: %1").arg(m_monitor.problem().section(u'\n', 0, 0)));
        break;
    }
    m_urls->setText(m_monitor.isServing() ? tr("Base URLs: %1").arg(m_monitor.baseUrls().join(u"  "_s))
                                          : tr("Not listening."));
    const GatewaySnapshotPtr s = m_monitor.snapshot();
    const TrafficTotals& hour = s->lastHour;
    m_figures.at(0)->setText(Format::count(hour.requests));
    m_figures.at(1)->setText(Format::count(hour.clientErrors));
    m_figures.at(2)->setText(Format::count(hour.serverErrors));
    m_figures.at(3)->setText(Format::count(quint64(qMax(0, s->inFlight))));
    m_figures.at(4)->setText(Format::count(quint64(qMax(0, s->connections))));
    m_figures.at(5)->setText(u"%1 / %2"_s.arg(Format::count(hour.promptTokens), Format::count(hour.completionTokens)));
}

} // namespace sy
