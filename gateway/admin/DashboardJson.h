#pragma once

#include "gateway/core/GatewaySnapshot.h"
#include "gateway/metrics/TrafficHistory.h"
#include "gateway/storage/UsageHistory.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sy {

/** The dashboards' data as the admin API's JSON (DashboardApi): the tray's numbers, same sources. */
namespace DashboardJson {

QString healthName(BackendHealth health);
/** Totals, backends (health, latency, TTFT, in flight, errors) and usage per key. */
QJsonObject overview(const GatewaySnapshot& snapshot);
QJsonObject deployment(const DeploymentSnapshot& d);
QJsonObject keyUsage(const KeyUsage& u);
/** The charts' points, as TrafficHistory::series() makes them for the tray. */
QJsonObject series(const QList<TrafficHistory::Point>& points, int windowSeconds);
QJsonArray daily(const QList<DailyUsage>& rows);

} // namespace DashboardJson

} // namespace sy
