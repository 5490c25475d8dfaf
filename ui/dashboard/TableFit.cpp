#include "ui/dashboard/TableFit.h"

#include <QAbstractItemView>
#include <QAction>
#include <QHeaderView>
#include <QHelpEvent>
#include <QMenu>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <QToolTip>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr int kSaveDelayMs = 400;
constexpr int kCellPadding = 12; // what a cell's margins and a sort arrow take besides the text

} // namespace

TableFit* TableFit::apply(QTableView* view, const QString& name)
{
    view->setWordWrap(false);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->horizontalHeader()->setStretchLastSection(true);
    return new TableFit(view, view->horizontalHeader(), name);
}

TableFit* TableFit::apply(QTreeView* view, const QString& name)
{
    view->setWordWrap(false);
    view->header()->setSectionResizeMode(QHeaderView::Interactive);
    view->header()->setStretchLastSection(true);
    return new TableFit(view, view->header(), name);
}

TableFit::TableFit(QAbstractItemView* view, QHeaderView* header, const QString& name)
    : QObject(view)
    , m_view(view)
    , m_header(header)
    , m_key(u"tables/"_s + name)
    , m_saveTimer(new QTimer(this))
{
    view->setTextElideMode(Qt::ElideRight);
    view->viewport()->installEventFilter(this);
    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(kSaveDelayMs);
    connect(m_saveTimer, &QTimer::timeout, this, &TableFit::save);
    connect(m_header, &QHeaderView::sectionResized, this, [this] {
        if (!m_restoring && m_fitted)
            m_saveTimer->start();
    });
    m_header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_header, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu menu(m_header);
        menu.addAction(tr("Fit Columns to Content"), this, &TableFit::fit);
        menu.exec(m_header->mapToGlobal(pos));
    });
    QAbstractItemModel* model = view->model();
    if (!model)
        return;
    connect(model, &QAbstractItemModel::rowsInserted, this, &TableFit::fitOnce);
    connect(model, &QAbstractItemModel::modelReset, this, &TableFit::fitOnce);
    connect(model, &QAbstractItemModel::layoutChanged, this, &TableFit::fitOnce);
    const QSettings settings;
    const QByteArray saved = settings.value(m_key).toByteArray();
    if (!saved.isEmpty() && settings.value(m_key + u"-columns"_s).toInt() == model->columnCount()) {
        m_restoring = true;
        m_fitted = m_header->restoreState(saved);
        m_restoring = false;
    }
    fitOnce();
}

int TableFit::contentWidth(int column) const
{
    const int content = qMax(m_header->sectionSizeHint(column), m_view->sizeHintForColumn(column) + kCellPadding);
    return qMin(content, kMaxFittedWidth);
}

void TableFit::fitOnce()
{
    if (m_fitted || !m_view->model() || m_view->model()->rowCount() == 0)
        return;
    fit();
}

void TableFit::fit()
{
    QAbstractItemModel* model = m_view->model();
    if (!model)
        return;
    m_restoring = true;
    for (int c = 0; c < model->columnCount(); ++c) {
        if (!m_header->isSectionHidden(c))
            m_header->resizeSection(c, contentWidth(c));
    }
    m_restoring = false;
    m_fitted = model->rowCount() > 0;
    QSettings().remove(m_key);
}

void TableFit::save()
{
    QSettings settings;
    settings.setValue(m_key, m_header->saveState());
    settings.setValue(m_key + u"-columns"_s, m_view->model() ? m_view->model()->columnCount() : 0);
}

bool TableFit::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::ToolTip || watched != m_view->viewport())
        return QObject::eventFilter(watched, event);
    // A cell whose text is cut shows it whole, unless the model has a tooltip of its own.
    auto* help = static_cast<QHelpEvent*>(event);
    const QModelIndex index = m_view->indexAt(help->pos());
    if (!index.isValid() || !index.data(Qt::ToolTipRole).toString().isEmpty())
        return QObject::eventFilter(watched, event);
    const QString text = index.data(Qt::DisplayRole).toString();
    const QRect cell = m_view->visualRect(index);
    if (text.isEmpty() || m_view->fontMetrics().horizontalAdvance(text) + kCellPadding <= cell.width()) {
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    QToolTip::showText(help->globalPos(), text, m_view->viewport(), cell);
    return true;
}

} // namespace sy
