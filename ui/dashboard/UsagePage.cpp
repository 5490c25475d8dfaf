#include "ui/dashboard/UsagePage.h"

#include "ui/GatewayMonitor.h"
#include "ui/dashboard/TableFit.h"
#include "ui/dashboard/UsageHistoryPanel.h"
#include "ui/keys/KeyDirectory.h"
#include "ui/models/KeyUsageModel.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sy {

UsagePage::UsagePage(GatewayMonitor& monitor, QWidget* parent)
    : QWidget(parent)
    , m_note(new QLabel(this))
    , m_view(new QTableView(this))
    , m_history(new UsageHistoryPanel(monitor.historyService(), this))
{
    auto* layout = new QVBoxLayout(this);
    auto* perKey = new QGroupBox(tr("Per key, all time"), this);
    auto* perKeyLayout = new QVBoxLayout(perKey);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setText(monitor.keys().available()
                        ? tr("As the usage log counts them (GET /spend/logs); budgets as GET /key/info reports them. "
                             "Live, and the same after a restart.")
                        : tr("As the usage log counts them. Limits and budgets per key appear once virtual keys are "
                             "set up."));
    perKeyLayout->addWidget(m_note);

    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(&monitor.keyUsage());
    proxy->setSortRole(KeyUsageModel::SortRole);
    m_view->setModel(proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(KeyUsageModel::Spend, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    TableFit::apply(m_view, u"usage"_s);
    perKeyLayout->addWidget(m_view, 1);

    auto* overTime = new QGroupBox(tr("Over time"), this);
    auto* overTimeLayout = new QVBoxLayout(overTime);
    overTimeLayout->addWidget(m_history);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(perKey);
    split->addWidget(overTime);
    split->setChildrenCollapsible(false);
    split->setSizes({1, 2});
    layout->addWidget(split, 1);
}

} // namespace sy
