#pragma once

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableView;

namespace sy {

class IServerControl;
class ServerTableModel;

/**
 * The managed local servers (issue #7): their state and last error, Start, Stop and Restart
 * for the selected one, and its log file. Without an IServerControl it says so.
 */
class ServersPage : public QWidget
{
    Q_OBJECT

public:
    explicit ServersPage(IServerControl* control, QWidget* parent = nullptr);

    /** How a log file is opened; the default asks the desktop. Tests replace it. */
    void setLogOpener(std::function<void(const QString& path)> opener);

    QTableView* view() const { return m_view; }
    QPushButton* startButton() const { return m_start; }
    QPushButton* stopButton() const { return m_stop; }
    QPushButton* restartButton() const { return m_restart; }
    QPushButton* logButton() const { return m_log; }

private:
    QString selectedName() const;
    void updateButtons();
    void openLog();

    IServerControl* m_control;
    ServerTableModel* m_model;
    std::function<void(const QString&)> m_openLog;
    QLabel* m_note;
    QTableView* m_view;
    QPushButton* m_start;
    QPushButton* m_stop;
    QPushButton* m_restart;
    QPushButton* m_log;
};

} // namespace sy
