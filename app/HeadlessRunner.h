#pragma once

#include "app/CommandLine.h"
#include "app/GatewaySession.h"
#include "app/UnixSignalWatcher.h"

#include <QObject>

namespace sy {

/**
 * `switchyard --headless`: serves with no UI and logs to stderr. SIGINT/SIGTERM drain requests
 * in flight (gateway.drain_timeout) and exit 0. The config file is reloaded when it changes and on
 * SIGHUP; a reload with errors is rejected and the previous config keeps serving. A config with
 * errors at start-up exits with status 2, a failure to listen with status 1.
 */
class HeadlessRunner : public QObject
{
    Q_OBJECT

public:
    explicit HeadlessRunner(const CommandLine& commandLine, QObject* parent = nullptr);

    /** Returns false (after printing why) when it cannot start; the exit code is then set. */
    bool start();
    int exitCode() const { return m_exitCode; }

private:
    void stop();

    GatewaySession m_session;
    UnixSignalWatcher m_signals;
    bool m_stopping = false;
    int m_exitCode = 0;
};

} // namespace sy
