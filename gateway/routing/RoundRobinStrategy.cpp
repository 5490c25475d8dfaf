#include "gateway/routing/RoundRobinStrategy.h"

namespace sy {

const Deployment* RoundRobinStrategy::pick(const RoutingInput& input)
{
    quint64& turn = m_turn[input.group];
    return input.candidates.at(qsizetype(turn++ % quint64(input.candidates.size())));
}

} // namespace sy
