#include "ui/dashboard/RequestLogPage.h"

#include "ui/GatewayMonitor.h"
#include "ui/models/RequestLogFilter.h"
#include "ui/models/RequestLogModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

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
    , m_key(new QComboBox(this))
    , m_model(new QComboBox(this))
    , m_status(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_view(new QTableView(this))
{
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Key:"), this));
    bar->addWidget(m_key);
    bar->addWidget(new QLabel(tr("Model:"), this));
    bar->addWidget(m_model);
    bar->addWidget(new QLabel(tr("Status:"), this));
    bar->addWidget(m_status);
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

    m_filter->setSourceModel(&m_monitor.requestLog());
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // newest first, as the log keeps them
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(RequestLogModel::Time, 80);
    m_view->setColumnWidth(RequestLogModel::Key, 130);
    m_view->setColumnWidth(RequestLogModel::Model, 150);
    m_view->setColumnWidth(RequestLogModel::Backend, 220);
    m_view->setColumnWidth(RequestLogModel::Status, 60);
    m_view->setColumnWidth(RequestLogModel::Tokens, 110);
    layout->addWidget(m_view, 1);

    connect(&m_monitor.requestLog(), &RequestLogModel::choicesChanged, this, &RequestLogPage::updateChoices);
    connect(&m_monitor, &GatewayMonitor::ticked, this, &RequestLogPage::updateCount);
    for (QComboBox* box : {m_key, m_model, m_status})
        connect(box, &QComboBox::currentIndexChanged, this, &RequestLogPage::applyFilters);
    updateChoices();
    updateCount();
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
    updateCount();
}

void RequestLogPage::updateCount()
{
    m_count->setText(tr("%1 of the last %2 requests").arg(m_filter->rowCount()).arg(m_monitor.requestLog().capacity()));
}

} // namespace sy
