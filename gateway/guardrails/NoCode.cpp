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

namespace {

/** Where the first ``` is, or -1. Searched for by its first backtick, which QStringView::indexOf
    finds vectorised: with a string it hashes the whole text, every streamed piece again. */
qsizetype fenceIn(QStringView text)
{
    for (qsizetype at = text.indexOf(u'`'); at >= 0 && at + 3 <= text.size(); at = text.indexOf(u'`', at + 1)) {
        if (text[at + 1] == u'`' && text[at + 2] == u'`')
            return at;
    }
    return -1;
}

} // namespace

QList<Finding> NoCode::scan(QStringView text) const
{
    QList<Finding> out;
    if (const qsizetype fence = fenceIn(text); fence >= 0)
        out.append({fence, 3, u"a code block"_s, u"[code removed]"_s});
    const RegexSubject subject(text);
    QRegularExpressionMatchIterator it = matchAllIn(m_codeLine, subject.view());
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
