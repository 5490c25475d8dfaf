#pragma once

#include <QObject>

class QSocketNotifier;

namespace sy {

/**
 * Turns SIGINT, SIGTERM and SIGHUP into Qt signals on the main thread, through a self-pipe:
 * a signal handler may only write a byte, the event loop does the rest.
 */
class UnixSignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(QObject* parent = nullptr);
    ~UnixSignalWatcher() override;

signals:
    void terminateRequested(int signal);
    void reloadRequested();

private:
    void onReadable();

    QSocketNotifier* m_notifier = nullptr;
};

} // namespace sy
