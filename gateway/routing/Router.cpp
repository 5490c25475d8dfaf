#include "gateway/routing/Router.h"

#include "gateway/core/GatewayConfig.h"
#include "gateway/routing/RoundRobinStrategy.h"

using namespace Qt::StringLiterals;

namespace sy {

Router::Router()
    : m_strategy(std::make_unique<RoundRobinStrategy>())
{ }

Router::~Router() = default;

Router::Choice Router::choose(const GatewayConfig& config, const QString& group, const QSet<QString>& exclude)
{
    const QList<const Deployment*> all = config.deploymentsOf(group);
    if (all.isEmpty()) {
        if (const auto why = config.unsupportedGroups.constFind(group); why != config.unsupportedGroups.cend()) {
            return {nullptr,
                    ApiError::badRequest(u"The model `%1` cannot be served: %2."_s.arg(group, *why),
                                         "provider_not_supported")};
        }
        QStringList names = config.groupNames();
        return {nullptr,
                ApiError::notFound(u"The model `%1` does not exist. Available models: %2."_s.arg(
                                       group, names.isEmpty() ? u"none configured"_s : names.join(u", "_s)),
                                   "model_not_found")};
    }
    QList<const Deployment*> candidates;
    for (const Deployment* d : all) {
        if (exclude.contains(d->id))
            continue;
        if (d->maxParallelRequests > 0 && m_inFlight.value(d->id) >= d->maxParallelRequests)
            continue;
        candidates.append(d);
    }
    if (candidates.isEmpty()) {
        return {nullptr,
                ApiError::tooManyRequests(
                    u"Every deployment of model `%1` is busy at its max_parallel_requests; retry shortly."_s.arg(group),
                    1,
                    "deployments_saturated")};
    }
    return {m_strategy->pick(group, candidates), std::nullopt};
}

void Router::acquire(const Deployment& deployment)
{
    ++m_inFlight[deployment.id];
}

void Router::release(const Deployment& deployment)
{
    auto it = m_inFlight.find(deployment.id);
    if (it != m_inFlight.end() && --*it <= 0)
        m_inFlight.erase(it);
}

} // namespace sy
