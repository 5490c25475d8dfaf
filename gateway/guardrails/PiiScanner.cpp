#include "gateway/guardrails/PiiScanner.h"

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
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

bool isUpper(QChar c)
{
    return c.unicode() >= u'A' && c.unicode() <= u'Z';
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

/** A run of digits and the separators people write numbers with, from text[i]. */
struct NumberRun
{
    QString digits;
    bool separated = false;
    qsizetype firstGroup = -1; ///< digits before the first separator
    qsizetype end = 0;
};

NumberRun readNumberRun(QStringView text, qsizetype i)
{
    const qsizetype n = text.size();
    NumberRun run;
    run.end = i;
    while (run.end < n && run.digits.size() < 24) {
        if (isDigit(text[run.end])) {
            run.digits += text[run.end++];
            continue;
        }
        // Up to two separators between digit groups: "(555) 123-4567", "+49 30 1234".
        qsizetype next = run.end;
        while (next < n && next - run.end < 2 && isSeparator(text[next]))
            ++next;
        if (next == run.end || next >= n || !isDigit(text[next]))
            break;
        if (!run.separated)
            run.firstGroup = run.digits.size();
        run.separated = true;
        run.end = next;
    }
    if (run.end < n && text[run.end] == u')')
        ++run.end;
    return run;
}

} // namespace

void PiiScanner::scanNumbers(QStringView text, QList<Finding>& out) const
{
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        if (!isDigit(text[i]) || (i > 0 && isDigit(text[i - 1]))) {
            ++i;
            continue;
        }
        const NumberRun run = readNumberRun(text, i);
        // Glued to a word on either side (an IBAN's groups, an identifier): not a number of its own.
        const bool inWord = (i > 0 && text[i - 1].isLetter()) || (run.end < n && text[run.end].isLetter());
        const qsizetype start = i > 0 && (text[i - 1] == u'+' || text[i - 1] == u'(') ? i - 1 : i;
        i = run.end;
        if (inWord)
            continue;
        const qsizetype count = run.digits.size();
        if (m_card && count >= 13 && count <= 19 && luhnValid(run.digits)) {
            out.append({start, run.end - start, u"a payment card number"_s, u"<CREDIT_CARD>"_s});
        } else if (m_phone && count >= 8 && count <= 15
                   && (text[start] == u'+' || (run.separated && count >= 10 && run.firstGroup == 3))) {
            // Without a country code, only the (xxx) xxx-xxxx shapes: dates and times are not phones.
            out.append({start, run.end - start, u"a phone number"_s, u"<PHONE_NUMBER>"_s});
        }
    }
}

void PiiScanner::scanIbans(QStringView text, QList<Finding>& out) const
{
    const qsizetype n = text.size();
    for (qsizetype i = 0; i + 15 <= n; ++i) {
        if (!isUpper(text[i]) || !isUpper(text[i + 1]) || !isDigit(text[i + 2]) || !isDigit(text[i + 3])
            || (i > 0 && text[i - 1].isLetterOrNumber()))
            continue;
        QString compact;
        qsizetype end = i;
        while (end < n && compact.size() < 34
               && (isUpper(text[end]) || isDigit(text[end])
                   || (text[end] == u' ' && end + 1 < n && text[end + 1] != u' '))) {
            if (text[end] != u' ')
                compact += text[end];
            ++end;
        }
        // Grouped in fours with spaces, the run may have taken a following word: shrink to a valid IBAN.
        for (qsizetype len = compact.size(); len >= 15; --len) {
            if (ibanValid(QStringView(compact).first(len))) {
                qsizetype taken = 0, stop = i;
                while (taken < len)
                    taken += text[stop++] != u' ';
                out.append({i, stop - i, u"an IBAN"_s, u"<IBAN_CODE>"_s});
                i = stop;
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
    if (m_phone || m_card)
        scanNumbers(text, out);
    if (m_iban)
        scanIbans(text, out);
    return out;
}

} // namespace sy
