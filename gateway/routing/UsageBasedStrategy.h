#pragma once

#include "gateway/routing/IRoutingStrategy.h"

namespace sy {

/**
 * `usage-based-routing-v2`: the deployment that has used the smallest share of its `tpm`/`rpm`
 * this minute (the larger of the two shares). Deployments without limits are compared by the
 * tokens they served this minute. Ties are broken at random.
 */
class UsageBasedStrategy : public IRoutingStrategy
{
public:
    const Deployment* pick(const RoutingInput& input) override;
};

} // namespace sy
