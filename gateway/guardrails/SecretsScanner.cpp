#include "gateway/guardrails/SecretsScanner.h"

#include "gateway/guardrails/RegexView.h"

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

struct Shape
{
    const char16_t* prefix;
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

bool isTokenChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_' || u == u'-'
        || u == u'+' || u == u'/' || u == u'=' || u == u'.' || u == u'~';
}

bool isAlnum(char16_t u)
{
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9');
}

bool hasDigitAndLetter(QStringView t)
{
    bool digit = false, letter = false;
    for (const QChar c : t) {
        digit = digit || c.isDigit();
        letter = letter || c.isLetter();
    }
    return digit && letter;
}

bool isAwsKeyId(QStringView t)
{
    if (t.size() != 20 || !(t.startsWith(u"AKIA") || t.startsWith(u"ASIA")))
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

} // namespace

SecretsScanner::SecretsScanner(GuardrailSpec spec)
    : Guardrail(std::move(spec))
    // (?<![A-Za-z0-9]) rather than \b: DB_PASSWORD names a password too.
    , m_assignment(uR"re((?<![A-Za-z0-9])(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token)re"
                   uR"re(|client[_-]?secret|private[_-]?key)\b["']?\s*[:=]\s*["']?([^\s"'<>,;]{8,}))re"_s,
                   QRegularExpression::CaseInsensitiveOption)
    , m_urlPassword(uR"re([A-Za-z][A-Za-z0-9+.-]*://[^\s/:@]+:([^\s/@]+)@)re"_s)
{
    m_assignment.optimize();
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
    if (t.size() < 16)
        return std::nullopt;
    for (const Shape& s : kShapes) {
        if (t.startsWith(QStringView(s.prefix)) && t.size() >= s.minLength
            && hasDigitAndLetter(t.sliced(QStringView(s.prefix).size())))
            return QStringView(s.kind).toString();
    }
    if (isAwsKeyId(t))
        return u"an AWS access key"_s;
    if (t.startsWith(u"eyJ") && t.count(u'.') >= 2 && t.size() >= 30)
        return u"a JSON Web Token"_s;
    if (!spec().entropy)
        return std::nullopt;
    if (t.size() >= 32 && isHex(t) && entropy(t) >= 3.0)
        return u"a high-entropy hex string"_s;
    if (t.size() >= 24 && hasDigitAndLetter(t) && entropy(t) >= 4.5)
        return u"a high-entropy string"_s;
    return std::nullopt;
}

void SecretsScanner::scanTokens(QStringView text, QList<Finding>& out) const
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        if (!isTokenChar(text[i])) {
            ++i;
            continue;
        }
        qsizetype start = i;
        while (i < n && isTokenChar(text[i]))
            ++i;
        qsizetype end = i;
        // Sentence punctuation and path slashes around a token are not part of it.
        while (start < end && !isAlnum(text[start].unicode()) && text[start] != u'_')
            ++start;
        while (end > start && (text[end - 1] == u'.' || text[end - 1] == u'/'))
            --end;
        if (end - start < 16)
            continue;
        if (const std::optional<QString> kind = kindOf(text.sliced(start, end - start)))
            out.append({start, end - start, *kind, u"[REDACTED]"_s});
    }
}

void SecretsScanner::scanPrivateKeys(QStringView text, QList<Finding>& out) const
{
    for (qsizetype at = text.indexOf(u"-----BEGIN"); at >= 0; at = text.indexOf(u"-----BEGIN", at + 10)) {
        const qsizetype headerEnd = text.indexOf(u"PRIVATE KEY-----", at);
        if (headerEnd < 0 || headerEnd - at > 40)
            continue;
        const qsizetype footer = text.indexOf(u"-----END", headerEnd);
        const qsizetype footerEnd = footer < 0 ? -1 : text.indexOf(u"PRIVATE KEY-----", footer);
        const qsizetype end = footerEnd < 0 ? headerEnd + 16 : footerEnd + 16;
        out.append({at, end - at, u"a private key"_s, u"[REDACTED]"_s});
    }
}

void SecretsScanner::scanAssignments(QStringView text, QList<Finding>& out) const
{
    if (!text.contains(u'=') && !text.contains(u':'))
        return;
    QRegularExpressionMatchIterator it = matchAllIn(m_assignment, text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out.append({m.capturedStart(1), m.capturedLength(1), u"a password or key in an assignment"_s, u"[REDACTED]"_s});
    }
}

void SecretsScanner::scanUrlPasswords(QStringView text, QList<Finding>& out) const
{
    if (!text.contains(u"://") || !text.contains(u'@'))
        return;
    QRegularExpressionMatchIterator it = matchAllIn(m_urlPassword, text);
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
    scanAssignments(text, out);
    scanUrlPasswords(text, out);
    return out;
}

} // namespace sy
