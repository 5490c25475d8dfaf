#include "gateway/guardrails/MaliciousUrls.h"

#include "gateway/guardrails/Ascii.h"

#include <QHostAddress>
#include <QVarLengthArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// TLDs that free or near-free registries made a home for phishing (Freenom's, and the
// file-extension-looking ones). Used when the config gives no list of its own.
const QStringList kDefaultTlds{u"tk"_s, u"ml"_s, u"ga"_s, u"cf"_s, u"gq"_s, u"zip"_s, u"mov"_s};

// Where a link ends: at whitespace (QChar::isSpace) or one of "'<>`)]. Searched for eight
// characters at a time, non-ASCII ones (rarely whitespace) then looked at one by one.
qsizetype urlEnd(QStringView text, qsizetype from)
{
    const auto mayEnd = [](auto c) {
        return (c == ' ') | ((c >= '\t') & (c <= '\r')) | (c == '"') | (c == '\'') | (c == '<') | (c == '>')
            | (c == '`') | (c == ')') | (c == ']') | (c >= 0x80);
    };
    qsizetype end = Ascii::find(text, from, mayEnd);
    while (end < text.size() && text[end].unicode() >= 0x80 && !text[end].isSpace())
        end = Ascii::find(text, end + 1, mayEnd);
    while (end > from && (text[end - 1] == u'.' || text[end - 1] == u',' || text[end - 1] == u';'))
        --end;
    return end;
}

/** Whether @p host ends with the domain @p domain, at a label boundary. */
bool isUnder(QStringView host, QStringView domain)
{
    const qsizetype dot = host.size() - domain.size() - 1;
    return dot >= 0 && host[dot] == u'.' && host.sliced(dot + 1) == domain;
}

/** Whether QHostAddress could read @p host as an address. Every form it reads has an ASCII digit
    (IPv4 in any notation) or a colon (IPv6): other hosts, nearly all, skip parsing it. */
bool mayBeAddress(QStringView host)
{
    for (const QChar c : host) {
        if (Ascii::isDigit(c.unicode()) || c == u':')
            return true;
    }
    return false;
}

/** Whether a label of @p host starts with xn--, the mark of an internationalised name. */
bool hasPunycodeLabel(QStringView host)
{
    for (qsizetype label = 0; label + 4 <= host.size(); ++label) {
        if (host[label] == u'x' && host[label + 1] == u'n' && host[label + 2] == u'-' && host[label + 3] == u'-')
            return true;
        while (label < host.size() && host[label] != u'.')
            ++label;
    }
    return false;
}

using HostBuffer = QVarLengthArray<char16_t, 128>;

/** @p host lower-cased: an ASCII one (nearly all) into @p buffer, without allocating; any
    other by QString::toLower into @p other. */
QStringView lowerCased(QStringView host, HostBuffer& buffer, QString& other)
{
    buffer.resize(host.size());
    for (qsizetype i = 0; i < host.size(); ++i) {
        const char16_t c = host[i].unicode();
        if (c >= 0x80) {
            other = host.toString().toLower();
            return other;
        }
        buffer[i] = Ascii::toLower(c);
    }
    return QStringView(buffer.constData(), buffer.size());
}

} // namespace

MaliciousUrls::MaliciousUrls(GuardrailSpec spec)
    : Guardrail(std::move(spec))
{
    for (const QString& d : this->spec().denyDomains)
        m_deny.append(d.trimmed().toLower());
    for (const QString& t : this->spec().suspiciousTlds.isEmpty() ? kDefaultTlds : this->spec().suspiciousTlds)
        m_tlds.append(t.trimmed().toLower().remove(u'.'));
}

QString MaliciousUrls::hostVerdict(QStringView rawHost) const
{
    HostBuffer buffer;
    QString other;
    const QStringView host = lowerCased(rawHost, buffer, other);
    for (const QString& d : m_deny) {
        if (host == d || isUnder(host, d))
            return u"a link to a denied domain"_s;
    }
    if (spec().blockIpHosts
        && (host.startsWith(u'[') || (mayBeAddress(host) && !QHostAddress(host.toString()).isNull())))
        return u"a link to a bare IP address"_s;
    if (hasPunycodeLabel(host))
        return u"a link with a look-alike (punycode) domain"_s;
    qsizetype dot = host.size() - 1;
    while (dot >= 0 && host[dot] != u'.')
        --dot;
    const QStringView tld = host.sliced(dot + 1);
    if (dot >= 0 && std::any_of(m_tlds.cbegin(), m_tlds.cend(), [&](const QString& t) { return t == tld; }))
        return u"a link to a suspicious top-level domain"_s;
    return {};
}

QString MaliciousUrls::verdict(QStringView url) const
{
    const qsizetype scheme = url.indexOf(u"://");
    return verdictAt(url, scheme < 0 ? 0 : scheme + 3); // www.… without a scheme
}

QString MaliciousUrls::verdictAt(QStringView url, qsizetype authority) const
{
    qsizetype end = authority, colon = -1;
    bool user = false;
    for (; end < url.size() && url[end] != u'/' && url[end] != u'?' && url[end] != u'#'; ++end) {
        user = user || url[end] == u'@';
        colon = url[end] == u':' ? end - authority : colon;
    }
    QStringView host = url.sliced(authority, end - authority);
    if (user)
        return u"a link with a user name before its host"_s;
    if (!host.startsWith(u'[') && colon >= 0)
        host = host.first(colon); // the port
    return host.isEmpty() ? QString() : hostVerdict(host);
}

namespace {

/** @p candidate equals @p needle (lower-case ASCII) ignoring case: inline while the candidate
    is ASCII (an ASCII character folds to its lower case), by Qt's folding compare otherwise. */
bool equalsCaseless(QStringView candidate, QStringView needle)
{
    for (qsizetype k = 0; k < needle.size(); ++k) {
        const char16_t c = candidate[k].unicode();
        if (c >= 0x80)
            return candidate.compare(needle, Qt::CaseInsensitive) == 0;
        if (Ascii::toLower(c) != needle[k].unicode())
            return false;
    }
    return true;
}

/** Where "www." starts at or after @p from, ignoring case, or -1. Eight places are tested at
    once; only W folds to w, so ignoring its case is (c | 0x20) == 'w'. */
qsizetype indexOfWww(QStringView text, qsizetype from)
{
    const char16_t* units = text.utf16();
    const auto w = [&](qsizetype at) { return (Ascii::load(units + at) | 0x20) == 'w'; };
    for (; text.size() - from >= 8 + 3; from += 8) {
        const auto www = w(from) & w(from + 1) & w(from + 2) & (Ascii::load(units + from + 3) == '.');
        if (const int lane = Ascii::firstLane(www); lane >= 0)
            return from + lane;
    }
    for (; from + 4 <= text.size(); ++from) {
        if (equalsCaseless(text.sliced(from, 4), u"www."))
            return from;
    }
    return -1;
}

using Colons = QVarLengthArray<qsizetype, 64>;

// Three of the four marks of a link have a colon ("://", "javascript:", "data:text/html"):
// the text is searched for colons once.
Colons colonsIn(QStringView text)
{
    Colons colons;
    const auto isColon = [](auto c) { return c == ':'; };
    for (qsizetype at = Ascii::find(text, 0, isColon); at < text.size(); at = Ascii::find(text, at + 1, isColon))
        colons.append(at);
    return colons;
}

qsizetype schemeStart(QStringView text, qsizetype colon)
{
    qsizetype start = colon;
    while (start > 0 && (text[start - 1].isLetterOrNumber() || text[start - 1] == u'+'))
        --start;
    return start;
}

} // namespace

/** The link starting at @p start whose "://" or "www." is at @p at. */
void MaliciousUrls::checkLink(QStringView text, qsizetype start, qsizetype at, QList<Finding>& out) const
{
    const qsizetype end = urlEnd(text, at);
    const QStringView url = text.sliced(start, end - start);
    // After a scheme the host follows its "://"; a www. link is searched for one (verdict()).
    const QString why = text[at] == u':' ? verdictAt(url, at + 3 - start) : verdict(url);
    if (!why.isEmpty())
        out.append({start, end - start, why, u"[REDACTED URL]"_s});
}

QList<Finding> MaliciousUrls::scan(QStringView text) const
{
    QList<Finding> out;
    const Colons colons = colonsIn(text);
    for (const qsizetype at : colons) {
        if (at + 2 < text.size() && text[at + 1] == u'/' && text[at + 2] == u'/')
            checkLink(text, schemeStart(text, at), at, out);
    }
    for (qsizetype at = indexOfWww(text, 0); at >= 0; at = indexOfWww(text, at + 4)) {
        if (at < 3 || text.sliced(at - 3, 3) != u"://") // else scanned with its scheme
            checkLink(text, at, at, out);
    }
    for (const QStringView scheme : {QStringView(u"javascript:"), QStringView(u"data:text/html")}) {
        const qsizetype colon = scheme.indexOf(u':');
        for (const qsizetype at : colons) {
            const qsizetype start = at - colon;
            if (start >= 0 && start + scheme.size() <= text.size()
                && equalsCaseless(text.sliced(start, scheme.size()), scheme))
                out.append({start, urlEnd(text, start) - start, u"a script link"_s, u"[REDACTED URL]"_s});
        }
    }
    return out;
}

} // namespace sy
