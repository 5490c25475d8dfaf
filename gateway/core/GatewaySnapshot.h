#pragma once

#include "gateway/core/KeyUsage.h"
#include "gateway/core/TrafficSecond.h"

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

    // What the Models page shows: limits against this minute's use, prices, checks.
    int maxParallel = 0; ///< 0: unlimited
    int rpmLimit = 0; ///< 0: unlimited
    qint64 tpmLimit = 0;
    qint64 rpmUsed = 0; ///< requests started in the last minute
    qint64 tpmUsed = 0; ///< tokens of calls finished in the last minute
    double inputCostPerToken = 0; ///< USD
    double outputCostPerToken = 0;
    qint64 maxInputTokens = 0; ///< context window; 0: unknown
    int order = 1;
    double weight = 1;
    QDateTime cooldownUntil; ///< null: not cooling down
    bool healthChecked = false; ///< the active health checks cover it
    QDateTime lastCheckedAt; ///< the last active check's end; null: not yet
};

/** A model group as the Models page shows it. */
struct ModelGroupSnapshot
{
    QString name;
    QString strategy; ///< routing_strategy for this group
    QStringList fallbacks;
    QStringList aliases; ///< model_group_alias names that lead here
    int numRetries = 0;
    qint64 cooldownMs = 0;
    int allowedFails = 0;
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
    QList<ModelGroupSnapshot> modelGroups;

    // Traffic (issue #18), for charts and counters that survive a restart: the last few seconds
    // of the gateway's TrafficHistory (the faces' replicas replace theirs with them), and sums.
    QList<TrafficSecond> traffic;
    TrafficTotals lastMinute;
    TrafficTotals lastHour;
    /** Usage per key, all time, as /spend/logs counts it; budgets as /key/info has them. */
    KeyUsageList keyUsage;
};

using GatewaySnapshotPtr = std::shared_ptr<const GatewaySnapshot>;

} // namespace sy

Q_DECLARE_METATYPE(sy::GatewaySnapshotPtr)
