#include "gateway/routing/LeastBusyStrategy.h"

#include "gateway/core/Deployment.h"
#include "gateway/routing/DeploymentStates.h"

#include <QVarLengthArray>

namespace sy {

const Deployment* LeastBusyStrategy::pick(const RoutingInput& input)
{
    QVarLengthArray<const Deployment*, 8> best;
    int fewest = std::numeric_limits<int>::max();
    for (const Deployment* d : input.candidates) {
        const int busy = input.states.inFlight(d->stateKey());
        if (busy < fewest) {
            fewest = busy;
            best.clear();
        }
        if (busy == fewest)
            best.append(d);
    }
    return best.at(std::uniform_int_distribution<qsizetype>(0, best.size() - 1)(input.random));
}

} // namespace sy
