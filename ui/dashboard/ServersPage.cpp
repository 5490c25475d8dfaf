#include "ui/dashboard/ServersPage.h"

#include "ui/models/ServerTableModel.h"
#include "ui/servers/IServerControl.h"

#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace sy {

ServersPage::ServersPage(IServerControl* control, QWidget* parent)
    : QWidget(parent)
    , m_control(control)
    , m_model(new ServerTableModel(control, this))
    , m_openLog([](const QString& path) { QDesktopServices::openUrl(QUrl::fromLocalFile(path)); })
    , m_note(new QLabel(this))
    , m_view(new QTableView(this))
    , m_start(new QPushButton(tr("Start"), this))
    , m_stop(new QPushButton(tr("Stop"), this))
    , m_restart(new QPushButton(tr("Restart"), this))
    , m_log(new QPushButton(tr("Open Log"), this))
{
    auto* layout = new QVBoxLayout(this);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);

    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(ServerTableModel::Name, 200);
    m_view->setColumnWidth(ServerTableModel::State, 140);
    layout->addWidget(m_view, 1);

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_start, m_stop, m_restart, m_log})
        buttons->addWidget(b);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    connect(m_start, &QPushButton::clicked, this, [this] { m_control->start(selectedName()); });
    connect(m_stop, &QPushButton::clicked, this, [this] { m_control->stop(selectedName()); });
    connect(m_restart, &QPushButton::clicked, this, [this] { m_control->restart(selectedName()); });
    connect(m_log, &QPushButton::clicked, this, &ServersPage::openLog);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ServersPage::updateButtons);
    // Cells change in place on serversChanged(): the state decides which buttons apply.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ServersPage::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ServersPage::updateButtons);
    updateButtons();
}

void ServersPage::setLogOpener(std::function<void(const QString&)> opener)
{
    m_openLog = std::move(opener);
}

QString ServersPage::selectedName() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const ServerEntry* s = rows.isEmpty() ? nullptr : m_model->server(rows.constFirst().row());
    return s ? s->name : QString();
}

void ServersPage::updateButtons()
{
    m_note->setText(!m_control ? tr("Switchyard can start and stop local model servers for you once they are "
                                    "configured as managed servers.")
                        : m_model->rowCount() == 0 ? tr("No managed servers in the config.")
                                                   : tr("Local model servers Switchyard runs for you."));
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const ServerEntry* s = rows.isEmpty() ? nullptr : m_model->server(rows.constFirst().row());
    using State = ServerEntry::State;
    const bool up = s && (s->state == State::Ready || s->state == State::Starting);
    const bool moving = s && (s->state == State::Starting || s->state == State::Stopping);
    m_start->setEnabled(s && !up && s->state != State::Stopping);
    m_stop->setEnabled(up);
    m_restart->setEnabled(s && !moving);
    m_log->setEnabled(s && !s->logFile.isEmpty());
}

void ServersPage::openLog()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const ServerEntry* s = rows.isEmpty() ? nullptr : m_model->server(rows.constFirst().row());
    if (s && !s->logFile.isEmpty() && m_openLog)
        m_openLog(s->logFile);
}

} // namespace sy
