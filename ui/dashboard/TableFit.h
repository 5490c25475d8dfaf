#pragma once

#include <QObject>
#include <QString>

class QAbstractItemView;
class QHeaderView;
class QTableView;
class QTimer;
class QTreeView;

namespace sy {

/**
 * Tables that fit (issue #18): columns sized to their content (header included, so German
 * headers are not cut) once the first rows arrive, text elided at the right with the whole
 * text as a tooltip, and the widths the user drags remembered across runs (QSettings,
 * "tables/<name>"). The header's context menu offers "Fit Columns to Content" again.
 */
class TableFit : public QObject
{
    Q_OBJECT

public:
    /** Columns wider than this are capped when fitted; the user may drag them wider. */
    static constexpr int kMaxFittedWidth = 380;

    /** Sets @p view up; @p name keys its remembered widths. The helper lives as long as the view. */
    static TableFit* apply(QTableView* view, const QString& name);
    static TableFit* apply(QTreeView* view, const QString& name);

    /** Sizes every column to its content now (and forgets the remembered widths). */
    void fit();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    TableFit(QAbstractItemView* view, QHeaderView* header, const QString& name);
    void fitOnce();
    void save();
    int contentWidth(int column) const;

    QAbstractItemView* m_view;
    QHeaderView* m_header;
    QString m_key;
    bool m_fitted = false;
    bool m_restoring = false;
    QTimer* m_saveTimer;
};

} // namespace sy
