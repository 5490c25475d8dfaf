#include "gateway/routing/LatencyBasedStrategy.h"

#include "gateway/core/Deployment.h"
#include "gateway/routing/DeploymentStates.h"

namespace sy {

namespace {

// The measure a request of this kind cares about; -1 when there is none yet.
double measure(const DeploymentState* s, bool stream)
{
    if (!s)
        return -1;
    if (stream && s->ttftMs >= 0)
        return s->ttftMs;
    return s->latencyMs;
}

} // namespace

const Deployment* LatencyBasedStrategy::pick(const RoutingInput& input)
{
    const QList<const Deployment*>& candidates = input.candidates;
    if (candidates.size() > 1 && std::uniform_real_distribution<double>(0, 1)(input.random) < kExplore)
        return candidates.at(std::uniform_int_distribution<qsizetype>(0, candidates.size() - 1)(input.random));
    const Deployment* best = nullptr;
    double bestMs = 0;
    for (const Deployment* d : candidates) {
        const double ms = measure(input.states.find(d->stateKey()), input.stream);
        if (ms < 0)
            return d; // unmeasured: measure it
        if (!best || ms < bestMs) {
            best = d;
            bestMs = ms;
        }
    }
    return best;
}

} // namespace sy
