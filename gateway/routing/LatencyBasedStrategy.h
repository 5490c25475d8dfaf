#pragma once

#include "gateway/routing/IRoutingStrategy.h"

namespace sy {

/**
 * `latency-based-routing`: the deployment with the lowest moving average of time to first
 * token (streams) or whole latency (the rest). A deployment not measured yet is tried first, and
 * a small share of requests (kExplore) goes to a random candidate, so a deployment that was slow
 * once gets the chance to show it recovered.
 */
class LatencyBasedStrategy : public IRoutingStrategy
{
public:
    const Deployment* pick(const RoutingInput& input) override;

    static constexpr double kExplore = 0.05;
};

} // namespace sy
