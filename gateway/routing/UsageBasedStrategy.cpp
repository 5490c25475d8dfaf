#include "gateway/routing/UsageBasedStrategy.h"

#include "gateway/core/Deployment.h"
#include "gateway/routing/DeploymentStates.h"

#include <QVarLengthArray>

namespace sy {

namespace {

// How used a deployment is this minute: a share of its limits when it has any (0..1+), else a
// token count offset past every share, so limited deployments with room are preferred.
double usage(const Deployment& d, DeploymentStates& states)
{
    const qint64 tokens = states.tokensThisMinute(d.stateKey());
    if (d.tpm <= 0 && d.rpm <= 0)
        return 1e6 + double(tokens);
    double share = 0;
    if (d.tpm > 0)
        share = qMax(share, double(tokens) / double(d.tpm));
    if (d.rpm > 0)
        share = qMax(share, double(states.requestsThisMinute(d.stateKey())) / double(d.rpm));
    return share;
}

} // namespace

const Deployment* UsageBasedStrategy::pick(const RoutingInput& input)
{
    QVarLengthArray<const Deployment*, 8> best;
    double lowest = 0;
    for (const Deployment* d : input.candidates) {
        const double u = usage(*d, input.states);
        if (best.isEmpty() || u < lowest) {
            lowest = u;
            best.clear();
        }
        if (u == lowest)
            best.append(d);
    }
    return best.at(std::uniform_int_distribution<qsizetype>(0, best.size() - 1)(input.random));
}

} // namespace sy
