#pragma once

#include "gateway/routing/IRoutingStrategy.h"

namespace sy {

/**
 * `simple-shuffle` (LiteLLM's default): a weighted random pick. The weights are `weight` when
 * any candidate sets one, else `rpm`, else `tpm`, else equal.
 */
class SimpleShuffleStrategy : public IRoutingStrategy
{
public:
    const Deployment* pick(const RoutingInput& input) override;
};

} // namespace sy
