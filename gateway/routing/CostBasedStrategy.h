#pragma once

#include "gateway/routing/IRoutingStrategy.h"

namespace sy {

/**
 * `cost-based-routing`: the cheapest deployment, by priceOf(); ties are broken at random. The
 * router has already left out deployments that are down or at their rpm, tpm or
 * max_parallel_requests, so a cheap deployment at its limit hands over to the next cheapest.
 */
class CostBasedStrategy : public IRoutingStrategy
{
public:
    /** What LiteLLM charges a deployment it knows no price for, per token: it comes last. */
    static constexpr double kUnknownPrice = 1.0;

    const Deployment* pick(const RoutingInput& input) override;

    /**
     * USD for one input plus one output token: the configured input_cost_per_token and
     * output_cost_per_token; without them 0 for a server on this machine or network (it costs
     * nothing per token) and kUnknownPrice for a remote one. The built-in price table plugs in
     * here, between the configured price and the fallbacks.
     */
    static double priceOf(const Deployment& d);
};

} // namespace sy
