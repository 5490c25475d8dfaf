#include "gateway/guardrails/PiiScanner.h"

#include "gateway/guardrails/Ascii.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

bool isLocalChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'.' || u == u'_'
        || u == u'%' || u == u'+' || u == u'-';
}

bool isDomainChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'.' || u == u'-';
}

bool isDigit(QChar c)
{
    return Ascii::isDigit(c.unicode());
}

bool isUpper(QChar c)
{
    return Ascii::isUpper(c.unicode());
}

bool isSeparator(QChar c)
{
    return c == u' ' || c == u'-' || c == u'.' || c == u'(' || c == u')' || c == u'/';
}

} // namespace

PiiScanner::PiiScanner(GuardrailSpec spec)
    : Guardrail(std::move(spec))
{
    const QStringList& types = this->spec().piiTypes;
    if (!types.isEmpty()) {
        m_email = types.contains(u"email"_s);
        m_phone = types.contains(u"phone"_s);
        m_card = types.contains(u"credit_card"_s);
        m_iban = types.contains(u"iban"_s);
    }
}

bool PiiScanner::luhnValid(QStringView digits)
{
    int sum = 0;
    bool twice = false;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        int d = digits[i].unicode() - u'0';
        if (twice && (d *= 2) > 9)
            d -= 9;
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

bool PiiScanner::ibanValid(QStringView iban)
{
    if (iban.size() < 15 || iban.size() > 34)
        return false;
    // Move the country code and check digits to the end, letters become 10..35, mod 97 must be 1.
    int remainder = 0;
    for (qsizetype k = 0; k < iban.size(); ++k) {
        const QChar c = iban[(k + 4) % iban.size()];
        if (isDigit(c))
            remainder = (remainder * 10 + (c.unicode() - u'0')) % 97;
        else if (isUpper(c))
            remainder = (remainder * 100 + (c.unicode() - u'A' + 10)) % 97;
        else
            return false;
    }
    return remainder == 1;
}

void PiiScanner::scanEmails(QStringView text, QList<Finding>& out) const
{
    for (qsizetype at = text.indexOf(u'@'); at >= 0; at = text.indexOf(u'@', at + 1)) {
        qsizetype start = at;
        while (start > 0 && isLocalChar(text[start - 1]))
            --start;
        qsizetype end = at + 1;
        while (end < text.size() && isDomainChar(text[end]))
            ++end;
        while (end > at + 1 && (text[end - 1] == u'.' || text[end - 1] == u'-'))
            --end; // a sentence's full stop is not part of the domain
        const QStringView domain = text.sliced(at + 1, end - at - 1);
        const qsizetype dot = domain.lastIndexOf(u'.');
        if (start == at || dot <= 0 || domain.size() - dot - 1 < 2)
            continue;
        out.append({start, end - start, u"an e-mail address"_s, u"<EMAIL_ADDRESS>"_s});
    }
}

namespace {

constexpr qsizetype kMaxRunDigits = 24;

/** A run of digits and the separators people write numbers with, from text[i]. */
struct NumberRun
{
    char16_t digits[kMaxRunDigits]; // not a QString: every number in the text is read into one
    qsizetype count = 0;
    bool separated = false;
    qsizetype firstGroup = -1; ///< digits before the first separator
    qsizetype end = 0;

    QStringView view() const { return QStringView(digits, count); }
};

NumberRun readNumberRun(QStringView text, qsizetype i)
{
    const qsizetype n = text.size();
    NumberRun run;
    run.end = i;
    while (run.end < n && run.count < kMaxRunDigits) {
        if (isDigit(text[run.end])) {
            run.digits[run.count++] = text[run.end++].unicode();
            continue;
        }
        // Up to two separators between digit groups: "(555) 123-4567", "+49 30 1234".
        qsizetype next = run.end;
        while (next < n && next - run.end < 2 && isSeparator(text[next]))
            ++next;
        if (next == run.end || next >= n || !isDigit(text[next]))
            break;
        if (!run.separated)
            run.firstGroup = run.count;
        run.separated = true;
        run.end = next;
    }
    if (run.end < n && text[run.end] == u')')
        ++run.end;
    return run;
}

} // namespace

/** Numbers and IBANs start at digits, which are rare in prose: found once for both scans, a
    block of characters at a time (Ascii::find). */
PiiScanner::DigitRuns PiiScanner::digitRunsIn(QStringView text)
{
    DigitRuns runs;
    const auto digit = [](auto c) { return (c >= '0') & (c <= '9'); };
    for (qsizetype at = Ascii::find(text, 0, digit); at < text.size(); at = Ascii::find(text, at, digit)) {
        runs.append(at);
        while (at < text.size() && isDigit(text[at]))
            ++at;
    }
    return runs;
}

void PiiScanner::scanNumbers(QStringView text, const DigitRuns& runs, QList<Finding>& out) const
{
    const qsizetype n = text.size();
    qsizetype next = 0; // runs inside a number read are part of it
    for (qsizetype i : runs) {
        if (i < next)
            continue;
        const NumberRun run = readNumberRun(text, i);
        // Glued to a word on either side (an IBAN's groups, an identifier): not a number of its own.
        const bool inWord = (i > 0 && text[i - 1].isLetter()) || (run.end < n && text[run.end].isLetter());
        const qsizetype start = i > 0 && (text[i - 1] == u'+' || text[i - 1] == u'(') ? i - 1 : i;
        next = run.end;
        if (inWord)
            continue;
        const qsizetype count = run.count;
        if (m_card && count >= 13 && count <= 19 && luhnValid(run.view())) {
            out.append({start, run.end - start, u"a payment card number"_s, u"<CREDIT_CARD>"_s});
        } else if (m_phone && count >= 8 && count <= 15
                   && (text[start] == u'+' || (run.separated && count >= 10 && run.firstGroup == 3))) {
            // Without a country code, only the (xxx) xxx-xxxx shapes: dates and times are not phones.
            out.append({start, run.end - start, u"a phone number"_s, u"<PHONE_NUMBER>"_s});
        }
    }
}

namespace {

constexpr qsizetype kMaxIban = 34;

/** The letters and digits of an IBAN candidate at text[i], spaces between its groups skipped. */
struct IbanRun
{
    char16_t compact[kMaxIban]; // not a QString: built for every "XX00" in the text
    qsizetype count = 0;

    QStringView first(qsizetype length) const { return QStringView(compact, length); }
};

IbanRun readIbanRun(QStringView text, qsizetype i)
{
    const qsizetype n = text.size();
    IbanRun run;
    for (qsizetype end = i; end < n && run.count < kMaxIban; ++end) {
        const QChar c = text[end];
        if (isUpper(c) || isDigit(c))
            run.compact[run.count++] = c.unicode();
        else if (c != u' ' || end + 1 >= n || text[end + 1] == u' ')
            break;
    }
    return run;
}

/** Where the first @p length letters and digits from text[i] end, spaces included. */
qsizetype endOfCompact(QStringView text, qsizetype i, qsizetype length)
{
    qsizetype taken = 0;
    while (taken < length)
        taken += text[i++] != u' ';
    return i;
}

} // namespace

void PiiScanner::scanIbans(QStringView text, const DigitRuns& runs, QList<Finding>& out) const
{
    const qsizetype n = text.size();
    qsizetype next = 0; // candidates inside an IBAN found are not looked at
    // An IBAN starts with two capital letters and two digits: two before a run of digits.
    for (const qsizetype digits : runs) {
        const qsizetype i = digits - 2;
        if (i < next || i < 0 || i + 15 > n || !isUpper(text[i]) || !isUpper(text[i + 1]) || !isDigit(text[i + 3])
            || (i > 0 && text[i - 1].isLetterOrNumber()))
            continue;
        const IbanRun run = readIbanRun(text, i);
        // Grouped in fours with spaces, the run may have taken a following word: shrink to a valid IBAN.
        for (qsizetype len = run.count; len >= 15; --len) {
            if (ibanValid(run.first(len))) {
                const qsizetype stop = endOfCompact(text, i, len);
                out.append({i, stop - i, u"an IBAN"_s, u"<IBAN_CODE>"_s});
                next = stop + 1;
                break;
            }
        }
    }
}

QList<Finding> PiiScanner::scan(QStringView text) const
{
    QList<Finding> out;
    if (m_email)
        scanEmails(text, out);
    if (!m_phone && !m_card && !m_iban)
        return out;
    const DigitRuns runs = digitRunsIn(text);
    if (m_phone || m_card)
        scanNumbers(text, runs, out);
    if (m_iban)
        scanIbans(text, runs, out);
    return out;
}

} // namespace sy
