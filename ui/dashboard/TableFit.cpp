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

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr int kSaveDelayMs = 400;
constexpr int kCellPadding = 12; // what a cell's margins and a sort arrow take besides the text
constexpr int kMinWidth = 48; // a column shrunk to fit keeps at least this

} // namespace

TableFit* TableFit::apply(QTableView* view, const QString& name)
{
    view->setWordWrap(false);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8); // one line a row
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
    view->installEventFilter(this); // fitted once shown, when the width to fit into is known
    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(kSaveDelayMs);
    connect(m_saveTimer, &QTimer::timeout, this, &TableFit::save);
    connect(m_header, &QHeaderView::sectionResized, this, [this](int section) {
        // The stretched last column follows the window; only a width the user drags is kept.
        const bool stretched = m_header->stretchLastSection() && section == m_header->count() - 1;
        if (!m_restoring && m_fitted && !stretched)
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
    if (m_fitted || !m_view->isVisible() || !m_view->model() || m_view->model()->rowCount() == 0)
        return;
    fit();
}

void TableFit::fit()
{
    QAbstractItemModel* model = m_view->model();
    if (!model)
        return;
    QList<int> widths(model->columnCount(), 0);
    QList<int> floors(model->columnCount(), 0);
    int total = 0;
    for (int c = 0; c < model->columnCount(); ++c) {
        if (m_header->isSectionHidden(c))
            continue;
        widths[c] = contentWidth(c);
        floors[c] = qMin(widths[c], qMax(m_header->sectionSizeHint(c), kMinWidth));
        total += widths[c];
    }
    // Too wide for the view: take from the widest columns first, never below their header, so
    // every column stays in sight and long texts are elided (their tooltip has them whole).
    const int room = m_view->viewport()->width();
    while (room > 0 && total > room) {
        qsizetype widest = -1;
        for (qsizetype c = 0; c < widths.size(); ++c) {
            if (widths[c] > floors[c] && (widest < 0 || widths[c] > widths[widest]))
                widest = c;
        }
        if (widest < 0)
            break;
        const int cut = std::min({8, widths[widest] - floors[widest], total - room});
        widths[widest] -= cut;
        total -= cut;
    }
    m_restoring = true;
    for (int c = 0; c < widths.size(); ++c) {
        if (!m_header->isSectionHidden(c))
            m_header->resizeSection(c, widths[c]);
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
    if (watched == m_view && event->type() == QEvent::Show)
        QTimer::singleShot(0, this, &TableFit::fitOnce); // after the layout gave the view its width
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
