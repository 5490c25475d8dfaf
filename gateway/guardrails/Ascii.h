#pragma once

#include <QStringView>
#include <QtEndian>

#include <cstring>

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

    /** Eight characters, tested at once: GCC's and Clang's vector extension, which compiles to
        SSE2 or NEON (and to plain code where there is neither). */
    using Lanes = quint16 __attribute__((vector_size(16)));

    /**
     * The first position at or after @p from where @p test holds for the character there, or
     * the text's size. @p test is called with a char16_t and with Lanes, so it must be written
     * with operators and char literals only, e.g. `(c >= '0') & (c <= '9')`: on Lanes they work
     * per character and give -1 where the test holds (clang 14 crashes on char16_t literals
     * there). For characters that are rare in a text (digits in prose), this is several times
     * faster than testing one character after another.
     */
    template <class Test>
    static qsizetype find(QStringView text, qsizetype from, Test test)
    {
        const char16_t* units = text.utf16();
        const qsizetype n = text.size();
        for (; n - from >= 8; from += 8) {
            if (const int lane = firstLane(test(load(units + from))); lane >= 0)
                return from + lane;
        }
        while (from < n && !test(units[from]))
            ++from;
        return from;
    }

    static Lanes load(const char16_t* units)
    {
        Lanes lanes;
        std::memcpy(&lanes, units, sizeof lanes);
        return lanes;
    }

    /** The first of the lanes of @p mask (the result of comparing Lanes) that is set, or -1. */
    template <class Mask>
    static int firstLane(Mask mask)
    {
        static_assert(sizeof(Mask) == 16 && Q_BYTE_ORDER == Q_LITTLE_ENDIAN, "lane 0 is the lowest bits");
        quint64 half[2];
        std::memcpy(half, &mask, sizeof half);
        if (half[0] != 0)
            return int(qCountTrailingZeroBits(half[0]) / 16);
        return half[1] != 0 ? int(4 + qCountTrailingZeroBits(half[1]) / 16) : -1;
    }
};

} // namespace sy
