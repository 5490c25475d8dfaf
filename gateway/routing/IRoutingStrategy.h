#pragma once

#include <QList>
#include <QString>

#include <random>

namespace sy {

struct Deployment;
class DeploymentStates;

/** What a strategy may look at to choose. */
struct RoutingInput
{
    const QString& group;
    /** Available deployments of the group's best priority tier: routable, not saturated, not yet
        tried by this request. Never empty. */
    const QList<const Deployment*>& candidates;
    DeploymentStates& states;
    bool stream = false; ///< streams care about time to first token, others about whole latency
    std::mt19937_64& random;
};

/**
 * Picks one deployment of a model group; registered by LiteLLM's name in StrategyRegistry.
 * Strategies keep only their own bookkeeping (a turn counter, say); everything measured about
 * deployments lives in DeploymentStates.
 */
class IRoutingStrategy
{
public:
    virtual ~IRoutingStrategy() = default;
    virtual const Deployment* pick(const RoutingInput& input) = 0;
};

} // namespace sy
