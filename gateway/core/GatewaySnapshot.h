#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>

namespace sy {

/** What routing currently thinks of a deployment. */
enum class BackendHealth
{
    Unknown, ///< not checked yet
    Healthy,
    Unhealthy, ///< failed its health checks
    CoolingDown, ///< too many recent failures (allowed_fails), or the backend said 429
    Starting, ///< a managed server that is not ready yet
    Stopped, ///< a managed server that is not running
};

/** One deployment, as the dashboard and the tray show it. */
struct DeploymentSnapshot
{
    QString id;
    QString group;
    QString backendModel;
    QString apiBase;
    QString provider;
    bool discovered = false; ///< from a wildcard entry's model list
    bool managed = false; ///< served by a process Switchyard runs
    QString server; ///< that managed server's name
    BackendHealth health = BackendHealth::Unknown;
    int inFlight = 0;
    quint64 requests = 0; ///< since the gateway started
    quint64 failures = 0;
    double latencyMs = -1; ///< moving average of whole-call latency; -1 before the first call
    double ttftMs = -1; ///< moving average of time to first token of streams; -1 when none yet
    QString lastError;
    QDateTime lastErrorAt;
};

/**
 * The gateway's state at one moment, taken on the gateway thread about once a second and
 * handed to the UI: immutable, so the UI reads it at leisure while the gateway moves on.
 */
struct GatewaySnapshot
{
    QDateTime takenAt;
    bool serving = false;
    QStringList baseUrls;
    int connections = 0;
    int inFlight = 0;
    // Since the gateway started; rates come from the difference between two snapshots.
    quint64 requests = 0;
    quint64 failures = 0;
    quint64 promptTokens = 0;
    quint64 completionTokens = 0;
    QStringList groups;
    QList<DeploymentSnapshot> deployments;
};

using GatewaySnapshotPtr = std::shared_ptr<const GatewaySnapshot>;

} // namespace sy

Q_DECLARE_METATYPE(sy::GatewaySnapshotPtr)
