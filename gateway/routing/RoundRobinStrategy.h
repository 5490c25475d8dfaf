#pragma once

#include "gateway/routing/IRoutingStrategy.h"

#include <QHash>

namespace sy {

/** Rotates through a group's deployments in turn, skipping the unavailable ones. */
class RoundRobinStrategy : public IRoutingStrategy
{
public:
    const Deployment* pick(const QString& group, const QList<const Deployment*>& candidates) override;

private:
    QHash<QString, quint64> m_turn; ///< per group: how many picks so far
};

} // namespace sy
