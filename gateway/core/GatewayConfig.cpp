#include "gateway/core/GatewayConfig.h"

namespace sy {

QStringList GatewayConfig::groupNames() const
{
    QStringList names;
    for (const Deployment& d : deployments) {
        if (!d.wildcard && !names.contains(d.group))
            names.append(d.group);
    }
    return names;
}

const Deployment* GatewayConfig::deployment(const QString& id) const
{
    for (const Deployment& d : deployments) {
        if (d.id == id)
            return &d;
    }
    return nullptr;
}

QList<const Deployment*> GatewayConfig::deploymentsOf(const QString& group) const
{
    QList<const Deployment*> out;
    for (const Deployment& d : deployments) {
        if (d.group == group && !d.wildcard)
            out.append(&d);
    }
    return out;
}

const ServerSpec* GatewayConfig::server(const QString& name) const
{
    for (const ServerSpec& s : servers) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

} // namespace sy
