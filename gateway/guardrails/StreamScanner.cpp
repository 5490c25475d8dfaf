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
    const qsizetype old = m_tail.size();
    m_tail += piece;
    std::optional<Violation> violation;
    for (const Guardrail* g : std::as_const(m_guardrails)) {
        // Each guardrail sees only as much of the past as its own window: the piece is rescanned
        // with it, not the widest window of all.
        const qsizetype seen = qMin<qsizetype>(old, g->window());
        const QStringView text = QStringView(m_tail).last(seen + piece.size());
        for (const Finding& f : g->scan(text)) {
            if (f.start + f.length > seen) { // findings must reach into the piece: older ones passed before
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
