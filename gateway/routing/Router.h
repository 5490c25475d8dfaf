#pragma once

#include "gateway/core/ApiError.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <memory>
#include <optional>

namespace sy {

struct Deployment;
struct GatewayConfig;
class IRoutingStrategy;

/**
 * Chooses the deployment for a request: the group's deployments, minus those this request
 * already tried and those at their max_parallel_requests, handed to the routing strategy.
 * It also counts each deployment's calls in flight, which is what saturation is measured by.
 * The counts are keyed by deployment id, so they survive a config reload.
 */
class Router
{
public:
    Router();
    ~Router();

    struct Choice
    {
        const Deployment* deployment = nullptr;
        std::optional<ApiError> error; ///< set when no deployment can take the request
    };

    Choice choose(const GatewayConfig& config, const QString& group, const QSet<QString>& exclude);

    void acquire(const Deployment& deployment);
    void release(const Deployment& deployment);
    int inFlight(const QString& deploymentId) const { return m_inFlight.value(deploymentId); }

private:
    std::unique_ptr<IRoutingStrategy> m_strategy;
    QHash<QString, int> m_inFlight;
};

} // namespace sy
