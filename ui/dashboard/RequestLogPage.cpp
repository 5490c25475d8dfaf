#include "ui/dashboard/RequestLogPage.h"

#include "ui/GatewayMonitor.h"
#include "ui/dashboard/RequestDetailView.h"
#include "ui/dashboard/TableFit.h"
#include "ui/models/Format.h"
#include "ui/models/RequestLogFilter.h"
#include "ui/models/RequestLogModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// Which entry of the key filter means "any key": its data is invalid, unlike "" (the master key).
bool isAnyKey(const QVariant& data)
{
    return !data.isValid();
}

} // namespace

RequestLogPage::RequestLogPage(GatewayMonitor& monitor, QWidget* parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_filter(new RequestLogFilter(this))
    , m_search(new QLineEdit(this))
    , m_key(new QComboBox(this))
    , m_model(new QComboBox(this))
    , m_status(new QComboBox(this))
    , m_pause(new QPushButton(this))
    , m_count(new QLabel(this))
    , m_view(new QTableView(this))
    , m_detail(new RequestDetailView(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    m_search->setPlaceholderText(tr("Search model, key, backend, error, request id…"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(220);
    bar->addWidget(m_search, 2);
    bar->addWidget(new QLabel(tr("Key:"), this));
    bar->addWidget(m_key);
    bar->addWidget(new QLabel(tr("Model:"), this));
    bar->addWidget(m_model);
    bar->addWidget(new QLabel(tr("Status:"), this));
    bar->addWidget(m_status);
    bar->addWidget(m_pause);
    bar->addStretch();
    bar->addWidget(m_count);
    layout->addLayout(bar);

    m_key->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_status->addItem(tr("All"), int(RequestLogFilter::StatusFilter::All));
    m_status->addItem(tr("Succeeded"), int(RequestLogFilter::StatusFilter::Succeeded));
    m_status->addItem(tr("Failed"), int(RequestLogFilter::StatusFilter::Failed));
    m_status->addItem(tr("Client errors (4xx)"), int(RequestLogFilter::StatusFilter::ClientErrors));
    m_status->addItem(tr("Server errors (5xx)"), int(RequestLogFilter::StatusFilter::ServerErrors));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Hold new requests back, so rows stay where they are"));

    m_filter->setSourceModel(&m_monitor.requestLog());
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // newest first, as the log keeps them
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    TableFit::apply(m_view, u"requests"_s);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);

    connect(&m_monitor.requestLog(), &RequestLogModel::choicesChanged, this, &RequestLogPage::updateChoices);
    connect(&m_monitor.requestLog(), &RequestLogModel::heldChanged, this, &RequestLogPage::updatePause);
    connect(&m_monitor, &GatewayMonitor::ticked, this, &RequestLogPage::updateCount);
    for (QComboBox* box : {m_key, m_model, m_status})
        connect(box, &QComboBox::currentIndexChanged, this, &RequestLogPage::applyFilters);
    connect(m_search, &QLineEdit::textChanged, this, &RequestLogPage::applyFilters);
    connect(m_pause, &QPushButton::toggled, &m_monitor.requestLog(), &RequestLogModel::setPaused);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& i) {
        showDetail(i.row());
    });
    updateChoices();
    updateCount();
    updatePause();
}

void RequestLogPage::showDetail(int row)
{
    const QModelIndex source = m_filter->mapToSource(m_filter->index(row, 0));
    if (!source.isValid()) {
        m_detail->clearRecord();
        return;
    }
    if (m_view->currentIndex().row() != row)
        m_view->selectRow(row);
    m_view->scrollTo(m_filter->index(row, 0));
    m_detail->showRecord(m_monitor.requestLog().record(source.row()));
}

void RequestLogPage::updateChoices()
{
    const QVariant key = m_key->currentData();
    const QString model = m_model->currentData().toString();
    const QSignalBlocker blockKey(m_key);
    const QSignalBlocker blockModel(m_model);
    m_key->clear();
    m_key->addItem(tr("All keys"));
    const QMap<QString, QString>& keys = m_monitor.requestLog().keysSeen();
    for (auto it = keys.cbegin(); it != keys.cend(); ++it)
        m_key->addItem(it.value(), it.key());
    m_model->clear();
    m_model->addItem(tr("All models"), QString());
    for (const QString& m : m_monitor.requestLog().modelsSeen())
        m_model->addItem(m, m);
    m_key->setCurrentIndex(isAnyKey(key) ? 0 : qMax(0, m_key->findData(key)));
    m_model->setCurrentIndex(qMax(0, m_model->findData(model)));
}

void RequestLogPage::applyFilters()
{
    const QVariant key = m_key->currentData();
    m_filter->setKey(isAnyKey(key) ? std::nullopt : std::optional<QString>(key.toString()));
    m_filter->setModel(m_model->currentData().toString());
    m_filter->setStatus(RequestLogFilter::StatusFilter(m_status->currentData().toInt()));
    m_filter->setSearch(m_search->text());
    updateCount();
}

void RequestLogPage::updateCount()
{
    const quint64 all = quint64(m_monitor.requestLog().rowCount());
    const quint64 shown = quint64(m_filter->rowCount());
    m_count->setText(m_filter->isFiltering()
                         ? tr("%1 of %2 requests match").arg(Format::count(shown), Format::count(all))
                         : tr("%1 requests").arg(Format::count(all)));
    m_count->setToolTip(
        tr("The log keeps the newest %1 requests.").arg(Format::count(quint64(m_monitor.requestLog().capacity()))));
}

void RequestLogPage::updatePause()
{
    const RequestLogModel& log = m_monitor.requestLog();
    if (!log.isPaused())
        m_pause->setText(tr("Pause"));
    else if (log.heldCount() == 0)
        m_pause->setText(tr("Resume"));
    else
        m_pause->setText(tr("Resume (%1 new)").arg(Format::count(quint64(log.heldCount()))));
    updateCount();
}

} // namespace sy
