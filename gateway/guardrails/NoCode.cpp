#include "gateway/guardrails/NoCode.h"

#include "gateway/guardrails/RegexView.h"

using namespace Qt::StringLiterals;

namespace sy {

NoCode::NoCode(GuardrailSpec spec)
    : Guardrail(std::move(spec))
    , m_codeLine(
          uR"re(^[ \t]*(?:def [A-Za-z_]\w*\(|class [A-Za-z_]\w*\s*[:({]|import [\w.]+|from [\w.]+ import |#include\s*[<"])re"
          uR"re(|function\s*[A-Za-z_$]*\s*\(|(?:public|private|protected)\s+(?:static\s+)?\w+|fn [a-z_]\w*\()re"
          uR"re(|(?:const|let|var) \w+\s*=|SELECT\s.+\sFROM\s|<\?php|#!/)re"
          uR"re(|(?:[A-Za-z_][\w<>*&:]*\s+)*[A-Za-z_]\w*\s*\([^)]*\)\s*\{\s*$))re"_s,
          QRegularExpression::MultilineOption)
{
    m_codeLine.optimize();
}

QList<Finding> NoCode::scan(QStringView text) const
{
    QList<Finding> out;
    if (const qsizetype fence = text.indexOf(u"```"); fence >= 0)
        out.append({fence, 3, u"a code block"_s, u"[code removed]"_s});
    QRegularExpressionMatchIterator it = matchAllIn(m_codeLine, text);
    QList<Finding> lines;
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        lines.append({m.capturedStart(), m.capturedLength(), u"program code"_s, u"[code removed]"_s});
    }
    if (lines.size() >= 2)
        out += lines;
    return out;
}

} // namespace sy
