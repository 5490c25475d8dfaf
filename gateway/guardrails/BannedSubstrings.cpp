#include "gateway/guardrails/BannedSubstrings.h"

#include "gateway/guardrails/FoldedText.h"
#include "gateway/guardrails/RegexView.h"

using namespace Qt::StringLiterals;

namespace sy {

// Ignoring case, the needles and the text are folded and compared exactly (FoldedText).
QStringList BannedSubstrings::needles(const GuardrailSpec& spec)
{
    QStringList out;
    for (const QString& s : spec.substrings) {
        if (!s.isEmpty())
            out.append(spec.caseSensitive ? s : FoldedText::folded(s));
    }
    return out;
}

BannedSubstrings::BannedSubstrings(GuardrailSpec spec)
    : Guardrail(std::move(spec))
    , m_phrases(needles(this->spec()))
{
    // A phrase spans its own length: a stream is scanned with that much of its past (and the
    // character before, for whole words), not more. A pattern may span anything: 256.
    m_window = this->spec().patterns.isEmpty() ? 0 : 256;
    for (const QString& s : m_phrases.phrases())
        m_window = qMax(m_window, int(s.size()) + 16);
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
    if (m_phrases.phrases().isEmpty())
        return;
    if (spec().caseSensitive)
        findAll(text, text, out);
    else
        findAll(FoldedText(text).view(), text, out);
}

/** Every needle in @p haystack, which is @p text or its folded copy (the same offsets). */
void BannedSubstrings::findAll(QStringView haystack, QStringView text, QList<Finding>& out) const
{
    for (const PhraseMatcher::Match& m : m_phrases.findAll(haystack)) {
        const qsizetype length = m_phrases.phrases()[m.phrase].size();
        if (spec().wholeWords && !atWordBoundary(text, m.at, length))
            continue;
        out.append({m.at, length, u"a banned phrase"_s, u"[REDACTED]"_s});
    }
}

QList<Finding> BannedSubstrings::scan(QStringView text) const
{
    QList<Finding> out;
    scanSubstrings(text, out);
    if (m_patterns.isEmpty())
        return out;
    const RegexSubject subject(text);
    for (const QRegularExpression& re : m_patterns) {
        QRegularExpressionMatchIterator it = matchAllIn(re, subject.view());
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            if (m.capturedLength() > 0)
                out.append({m.capturedStart(), m.capturedLength(), u"a banned pattern"_s, u"[REDACTED]"_s});
        }
    }
    return out;
}

} // namespace sy
