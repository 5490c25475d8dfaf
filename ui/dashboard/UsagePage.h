#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace sy {

class GatewayMonitor;

/** Usage per API key: requests, tokens, spend, limits and budget left; sortable by any column. */
class UsagePage : public QWidget
{
    Q_OBJECT

public:
    explicit UsagePage(GatewayMonitor& monitor, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }

private:
    QLabel* m_note;
    QTableView* m_view;
};

} // namespace sy
