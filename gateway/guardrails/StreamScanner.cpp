#include "gateway/guardrails/StreamScanner.h"

namespace sy {

StreamScanner::StreamScanner(QList<const Guardrail*> guardrails)
{
    for (const Guardrail* g : guardrails) {
        if (g->isExternal() || !g->scansPieces())
            continue;
        m_guardrails.append(g);
        m_window = qMax<qsizetype>(m_window, g->window());
    }
}

std::optional<Violation> StreamScanner::feed(QStringView piece)
{
    if (m_guardrails.isEmpty() || piece.isEmpty())
        return std::nullopt;
    const qsizetype fresh = m_tail.size(); // findings must reach past here: older ones passed before
    m_tail += piece;
    std::optional<Violation> violation;
    for (const Guardrail* g : std::as_const(m_guardrails)) {
        for (const Finding& f : g->scan(m_tail)) {
            if (f.start + f.length > fresh) {
                violation = Violation{g->name(), f.kind};
                break;
            }
        }
        if (violation)
            break;
    }
    if (m_tail.size() > m_window)
        m_tail.remove(0, m_tail.size() - m_window);
    return violation;
}

} // namespace sy
