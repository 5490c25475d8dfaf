#include "gateway/routing/StrategyRegistry.h"

#include "gateway/routing/CostBasedStrategy.h"
#include "gateway/routing/LatencyBasedStrategy.h"
#include "gateway/routing/LeastBusyStrategy.h"
#include "gateway/routing/RoundRobinStrategy.h"
#include "gateway/routing/SimpleShuffleStrategy.h"
#include "gateway/routing/UsageBasedStrategy.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

const QString kDefault = u"simple-shuffle"_s;

template <typename T>
StrategyRegistry::Factory make()
{
    return [] { return std::make_unique<T>(); };
}

} // namespace

StrategyRegistry::StrategyRegistry()
{
    add(kDefault, make<SimpleShuffleStrategy>());
    add(u"round-robin"_s, make<RoundRobinStrategy>());
    add(u"least-busy"_s, make<LeastBusyStrategy>());
    add(u"latency-based-routing"_s, make<LatencyBasedStrategy>());
    add(u"usage-based-routing-v2"_s, make<UsageBasedStrategy>());
    add(u"cost-based-routing"_s, make<CostBasedStrategy>());
}

void StrategyRegistry::add(const QString& name, Factory factory)
{
    m_factories.insert(name, std::move(factory));
    m_instances.remove(name);
}

IRoutingStrategy& StrategyRegistry::get(const QString& name)
{
    const QString key = m_factories.contains(name) ? name : kDefault;
    auto it = m_instances.find(key);
    if (it == m_instances.end())
        it = m_instances.insert(key, std::shared_ptr<IRoutingStrategy>(m_factories.value(key)()));
    return **it;
}

} // namespace sy
