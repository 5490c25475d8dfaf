#include "gateway/guardrails/Guardrail.h"

#include <algorithm>

namespace sy {

QString Guardrail::redacted(QStringView text, const QList<Finding>& findings)
{
    QList<Finding> sorted = findings;
    std::sort(sorted.begin(), sorted.end(), [](const Finding& a, const Finding& b) { return a.start < b.start; });
    QString out;
    out.reserve(text.size());
    qsizetype at = 0;
    for (const Finding& f : std::as_const(sorted)) {
        if (f.start < at)
            continue; // overlaps one already replaced
        out += text.sliced(at, f.start - at);
        out += f.replacement.isEmpty() ? QStringLiteral("[REDACTED]") : f.replacement;
        at = f.start + f.length;
    }
    out += text.sliced(qMin(at, text.size()));
    return out;
}

} // namespace sy
