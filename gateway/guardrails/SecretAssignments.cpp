#include "gateway/guardrails/SecretAssignments.h"

#include "gateway/guardrails/Ascii.h"

#include <array>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

constexpr qsizetype kMinValue = 8; // characters

/** head, then `_`, `-` or nothing, then tail (empty for one-word keywords). Lower case. */
struct Keyword
{
    std::u16string_view head;
    std::u16string_view tail;
};

constexpr std::array<Keyword, 9> kKeywords{{
    {u"password", {}},
    {u"passwd", {}},
    {u"pwd", {}},
    {u"secret", {}},
    {u"api", u"key"},
    {u"access", u"token"},
    {u"auth", u"token"},
    {u"client", u"secret"},
    {u"private", u"key"},
}};

// PCRE2's \s without Unicode properties.
bool isSpace(char16_t c)
{
    return c == u' ' || (c >= u'\t' && c <= u'\r');
}

bool isQuote(char16_t c)
{
    return c == u'"' || c == u'\'';
}

bool endsValue(char16_t c)
{
    return isSpace(c) || isQuote(c) || c == u'<' || c == u'>' || c == u',' || c == u';';
}

// PCRE2 in UTF mode matches s and k ignoring case as ſ and the Kelvin sign too.
bool sameLetter(char16_t c, char16_t lower)
{
    return Ascii::toLower(c) == lower || (lower == u's' && c == u'\u017f') || (lower == u'k' && c == u'\u212a');
}

/** Whether @p word (lower case) is in @p text at @p at, ignoring case. */
bool wordAt(QStringView text, qsizetype at, std::u16string_view word)
{
    if (at < 0 || at + qsizetype(word.size()) > text.size())
        return false;
    for (size_t k = 0; k < word.size(); ++k) {
        if (!sameLetter(text[at + qsizetype(k)].unicode(), word[k]))
            return false;
    }
    return true;
}

/** Where @p keyword starts when it ends at @p end, or -1. */
qsizetype keywordStart(QStringView text, qsizetype end, const Keyword& keyword)
{
    const std::u16string_view last = keyword.tail.empty() ? keyword.head : keyword.tail;
    if (Ascii::toLower(text[end - 1].unicode()) != last.back())
        return -1; // most separators are ruled out by one character
    if (keyword.tail.empty())
        return wordAt(text, end - qsizetype(keyword.head.size()), keyword.head) ? end - qsizetype(keyword.head.size())
                                                                                : -1;
    const qsizetype tail = end - qsizetype(keyword.tail.size());
    if (!wordAt(text, tail, keyword.tail))
        return -1;
    qsizetype head = tail - qsizetype(keyword.head.size());
    if (wordAt(text, head, keyword.head))
        return head;
    if (tail > 0 && (text[tail - 1] == u'_' || text[tail - 1] == u'-') && wordAt(text, --head, keyword.head))
        return head;
    return -1;
}

// The lookbehind (?<![A-Za-z0-9]), which ignoring case also refuses ſ and the Kelvin sign.
bool gluedToWord(QStringView text, qsizetype start)
{
    if (start == 0)
        return false;
    const char16_t c = text[start - 1].unicode();
    return Ascii::isAlnum(c) || c == u'\u017f' || c == u'\u212a';
}

} // namespace

/** Whether a keyword starting at or after @p from ends at @p end, with only an optional quote
    and whitespace between it and the separator. */
bool SecretAssignments::keywordEndsAt(QStringView text, qsizetype end, qsizetype from)
{
    while (end > from && isSpace(text[end - 1].unicode()))
        --end;
    if (end > from && isQuote(text[end - 1].unicode()))
        --end;
    if (end <= from)
        return false;
    for (const Keyword& keyword : kKeywords) {
        const qsizetype start = keywordStart(text, end, keyword);
        if (start >= from && !gluedToWord(text, start))
            return true;
    }
    return false;
}

qsizetype SecretAssignments::valueStart(QStringView text, qsizetype from)
{
    while (from < text.size() && isSpace(text[from].unicode()))
        ++from;
    if (from < text.size() && isQuote(text[from].unicode()))
        ++from;
    return from;
}

/** The length in code units of the value at @p start; 0 when it has fewer than 8 characters. */
qsizetype SecretAssignments::valueLength(QStringView text, qsizetype start)
{
    qsizetype end = start, characters = 0;
    while (end < text.size() && !endsValue(text[end].unicode())) {
        const bool pair = text[end].isHighSurrogate() && end + 1 < text.size() && text[end + 1].isLowSurrogate();
        end += pair ? 2 : 1;
        ++characters;
    }
    return characters >= kMinValue ? end - start : 0;
}

void SecretAssignments::scan(QStringView text, QList<Finding>& out)
{
    const auto separator = [](auto c) { return (c == ':') | (c == '='); };
    qsizetype from = 0; // matches do not overlap: the next one starts after the last value
    for (qsizetype at = Ascii::find(text, 0, separator); at < text.size(); at = Ascii::find(text, at + 1, separator)) {
        if (!keywordEndsAt(text, at, from))
            continue;
        const qsizetype value = valueStart(text, at + 1);
        const qsizetype length = valueLength(text, value);
        if (length == 0)
            continue;
        out.append({value, length, u"a password or key in an assignment"_s, u"[REDACTED]"_s});
        from = value + length;
        at = from - 1;
    }
}

} // namespace sy
