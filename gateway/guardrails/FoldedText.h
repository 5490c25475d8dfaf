#pragma once

#include <QString>
#include <QStringView>
#include <QVarLengthArray>

namespace sy {

/**
 * A text case-folded code unit by code unit, as QStringMatcher and QString::indexOf fold it
 * when told to ignore case (QChar::toCaseFolded, a surrogate pair as one code point). Simple
 * case folding maps a character to one of the same length, so an offset into the folded text
 * is the same offset into the original. Folding a text once and searching it case-sensitively
 * is much cheaper than Qt 6.4's case-insensitive search, which folds every character it looks
 * at again for every needle.
 */
class FoldedText
{
public:
    explicit FoldedText(QStringView text);

    QStringView view() const { return QStringView(m_units.constData(), m_units.size()); }
    /** @p text folded, for needles. */
    static QString folded(QStringView text) { return FoldedText(text).view().toString(); }

private:
    // Windows of a streamed answer are a few hundred characters: no allocation for them.
    QVarLengthArray<char16_t, 512> m_units;
};

} // namespace sy
