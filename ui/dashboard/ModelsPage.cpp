#include "ui/dashboard/ModelsPage.h"

#include "ui/GatewayMonitor.h"
#include "ui/dashboard/TableFit.h"
#include "ui/models/ModelGroupsModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sy {

ModelsPage::ModelsPage(GatewayMonitor& monitor, QWidget* parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_model(new ModelGroupsModel(this))
    , m_view(new QTreeView(this))
    , m_check(new QPushButton(tr("Check Now"), this))
    , m_message(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    auto* note = new QLabel(tr("What clients can ask for, and where each request may go."), this);
    note->setForegroundRole(QPalette::PlaceholderText);
    bar->addWidget(note, 1);
    bar->addWidget(m_message);
    m_check->setToolTip(tr("Run the health check of the chosen model's servers now (all, if none is chosen)"));
    bar->addWidget(m_check);
    layout->addLayout(bar);

    m_view->setModel(m_model);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setUniformRowHeights(true);
    m_view->setRootIsDecorated(true);
    TableFit::apply(m_view, u"models"_s);
    layout->addWidget(m_view, 1);

    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // A group is one line across the table; its deployments fill the columns.
        for (int row = 0; row < m_model->rowCount(); ++row)
            m_view->setFirstColumnSpanned(row, {}, true);
        m_view->expandAll();
    });
    connect(&m_monitor, &GatewayMonitor::snapshotUpdated, this, [this] { m_model->setSnapshot(m_monitor.snapshot()); });
    connect(m_check, &QPushButton::clicked, this, &ModelsPage::checkNow);
    m_model->setSnapshot(m_monitor.snapshot());
}

void ModelsPage::checkNow()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const QStringList ids
        = rows.isEmpty() ? QStringList() : rows.constFirst().data(ModelGroupsModel::DeploymentIdsRole).toStringList();
    m_monitor.checkHealthNow(ids);
    m_message->setText(ids.isEmpty() ? tr("Checking every server…") : tr("Checking…"));
}

} // namespace sy
