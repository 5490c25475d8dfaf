#include "gateway/routing/CostBasedStrategy.h"

#include "gateway/core/Deployment.h"

#include <QVarLengthArray>

namespace sy {

double CostBasedStrategy::priceOf(const Deployment& d)
{
    if (d.inputCostPerToken > 0 || d.outputCostPerToken > 0)
        return d.inputCostPerToken + d.outputCostPerToken;
    return UpstreamOrigin::isLocalHost(d.origin.host) ? 0.0 : kUnknownPrice;
}

const Deployment* CostBasedStrategy::pick(const RoutingInput& input)
{
    QVarLengthArray<const Deployment*, 8> cheapest;
    double lowest = 0;
    for (const Deployment* d : input.candidates) {
        const double price = priceOf(*d);
        if (cheapest.isEmpty() || price < lowest) {
            lowest = price;
            cheapest.clear();
        }
        if (price == lowest)
            cheapest.append(d);
    }
    return cheapest.at(std::uniform_int_distribution<qsizetype>(0, cheapest.size() - 1)(input.random));
}

} // namespace sy
