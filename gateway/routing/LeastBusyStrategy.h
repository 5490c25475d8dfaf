#pragma once

#include "gateway/routing/IRoutingStrategy.h"

namespace sy {

/** `least-busy`: the deployment with the fewest calls in flight; ties are broken at random. */
class LeastBusyStrategy : public IRoutingStrategy
{
public:
    const Deployment* pick(const RoutingInput& input) override;
};

} // namespace sy
