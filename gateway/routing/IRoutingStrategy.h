#pragma once

#include <QList>
#include <QString>

namespace sy {

struct Deployment;

/**
 * Picks one deployment of a model group among those the router found available (not
 * saturated, not already tried by this request). @p candidates is never empty.
 */
class IRoutingStrategy
{
public:
    virtual ~IRoutingStrategy() = default;
    virtual const Deployment* pick(const QString& group, const QList<const Deployment*>& candidates) = 0;
};

} // namespace sy
