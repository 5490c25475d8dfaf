#include "gateway/routing/RoundRobinStrategy.h"

namespace sy {

const Deployment* RoundRobinStrategy::pick(const QString& group, const QList<const Deployment*>& candidates)
{
    quint64& turn = m_turn[group];
    return candidates.at(qsizetype(turn++ % quint64(candidates.size())));
}

} // namespace sy
