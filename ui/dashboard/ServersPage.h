#pragma once

#include <QTimer>
#include <QWidget>

#include <functional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace sy {

class IServerControl;
class ServerTableModel;
struct ServerEntry;

/**
 * The managed local servers (issue #7, #18): a table with each server's state, how long in it,
 * process id, restarts and models, and Start, Stop and Restart on its own row; below, the
 * chosen server's details (command line, log file) and its log, live. Without an
 * IServerControl it says so.
 */
class ServersPage : public QWidget
{
    Q_OBJECT

public:
    explicit ServersPage(IServerControl* control, QWidget* parent = nullptr);

    /** How a log file is opened; the default asks the desktop. False: nothing opened it. */
    void setLogOpener(std::function<bool(const QString& path)> opener);

    QTableView* view() const { return m_view; }
    /** The row's action button ("start", "stop" or "restart"); null outside the table. */
    QPushButton* rowButton(int row, const QString& action) const;
    QPushButton* logButton() const { return m_log; }
    QPlainTextEdit* logPane() const { return m_logPane; }
    QLabel* message() const { return m_message; }
    /** Rereads the chosen server's log now (done once a second while the page shows). */
    void refreshLog();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QWidget* makeDetails();
    const ServerEntry* selected() const;
    void placeRowButtons();
    void updateRowButtons();
    void updateDetails();
    void openLog();

    IServerControl* m_control;
    ServerTableModel* m_model;
    std::function<bool(const QString&)> m_openLog;
    QLabel* m_note;
    QTableView* m_view;
    QLabel* m_details;
    QPushButton* m_log;
    QLabel* m_message;
    QPlainTextEdit* m_logPane;
    QTimer m_refresh;
    QString m_logShown; ///< the server whose log the pane shows
    QString m_logText; ///< what it shows
};

} // namespace sy
