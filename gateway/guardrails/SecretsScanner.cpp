#include "gateway/guardrails/SecretsScanner.h"

#include "gateway/guardrails/Ascii.h"
#include "gateway/guardrails/RegexView.h"
#include "gateway/guardrails/SecretAssignments.h"

#include <array>
#include <cmath>
#include <string_view>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

struct Shape
{
    std::u16string_view prefix; // with its length: QStringView(const char16_t*) counts it each time
    int minLength;
    const char16_t* kind;
};

// Known token shapes, most specific first.
constexpr Shape kShapes[] = {
    {u"sk-ant-", 24, u"an Anthropic API key"}, {u"sk-", 20, u"an API key"},
    {u"github_pat_", 40, u"a GitHub token"},   {u"ghp_", 40, u"a GitHub token"},
    {u"gho_", 40, u"a GitHub token"},          {u"ghu_", 40, u"a GitHub token"},
    {u"ghs_", 40, u"a GitHub token"},          {u"ghr_", 40, u"a GitHub token"},
    {u"glpat-", 24, u"a GitLab token"},        {u"xoxb-", 20, u"a Slack token"},
    {u"xoxp-", 20, u"a Slack token"},          {u"xoxa-", 20, u"a Slack token"},
    {u"xoxr-", 20, u"a Slack token"},          {u"xoxs-", 20, u"a Slack token"},
    {u"sk_live_", 20, u"a Stripe key"},        {u"rk_live_", 20, u"a Stripe key"},
    {u"sk_test_", 20, u"a Stripe key"},        {u"AIza", 39, u"a Google API key"},
    {u"hf_", 34, u"a Hugging Face token"},     {u"npm_", 40, u"an npm token"},
};

constexpr qsizetype kMinToken = 16;

// A table: the token walk tests every character of the text.
constexpr std::array<bool, 128> kTokenChars = [] {
    std::array<bool, 128> table{};
    for (char16_t c = 0; c < 128; ++c)
        table[c] = Ascii::isAlnum(c) || std::u16string_view(u"_-+/=.~").find(c) != std::u16string_view::npos;
    return table;
}();

bool isTokenChar(char16_t c)
{
    return c < 128 && kTokenChars[c];
}

/** @p prefix at the start of @p t, compared inline (kindOf tries twenty of them). */
bool startsWith(QStringView t, std::u16string_view prefix)
{
    if (t.size() < qsizetype(prefix.size()))
        return false;
    for (size_t k = 0; k < prefix.size(); ++k) {
        if (t[qsizetype(k)].unicode() != prefix[k])
            return false;
    }
    return true;
}

bool hasDigitAndLetter(QStringView t)
{
    bool digit = false, letter = false;
    for (const QChar c : t) {
        const char16_t u = c.unicode();
        digit = digit || (u < 128 ? Ascii::isDigit(u) : c.isDigit());
        letter = letter || (u < 128 ? Ascii::isLetter(u) : c.isLetter());
        if (digit && letter)
            return true;
    }
    return false;
}

bool isAwsKeyId(QStringView t)
{
    if (t.size() != 20 || !(startsWith(t, u"AKIA") || startsWith(t, u"ASIA")))
        return false;
    for (const QChar c : t) {
        if (!(c.isDigit() || (c >= u'A' && c <= u'Z')))
            return false;
    }
    return true;
}

bool isHex(QStringView t)
{
    for (const QChar c : t) {
        const char16_t u = c.unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F')))
            return false;
    }
    return true;
}

/** How many distinct ASCII characters @p t has. */
int distinctAscii(QStringView t)
{
    quint64 low = 0, high = 0; // which of the 128 occur
    for (const QChar c : t) {
        const char16_t u = c.unicode();
        const quint64 bit = quint64(1) << (u & 63);
        low |= u < 64 ? bit : 0;
        high |= u >= 64 && u < 128 ? bit : 0;
    }
    return qPopulationCount(low) + qPopulationCount(high);
}

// A text of n different characters has at most log2(n) bits of entropy per character (when
// all are equally frequent): 3 bits need 8 of them, 4.5 bits 23 (2^4.5 = 22.6).
constexpr int kDistinctForHex = 8;
constexpr int kDistinctForRandom = 23;

// The characters the known token shapes start with: most tokens are ruled out by their first.
constexpr std::array<bool, 128> kShapeStarts = [] {
    std::array<bool, 128> table{};
    for (const Shape& s : kShapes)
        table[s.prefix.front()] = true;
    return table;
}();

/** What @p t is by its shape (kShapes), or null. */
const char16_t* shapeOf(QStringView t)
{
    if (t.front().unicode() >= 128 || !kShapeStarts[t.front().unicode()])
        return nullptr;
    for (const Shape& s : kShapes) {
        if (startsWith(t, s.prefix) && t.size() >= s.minLength
            && hasDigitAndLetter(t.sliced(qsizetype(s.prefix.size()))))
            return s.kind;
    }
    return nullptr;
}

/** What @p t is when it looks random. Counting its different characters rules most tokens out
    before any logarithm is computed. */
std::optional<QString> randomKindOf(QStringView t)
{
    if (t.size() < 24)
        return std::nullopt;
    const int distinct = distinctAscii(t);
    if (t.size() >= 32 && distinct >= kDistinctForHex && isHex(t) && SecretsScanner::entropy(t) >= 3.0)
        return u"a high-entropy hex string"_s;
    if (distinct >= kDistinctForRandom && hasDigitAndLetter(t) && SecretsScanner::entropy(t) >= 4.5)
        return u"a high-entropy string"_s;
    return std::nullopt;
}

/** Where @p needle is in @p text at or after @p from: its first character found by
    QStringView::indexOf (vectorised), the rest compared. For needles that start with a character
    rare in prose; QStringView::indexOf with a string hashes or builds a skip table each call. */
qsizetype indexOfRare(QStringView text, std::u16string_view needle, qsizetype from)
{
    const QChar first(needle.front());
    for (qsizetype at = text.indexOf(first, from); at >= 0; at = text.indexOf(first, at + 1)) {
        if (startsWith(text.sliced(at), needle))
            return at;
    }
    return -1;
}

} // namespace

SecretsScanner::SecretsScanner(GuardrailSpec spec)
    : Guardrail(std::move(spec))
    , m_urlPassword(uR"re([A-Za-z][A-Za-z0-9+.-]*://[^\s/:@]+:([^\s/@]+)@)re"_s)
{
    m_urlPassword.optimize();
}

double SecretsScanner::entropy(QStringView token)
{
    std::array<int, 128> counts{};
    int n = 0;
    for (const QChar c : token) {
        if (c.unicode() < 128) {
            ++counts[c.unicode()];
            ++n;
        }
    }
    double bits = 0;
    for (const int count : counts) {
        if (count > 0) {
            const double p = double(count) / n;
            bits -= p * std::log2(p);
        }
    }
    return bits;
}

std::optional<QString> SecretsScanner::kindOf(QStringView t) const
{
    if (t.size() < kMinToken)
        return std::nullopt;
    if (const char16_t* kind = shapeOf(t))
        return QStringView(kind).toString();
    if (isAwsKeyId(t))
        return u"an AWS access key"_s;
    if (startsWith(t, u"eyJ") && t.count(u'.') >= 2 && t.size() >= 30)
        return u"a JSON Web Token"_s;
    if (!spec().entropy)
        return std::nullopt;
    return randomKindOf(t);
}

/** Runs of token characters of at least kMinToken: each window of kMinToken characters is
    probed at its last one, and where that is not a token character no such run starts in the
    window, which is skipped whole. Prose is mostly short words: most of it is never looked at. */
void SecretsScanner::scanTokens(QStringView text, QList<Finding>& out) const
{
    const char16_t* units = text.utf16();
    const qsizetype n = text.size();
    qsizetype i = 0; // text[i - 1] is not a token character: no run starts before i unseen
    while (i + kMinToken <= n) {
        const qsizetype probe = i + kMinToken - 1;
        if (!isTokenChar(units[probe])) {
            i = probe + 1;
            continue;
        }
        qsizetype start = probe, end = probe + 1;
        while (start > i && isTokenChar(units[start - 1]))
            --start;
        while (end < n && isTokenChar(units[end]))
            ++end;
        if (end - start >= kMinToken) // trimming only shortens it
            checkToken(text, start, end, out);
        i = end + 1;
    }
}

void SecretsScanner::checkToken(QStringView text, qsizetype start, qsizetype end, QList<Finding>& out) const
{
    // Sentence punctuation and path slashes around a token are not part of it.
    while (start < end && !Ascii::isAlnum(text[start].unicode()) && text[start] != u'_')
        ++start;
    while (end > start && (text[end - 1] == u'.' || text[end - 1] == u'/'))
        --end;
    if (end - start < kMinToken)
        return;
    if (const std::optional<QString> kind = kindOf(text.sliced(start, end - start)))
        out.append({start, end - start, *kind, u"[REDACTED]"_s});
}

void SecretsScanner::scanPrivateKeys(QStringView text, QList<Finding>& out) const
{
    for (qsizetype at = indexOfRare(text, u"-----BEGIN", 0); at >= 0; at = indexOfRare(text, u"-----BEGIN", at + 10)) {
        const qsizetype headerEnd = text.indexOf(u"PRIVATE KEY-----", at);
        if (headerEnd < 0 || headerEnd - at > 40)
            continue;
        const qsizetype footer = text.indexOf(u"-----END", headerEnd);
        const qsizetype footerEnd = footer < 0 ? -1 : text.indexOf(u"PRIVATE KEY-----", footer);
        const qsizetype end = footerEnd < 0 ? headerEnd + 16 : footerEnd + 16;
        out.append({at, end - at, u"a private key"_s, u"[REDACTED]"_s});
    }
}

void SecretsScanner::scanUrlPasswords(QStringView text, QList<Finding>& out) const
{
    if (!text.contains(u'@') || !text.contains(u"://")) // '@' first: rarer, and found vectorised
        return;
    const RegexSubject subject(text);
    QRegularExpressionMatchIterator it = matchAllIn(m_urlPassword, subject.view());
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out.append({m.capturedStart(1), m.capturedLength(1), u"a password in a URL"_s, u"[REDACTED]"_s});
    }
}

QList<Finding> SecretsScanner::scan(QStringView text) const
{
    QList<Finding> out;
    scanTokens(text, out);
    scanPrivateKeys(text, out);
    SecretAssignments::scan(text, out);
    scanUrlPasswords(text, out);
    return out;
}

} // namespace sy
