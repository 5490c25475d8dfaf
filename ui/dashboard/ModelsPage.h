#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeView;

namespace sy {

class GatewayMonitor;
class ModelGroupsModel;

/**
 * The model groups and their deployments (issue #18): strategy, retries and fallbacks per group;
 * per deployment its address, health, use against its limits, prices, context window, cooldown
 * and last health check, with "Check Now".
 */
class ModelsPage : public QWidget
{
    Q_OBJECT

public:
    explicit ModelsPage(GatewayMonitor& monitor, QWidget* parent = nullptr);

    QTreeView* view() const { return m_view; }
    ModelGroupsModel* model() const { return m_model; }
    QPushButton* checkButton() const { return m_check; }

    /** Asks the gateway to check the selected group's or deployment's servers now (all if none). */
    void checkNow();

private:
    GatewayMonitor& m_monitor;
    ModelGroupsModel* m_model;
    QTreeView* m_view;
    QPushButton* m_check;
    QLabel* m_message;
};

} // namespace sy
