#include "gateway/core/GatewayConfig.h"

#include "gateway/core/ModelPattern.h"
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
    return out.isEmpty() ? passThroughFor(group) : out;
}

QList<const Deployment*> GatewayConfig::passThroughFor(const QString& name) const
{
    // The most specific pattern that fits wins ("openai/<star>" before "<star>"), as in LiteLLM;
    // every template with that same pattern serves it, load-balanced like any group.
    QList<const Deployment*> out;
    qsizetype best = -1;
    for (const Deployment& d : deployments) {
        if (!d.passThrough || !ModelPattern::match(d.group, name))
            continue;
        const qsizetype specificity = ModelPattern::specificity(d.group);
        if (specificity > best) {
            best = specificity;
            out.clear();
        }
        if (specificity == best && (out.isEmpty() || out.first()->group == d.group))
            out.append(&d);
    }
    // A skipped entry that fits better ("anthropic/<star>" of a provider not served) keeps the
    // name from a catch-all: the client is told why instead.
    return unsupportedSpecificity(name) > best ? QList<const Deployment*>() : out;
}

qsizetype GatewayConfig::unsupportedSpecificity(const QString& name, QString* reason) const
{
    if (const auto exact = unsupportedGroups.constFind(name); exact != unsupportedGroups.cend()) {
        if (reason)
            *reason = *exact;
        return name.size() + 1; // the name itself: more specific than any pattern
    }
    qsizetype best = -1;
    for (auto it = unsupportedGroups.cbegin(); it != unsupportedGroups.cend(); ++it) {
        if (!ModelPattern::isPattern(it.key()) || !ModelPattern::match(it.key(), name))
            continue;
        if (const qsizetype specificity = ModelPattern::specificity(it.key()); specificity > best) {
            best = specificity;
            if (reason)
                *reason = it.value();
        }
    }
    return best;
}

QString GatewayConfig::unsupportedReason(const QString& name) const
{
    QString reason;
    unsupportedSpecificity(name, &reason);
    return reason;
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
