#include "gateway/guardrails/PhraseMatcher.h"

#include <QStringMatcher>

#include <algorithm>

namespace sy {

PhraseMatcher::PhraseMatcher(QStringList phrases)
    : m_phrases(std::move(phrases))
{
    m_window = m_phrases.isEmpty() ? 0 : m_phrases.first().size();
    for (const QString& p : std::as_const(m_phrases))
        m_window = qMin(m_window, p.size());
    // A window ending in a pair that is nowhere in the phrases' first m_window characters may
    // jump by all but one character; one ending in a pair at j..j+1 of a phrase, only so far
    // that the pair lands at the window's end. Hash collisions only shorten jumps.
    const qsizetype longest = qMin<qsizetype>(m_window - 1, 255);
    m_shift.fill(quint8(qMax<qsizetype>(longest, 0)));
    for (const QString& p : std::as_const(m_phrases)) {
        for (qsizetype j = 0; j + 1 < m_window; ++j) {
            quint8& shift = m_shift[hash(p[j].unicode(), p[j + 1].unicode())];
            shift = quint8(qMin<qsizetype>(shift, m_window - 2 - j));
        }
    }
    index();
}

// Where a window stops, only the phrases whose first m_window characters end in the same pair
// can start: a long list of phrases is not compared whole at every stop.
void PhraseMatcher::index()
{
    if (m_window < 2)
        return;
    for (qsizetype i = 0; i < m_phrases.size(); ++i) {
        const QString& p = m_phrases[i];
        m_byEnd.emplace_back(hash(p[m_window - 2].unicode(), p[m_window - 1].unicode()), i);
    }
    std::sort(m_byEnd.begin(), m_byEnd.end());
}

void PhraseMatcher::matchAt(QStringView text, qsizetype at, int endHash, QList<Match>& out) const
{
    const auto first = std::lower_bound(m_byEnd.begin(), m_byEnd.end(), std::pair<int, qsizetype>(endHash, 0));
    for (auto it = first; it != m_byEnd.end() && it->first == endHash; ++it) {
        const QString& p = m_phrases[it->second];
        if (at + p.size() <= text.size() && text.sliced(at, p.size()) == p)
            out.append({it->second, at});
    }
}

// Phrases of one character leave nothing to jump by: one QStringMatcher each.
QList<PhraseMatcher::Match> PhraseMatcher::findEach(QStringView text) const
{
    QList<Match> out;
    for (qsizetype i = 0; i < m_phrases.size(); ++i) {
        const QStringMatcher matcher(m_phrases[i]);
        for (qsizetype at = matcher.indexIn(text); at >= 0; at = matcher.indexIn(text, at + 1))
            out.append({i, at});
    }
    return out;
}

/** Looks at the window starting at @p at; returns where the next one to look at starts. */
qsizetype PhraseMatcher::step(QStringView text, qsizetype at, QList<Match>& out) const
{
    const char16_t* last = text.utf16() + at + m_window - 2;
    const int endHash = hash(last[0], last[1]);
    if (const quint8 shift = m_shift[endHash])
        return at + shift;
    matchAt(text, at, endHash, out);
    return at + 1;
}

QList<PhraseMatcher::Match> PhraseMatcher::findAll(QStringView text) const
{
    if (m_window < 2)
        return findEach(text);
    // Each jump waits for the table lookup of the one before: the text's quarters are walked
    // side by side, so that the waits overlap.
    constexpr int kWalks = 4;
    const qsizetype windows = qMax<qsizetype>(text.size() - m_window + 1, 0); // where a window may start
    std::array<qsizetype, kWalks> at, stop;
    std::array<QList<Match>, kWalks> found;
    for (int w = 0; w < kWalks; ++w) {
        at[w] = windows * w / kWalks;
        stop[w] = windows * (w + 1) / kWalks;
    }
    for (bool walking = true; walking;) {
        walking = false;
        for (int w = 0; w < kWalks; ++w) {
            if (at[w] < stop[w]) {
                at[w] = step(text, at[w], found[w]);
                walking = true;
            }
        }
    }
    QList<Match> out;
    for (const QList<Match>& f : found)
        out += f;
    // Found in text order; QStringMatcher, one phrase after another, gave them phrase by phrase.
    std::stable_sort(out.begin(), out.end(), [](const Match& a, const Match& b) { return a.phrase < b.phrase; });
    return out;
}

} // namespace sy
