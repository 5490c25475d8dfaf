#include "gateway/core/GatewayConfig.h"

namespace sy {

QStringList GatewayConfig::groupNames() const
{
    QStringList names;
    for (const Deployment& d : deployments) {
        if (!names.contains(d.group))
            names.append(d.group);
    }
    return names;
}

QList<const Deployment*> GatewayConfig::deploymentsOf(const QString& group) const
{
    QList<const Deployment*> out;
    for (const Deployment& d : deployments) {
        if (d.group == group)
            out.append(&d);
    }
    return out;
}

} // namespace sy
