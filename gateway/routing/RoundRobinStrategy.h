#pragma once

#include "gateway/routing/IRoutingStrategy.h"

#include <QHash>

namespace sy {

/** `round-robin`: rotates through a group's deployments in turn, skipping unavailable ones. */
class RoundRobinStrategy : public IRoutingStrategy
{
public:
    const Deployment* pick(const RoutingInput& input) override;

private:
    QHash<QString, quint64> m_turn; ///< per group: how many picks so far
};

} // namespace sy
