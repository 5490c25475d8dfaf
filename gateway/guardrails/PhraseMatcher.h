#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <utility>
#include <vector>

namespace sy {

/**
 * Finds several phrases in a text in one pass, exactly (case-sensitively; search a FoldedText
 * with folded phrases to ignore case). A Wu-Manber search: a window as long as the shortest
 * phrase slides over the text, and the two characters at its end say how far it may jump
 * without passing a phrase; with phrases of a few words it mostly jumps nearly a window's
 * length, where one QStringMatcher per phrase walks the text once each.
 */
class PhraseMatcher
{
public:
    struct Match
    {
        qsizetype phrase = 0; ///< index into phrases()
        qsizetype at = 0;
    };

    /** @p phrases must not be empty strings. */
    explicit PhraseMatcher(QStringList phrases);

    const QStringList& phrases() const { return m_phrases; }
    /** Every occurrence of every phrase, overlapping ones too, phrase by phrase in the order
        given, each phrase's in text order (as one QStringMatcher per phrase finds them). */
    QList<Match> findAll(QStringView text) const;

private:
    static int hash(char16_t a, char16_t b) { return ((a & 0x3f) << 6) | (b & 0x3f); }
    void index();
    void matchAt(QStringView text, qsizetype at, int endHash, QList<Match>& out) const;
    qsizetype step(QStringView text, qsizetype at, QList<Match>& out) const;
    QList<Match> findEach(QStringView text) const;

    QStringList m_phrases;
    qsizetype m_window = 0; ///< the shortest phrase's length
    std::array<quint8, 4096> m_shift{}; ///< by hash() of the window's last two characters
    /// (hash() of the two characters that end a phrase's first m_window, phrase), sorted: the
    /// phrases a window may start, by the pair that ends it
    std::vector<std::pair<int, qsizetype>> m_byEnd;
};

} // namespace sy
