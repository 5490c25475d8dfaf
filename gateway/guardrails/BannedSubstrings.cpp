#include "gateway/guardrails/BannedSubstrings.h"

#include "gateway/guardrails/RegexView.h"

using namespace Qt::StringLiterals;

namespace sy {

BannedSubstrings::BannedSubstrings(GuardrailSpec spec)
    : Guardrail(std::move(spec))
{
    const Qt::CaseSensitivity cs = this->spec().caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive;
    for (const QString& s : this->spec().substrings) {
        if (s.isEmpty())
            continue;
        m_matchers.emplace_back(s, cs);
        m_window = qMax(m_window, int(s.size()) + 16);
    }
    const auto options
        = this->spec().caseSensitive ? QRegularExpression::NoPatternOption : QRegularExpression::CaseInsensitiveOption;
    for (const QString& p : this->spec().patterns) {
        QRegularExpression re(p, options | QRegularExpression::UseUnicodePropertiesOption);
        if (!re.isValid())
            continue; // the config loader refused it already
        re.optimize();
        m_patterns.append(re);
    }
}

bool BannedSubstrings::atWordBoundary(QStringView text, qsizetype start, qsizetype length) const
{
    auto isWord = [](QChar c) { return c.isLetterOrNumber() || c == u'_'; };
    const bool before = start == 0 || !isWord(text[start - 1]);
    const qsizetype end = start + length;
    const bool after = end >= text.size() || !isWord(text[end]);
    return before && after;
}

void BannedSubstrings::scanSubstrings(QStringView text, QList<Finding>& out) const
{
    for (const QStringMatcher& matcher : m_matchers) {
        const qsizetype length = matcher.pattern().size();
        for (qsizetype at = matcher.indexIn(text); at >= 0; at = matcher.indexIn(text, at + 1)) {
            if (spec().wholeWords && !atWordBoundary(text, at, length))
                continue;
            out.append({at, length, u"a banned phrase"_s, u"[REDACTED]"_s});
        }
    }
}

QList<Finding> BannedSubstrings::scan(QStringView text) const
{
    QList<Finding> out;
    scanSubstrings(text, out);
    for (const QRegularExpression& re : m_patterns) {
        QRegularExpressionMatchIterator it = matchAllIn(re, text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            if (m.capturedLength() > 0)
                out.append({m.capturedStart(), m.capturedLength(), u"a banned pattern"_s, u"[REDACTED]"_s});
        }
    }
    return out;
}

} // namespace sy
