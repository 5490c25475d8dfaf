#include "ui/dashboard/ServersPage.h"

#include "ui/dashboard/TableFit.h"
#include "ui/models/Format.h"
#include "ui/models/ServerTableModel.h"
#include "ui/servers/IServerControl.h"

#include <QDesktopServices>
#include <QDir>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr int kRefreshMs = 1000;

QString quoted(const QStringList& argv)
{
    QStringList parts;
    for (const QString& a : argv)
        parts << (a.contains(u' ') ? u"\"%1\""_s.arg(a) : a);
    return parts.join(u' ');
}

} // namespace

ServersPage::ServersPage(IServerControl* control, QWidget* parent)
    : QWidget(parent)
    , m_control(control)
    , m_model(new ServerTableModel(control, this))
    , m_openLog([](const QString& path) { return QDesktopServices::openUrl(QUrl::fromLocalFile(path)); })
    , m_note(new QLabel(this))
    , m_view(new QTableView(this))
    , m_details(new QLabel(this))
    , m_log(new QPushButton(tr("Open Log"), this))
    , m_message(new QLabel(this))
    , m_logPane(new QPlainTextEdit(this))
    , m_refresh(this)
{
    auto* layout = new QVBoxLayout(this);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);

    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    TableFit::apply(m_view, u"servers"_s);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 16); // room for buttons

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(makeDetails());
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);

    connect(m_log, &QPushButton::clicked, this, &ServersPage::openLog);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ServersPage::updateDetails);
    // Cells change in place on serversChanged(): the state decides which buttons apply.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        updateRowButtons();
        updateDetails();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        placeRowButtons();
        if (m_model->rowCount() > 0 && !m_view->selectionModel()->hasSelection())
            m_view->selectRow(0);
        updateDetails();
    });
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        m_model->refresh(); // uptimes move on
        refreshLog();
    });
    placeRowButtons();
    if (m_model->rowCount() > 0)
        m_view->selectRow(0);
    updateDetails();
}

QWidget* ServersPage::makeDetails()
{
    auto* box = new QWidget(this);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    layout->addWidget(m_details);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Log:"), box));
    bar->addStretch(1);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_message, 4);
    bar->addWidget(m_log);
    layout->addLayout(bar);
    m_logPane->setReadOnly(true);
    m_logPane->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_logPane->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_logPane->setMaximumBlockCount(2000);
    m_logPane->setPlaceholderText(tr("Nothing logged yet."));
    layout->addWidget(m_logPane, 1);
    return box;
}

void ServersPage::setLogOpener(std::function<bool(const QString&)> opener)
{
    m_openLog = std::move(opener);
}

const ServerEntry* ServersPage::selected() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_model->server(rows.constFirst().row());
}

QPushButton* ServersPage::rowButton(int row, const QString& action) const
{
    QWidget* cell = m_view->indexWidget(m_model->index(row, ServerTableModel::Actions));
    return cell ? cell->findChild<QPushButton*>(action) : nullptr;
}

void ServersPage::placeRowButtons()
{
    // Each row acts on its own server: no need to select it first (issue #18).
    for (int row = 0; row < m_model->rowCount(); ++row) {
        auto* cell = new QWidget(m_view);
        auto* buttons = new QHBoxLayout(cell);
        buttons->setContentsMargins(2, 1, 2, 1);
        buttons->setSpacing(4);
        const QString name = m_model->server(row)->name;
        const QList<std::pair<QString, QString>> actions
            = {{u"start"_s, tr("Start")}, {u"stop"_s, tr("Stop")}, {u"restart"_s, tr("Restart")}};
        for (const auto& [action, label] : actions) {
            auto* b = new QPushButton(label, cell);
            b->setObjectName(action);
            b->setFlat(false);
            connect(b, &QPushButton::clicked, this, [this, name, action] {
                if (!m_control)
                    return;
                if (action == u"start")
                    m_control->start(name);
                else if (action == u"stop")
                    m_control->stop(name);
                else
                    m_control->restart(name);
            });
            buttons->addWidget(b);
        }
        m_view->setIndexWidget(m_model->index(row, ServerTableModel::Actions), cell);
    }
    m_view->resizeColumnToContents(ServerTableModel::Actions);
    updateRowButtons();
}

void ServersPage::updateRowButtons()
{
    using State = ServerEntry::State;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const ServerEntry* s = m_model->server(row);
        const bool up = s->state == State::Ready || s->state == State::Starting;
        const bool moving = s->state == State::Starting || s->state == State::Stopping;
        if (QPushButton* b = rowButton(row, u"start"_s))
            b->setEnabled(!up && s->state != State::Stopping);
        if (QPushButton* b = rowButton(row, u"stop"_s))
            b->setEnabled(up);
        if (QPushButton* b = rowButton(row, u"restart"_s))
            b->setEnabled(!moving);
    }
}

void ServersPage::updateDetails()
{
    m_note->setText(!m_control ? tr("Switchyard can start and stop local model servers for you once they are "
                                    "configured as managed servers.")
                        : m_model->rowCount() == 0 ? tr("No managed servers in the config.")
                                                   : tr("Local model servers Switchyard runs for you."));
    const ServerEntry* s = selected();
    m_log->setEnabled(s && !s->logFile.isEmpty());
    if (!s) {
        m_details->setText(tr("Choose a server to see its command line and log."));
        return;
    }
    const QString command = s->commandLine.isEmpty() ? tr("not started yet") : quoted(s->commandLine);
    m_details->setText(tr("<b>%1</b> (%2), %3 · Command: <tt>%4</tt><br>Log file: %5")
                           .arg(s->name.toHtmlEscaped(),
                                s->kind.toHtmlEscaped(),
                                Format::serverState(s->state),
                                command.toHtmlEscaped(),
                                QDir::toNativeSeparators(s->logFile).toHtmlEscaped()));
    if (s->name != m_logShown)
        refreshLog();
}

void ServersPage::refreshLog()
{
    const ServerEntry* s = selected();
    const QString name = s ? s->name : QString();
    const QString text = m_control && s ? m_control->logTail(name) : QString();
    QScrollBar* bar = m_logPane->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2 || name != m_logShown;
    if (name == m_logShown && text == m_logText)
        return;
    m_logShown = name;
    m_logText = text;
    m_logPane->setPlainText(text.endsWith(u'\n') ? text.chopped(1) : text);
    if (atEnd) // follow the log unless the user scrolled up to read
        bar->setValue(bar->maximum());
}

void ServersPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refreshLog();
    m_refresh.start();
}

void ServersPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_refresh.stop();
}

void ServersPage::openLog()
{
    const ServerEntry* s = selected();
    if (!s || s->logFile.isEmpty() || !m_openLog)
        return;
    const QString path = QDir::toNativeSeparators(s->logFile);
    m_message->setText(m_openLog(s->logFile) ? tr("Opened %1.").arg(path)
                                             : tr("No application opens log files here; the log is %1.").arg(path));
}

} // namespace sy
