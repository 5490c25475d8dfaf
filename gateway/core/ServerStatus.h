#pragma once

#include "gateway/core/ServerSpec.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace sy {

/** Where a managed server is in its life. */
enum class ServerState
{
    Stopped, ///< not running (never started, stopped, or idle); an on-demand server starts on a request
    Starting, ///< launched; waiting for its health check and its models to load
    Ready, ///< serving
    Stopping, ///< asked to stop; killed if it does not within stop_timeout
    Backoff, ///< crashed; restarts after a delay
    Failed, ///< crashed too often (max_restarts), or could not start at all; needs a manual start
};

QString serverStateName(ServerState state);

/** What the tray, the dashboard or the admin API may ask of a managed server. */
enum class ServerCommand
{
    Start,
    Stop,
    Restart,
};

/** A managed server as the gateway, the tray, the dashboard and the admin API see it. */
struct ServerStatus
{
    QString name;
    ServerKind kind = ServerKind::Command;
    ServerState state = ServerState::Stopped;
    QString apiBase;
    QStringList models; ///< the groups it serves
    bool startOnDemand = false;
    qint64 pid = 0; ///< of the process Switchyard runs for it (0: none)
    int restarts = 0; ///< consecutive crashes so far
    QString lastError;
    QDateTime since; ///< when it entered its state
    QString logFile;
    QStringList commandLine; ///< what was run to serve it (argv); empty before its first start

    bool operator==(const ServerStatus&) const = default;
};

using ServerStatusList = QList<ServerStatus>;

} // namespace sy

Q_DECLARE_METATYPE(sy::ServerStatusList)
Q_DECLARE_METATYPE(sy::ServerCommand)
