#include "gateway/guardrails/MaliciousUrls.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// TLDs that free or near-free registries made a home for phishing (Freenom's, and the
// file-extension-looking ones). Used when the config gives no list of its own.
const QStringList kDefaultTlds{u"tk"_s, u"ml"_s, u"ga"_s, u"cf"_s, u"gq"_s, u"zip"_s, u"mov"_s};

bool endsUrl(QChar c)
{
    return c.isSpace() || c == u'"' || c == u'\'' || c == u'<' || c == u'>' || c == u'`' || c == u')' || c == u']';
}

qsizetype urlEnd(QStringView text, qsizetype from)
{
    qsizetype end = from;
    while (end < text.size() && !endsUrl(text[end]))
        ++end;
    while (end > from && (text[end - 1] == u'.' || text[end - 1] == u',' || text[end - 1] == u';'))
        --end;
    return end;
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
    const QString host = rawHost.toString().toLower();
    for (const QString& d : m_deny) {
        if (host == d || host.endsWith(u'.' + d))
            return u"a link to a denied domain"_s;
    }
    if (spec().blockIpHosts && (host.startsWith(u'[') || !QHostAddress(host).isNull()))
        return u"a link to a bare IP address"_s;
    if (host.startsWith(u"xn--") || host.contains(u".xn--"))
        return u"a link with a look-alike (punycode) domain"_s;
    const qsizetype dot = host.lastIndexOf(u'.');
    if (dot >= 0 && m_tlds.contains(host.sliced(dot + 1)))
        return u"a link to a suspicious top-level domain"_s;
    return {};
}

QString MaliciousUrls::verdict(QStringView url) const
{
    qsizetype authority = url.indexOf(u"://");
    authority = authority < 0 ? 0 : authority + 3; // www.… without a scheme
    qsizetype end = authority;
    while (end < url.size() && url[end] != u'/' && url[end] != u'?' && url[end] != u'#')
        ++end;
    QStringView host = url.sliced(authority, end - authority);
    if (host.contains(u'@'))
        return u"a link with a user name before its host"_s;
    if (!host.startsWith(u'[')) {
        if (const qsizetype colon = host.lastIndexOf(u':'); colon >= 0)
            host = host.first(colon); // the port
    }
    return host.isEmpty() ? QString() : hostVerdict(host);
}

namespace {

/** Where @p needle starts at or after @p from, ignoring case. Qt 6.4's case-insensitive
    indexOf folds every character; each needle here has a punctuation mark, which is searched
    for exactly (and fast), and only its surroundings are compared. */
qsizetype indexOfCaseless(QStringView text, QStringView needle, qsizetype from)
{
    qsizetype anchor = 0;
    while (anchor < needle.size() && needle[anchor].isLetter())
        ++anchor;
    for (qsizetype at = text.indexOf(needle[anchor], from + anchor); at >= 0;
         at = text.indexOf(needle[anchor], at + 1)) {
        const qsizetype start = at - anchor;
        if (start >= from && start + needle.size() <= text.size()
            && text.sliced(start, needle.size()).compare(needle, Qt::CaseInsensitive) == 0)
            return start;
    }
    return -1;
}

} // namespace

QList<Finding> MaliciousUrls::scan(QStringView text) const
{
    QList<Finding> out;
    for (const QStringView marker : {QStringView(u"://"), QStringView(u"www.")}) {
        for (qsizetype at = indexOfCaseless(text, marker, 0); at >= 0;
             at = indexOfCaseless(text, marker, at + marker.size())) {
            qsizetype start = at;
            if (marker == u"://") {
                while (start > 0 && (text[start - 1].isLetterOrNumber() || text[start - 1] == u'+'))
                    --start;
            } else if (at >= 3 && text.sliced(at - 3, 3) == u"://") {
                continue; // scanned with its scheme
            }
            const qsizetype end = urlEnd(text, at);
            const QString why = verdict(text.sliced(start, end - start));
            if (!why.isEmpty())
                out.append({start, end - start, why, u"[REDACTED URL]"_s});
        }
    }
    for (const QStringView scheme : {QStringView(u"javascript:"), QStringView(u"data:text/html")}) {
        for (qsizetype at = indexOfCaseless(text, scheme, 0); at >= 0; at = indexOfCaseless(text, scheme, at + 1))
            out.append({at, urlEnd(text, at) - at, u"a script link"_s, u"[REDACTED URL]"_s});
    }
    return out;
}

} // namespace sy
