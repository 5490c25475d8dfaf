#include "gateway/guardrails/FoldedText.h"

#include "gateway/guardrails/Ascii.h"

namespace sy {

namespace {

char16_t foldUnit(char16_t unit)
{
    const char32_t folded = QChar::toCaseFolded(char32_t(unit));
    return QChar::requiresSurrogates(folded) ? unit : char16_t(folded); // none does; the length must not change
}

void foldPair(const char16_t* in, char16_t* out)
{
    const char32_t folded = QChar::toCaseFolded(QChar::surrogateToUcs4(in[0], in[1]));
    const bool pair = QChar::requiresSurrogates(folded);
    out[0] = pair ? QChar::highSurrogate(folded) : in[0];
    out[1] = pair ? QChar::lowSurrogate(folded) : in[1];
}

// Most text is ASCII: it is folded sixteen characters at a time, in loops without branches that
// the compiler vectorises when they are not inlined into the caller's loop.
constexpr qsizetype kBlock = 16;

/** Folds the kBlock characters at @p in into @p out when they are all ASCII; false otherwise. */
Q_NEVER_INLINE bool foldAscii(const char16_t* in, char16_t* out)
{
    char16_t any = 0;
    for (qsizetype k = 0; k < kBlock; ++k) {
        any |= in[k];
        out[k] = char16_t(in[k] + (Ascii::isUpper(in[k]) ? u'a' - u'A' : 0));
    }
    return any < 0x80;
}

/** Folds in[i] (and in[i + 1] when they are a surrogate pair) into out; returns how many. */
qsizetype foldAt(const char16_t* in, qsizetype n, qsizetype i, char16_t* out)
{
    const char16_t unit = in[i];
    if (unit < 0x80) {
        out[i] = Ascii::toLower(unit);
        return 1;
    }
    if (QChar::isHighSurrogate(unit) && i + 1 < n && QChar::isLowSurrogate(in[i + 1])) {
        foldPair(in + i, out + i);
        return 2;
    }
    out[i] = foldUnit(unit); // a lone surrogate folds to itself
    return 1;
}

} // namespace

FoldedText::FoldedText(QStringView text)
{
    const qsizetype n = text.size();
    m_units.resize(n);
    const char16_t* in = text.utf16();
    char16_t* out = m_units.data();
    qsizetype i = 0;
    while (i < n) {
        if (n - i >= kBlock && foldAscii(in + i, out + i)) {
            i += kBlock;
        } else {
            i += foldAt(in, n, i, out);
        }
    }
}

} // namespace sy
