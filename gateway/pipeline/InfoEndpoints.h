#pragma once

#include "gateway/core/GatewayConfig.h"

#include <QByteArray>

#include <functional>

namespace sy {

/** The small read-only endpoints answered by the gateway itself: models, health, metrics. */
namespace InfoEndpoints {

/** GET /v1/models: every model group (that @p allowed accepts, if given), in OpenAI's list format. */
QByteArray
modelList(const GatewayConfig& config, qint64 createdSecs, const std::function<bool(const QString&)>& allowed = {});

/** GET /health/liveliness: the process is up. */
QByteArray liveliness();

/** GET /health/readiness and /health: the gateway is serving with a config. */
QByteArray readiness(const GatewayConfig& config, int openConnections);

} // namespace InfoEndpoints

} // namespace sy
