#pragma once

#include <QStringView>

namespace sy {

/**
 * ASCII character classes, inline, and a search for characters that are rare in a text. The
 * built-in guardrails test nearly every character of a prompt; the shapes they look for
 * (tokens, digits, IBANs, keywords) are ASCII, and these tests cost a compare or two where
 * QChar's Unicode-aware ones may cost a call.
 */
struct Ascii
{
    static constexpr bool isDigit(char16_t c) { return char16_t(c - u'0') < 10; }
    static constexpr bool isUpper(char16_t c) { return char16_t(c - u'A') < 26; }
    static constexpr bool isLower(char16_t c) { return char16_t(c - u'a') < 26; }
    static constexpr bool isLetter(char16_t c) { return isUpper(c) || isLower(c); }
    static constexpr bool isAlnum(char16_t c) { return isLetter(c) || isDigit(c); }
    static constexpr char16_t toLower(char16_t c) { return isUpper(c) ? char16_t(c + (u'a' - u'A')) : c; }

    /**
     * The first position at or after @p from where @p test holds for the character there, or
     * the text's size. Blocks where it holds nowhere are passed a block at a time: for
     * characters rare in prose (digits), this beats testing one character after another.
     */
    template <class Test>
    static qsizetype find(QStringView text, qsizetype from, Test test)
    {
        const char16_t* units = text.utf16();
        const qsizetype n = text.size();
        while (n - from >= kBlock && !anyInBlock(units + from, test))
            from += kBlock;
        while (from < n && !test(units[from]))
            ++from;
        return from;
    }

    static constexpr qsizetype kBlock = 16;

    /** Whether @p test holds for any of the kBlock characters at @p block. A loop without
        branches, which the compiler vectorises; inlined into a caller's loop, GCC 12 does not. */
    template <class Test>
    Q_NEVER_INLINE static bool anyInBlock(const char16_t* block, Test test)
    {
        unsigned any = 0;
        for (qsizetype k = 0; k < kBlock; ++k)
            any |= unsigned(test(block[k]));
        return any != 0;
    }
};

} // namespace sy
