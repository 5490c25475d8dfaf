#pragma once

#include "gateway/core/GatewayConfig.h"

#include <QByteArray>

namespace sy {

/** The small read-only endpoints answered by the gateway itself: models, health, metrics. */
namespace InfoEndpoints {

/** GET /v1/models: every model group, in OpenAI's list format. */
QByteArray modelList(const GatewayConfig& config, qint64 createdSecs);

/** GET /health/liveliness: the process is up. */
QByteArray liveliness();

/** GET /health/readiness and /health: the gateway is serving with a config. */
QByteArray readiness(const GatewayConfig& config, int openConnections);

} // namespace InfoEndpoints

} // namespace sy
