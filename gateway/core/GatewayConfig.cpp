#include "gateway/core/GatewayConfig.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace sy {

bool GatewayConfig::metricsNeedKey() const
{
    if (metricsRequireAuth)
        return *metricsRequireAuth;
    // The same reading of gateway.host as ListenPlan's: only localhost or a loopback IP stays here.
    const QString host = listen.host.trimmed();
    return !host.isEmpty() && host != u"localhost" && !QHostAddress(host).isLoopback();
}

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
