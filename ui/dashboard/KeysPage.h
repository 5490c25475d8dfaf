#pragma once

#include "ui/keys/IKeyManager.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace sy {

class GatewayMonitor;
class KeyListModel;

/**
 * Virtual keys: create one (its secret shown once, with a copy button), change its limits,
 * revoke it. Without a key manager the page explains that keys need the key storage feature,
 * and shows nothing made up.
 */
class KeysPage : public QWidget
{
    Q_OBJECT

public:
    explicit KeysPage(GatewayMonitor& monitor, QWidget* parent = nullptr);

    bool isAvailable() const;
    QTableView* view() const { return m_view; }
    QPushButton* createButton() const { return m_create; }
    QPushButton* editButton() const { return m_edit; }
    QPushButton* revokeButton() const { return m_revoke; }
    QLabel* message() const { return m_message; }

    /** Opens the dialog that creates a key. */
    void createKey();
    /** Opens the limits dialog for the selected key. */
    void editSelected();
    /** Asks, then revokes the selected key. */
    void revokeSelected();

private:
    QWidget* makePlaceholder();
    QWidget* makeList();
    const KeyInfo* selected() const;
    void updateButtons();
    void showFailure(IKeyManager::Operation operation, const QString& message);

    GatewayMonitor& m_monitor;
    KeyListModel* m_model;
    QStackedWidget* m_stack;
    QTableView* m_view = nullptr;
    QPushButton* m_create = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_revoke = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace sy
