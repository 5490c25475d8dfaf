#include "ui/dashboard/UsagePage.h"

#include "ui/GatewayMonitor.h"
#include "ui/keys/KeyDirectory.h"
#include "ui/models/KeyUsageModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace sy {

UsagePage::UsagePage(GatewayMonitor& monitor, QWidget* parent)
    : QWidget(parent)
    , m_note(new QLabel(this))
    , m_view(new QTableView(this))
{
    auto* layout = new QVBoxLayout(this);
    m_note->setWordWrap(true);
    m_note->setText(monitor.keys().available()
                        ? tr("Totals from the key store, plus this session's requests as they finish.")
                        : tr("Counted from this session's requests. Spend, limits and budgets per key appear once "
                             "virtual keys are set up."));
    layout->addWidget(m_note);

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
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(KeyUsageModel::Key, 200);
    m_view->setColumnWidth(KeyUsageModel::Limits, 220);
    m_view->setColumnWidth(KeyUsageModel::Budget, 150);
    layout->addWidget(m_view, 1);
}

} // namespace sy
