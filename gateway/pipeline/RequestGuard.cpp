#include "gateway/pipeline/RequestGuard.h"

#include "gateway/core/GatewayConfig.h"
#include "gateway/http/HttpRequest.h"

#include <QHostAddress>
#include <QHostInfo>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

ApiError forbidden(const QString& message, const QByteArray& code)
{
    return {403, message, "permission_error", code, {}, std::nullopt};
}

bool matchesPattern(const QString& host, const QString& pattern)
{
    if (pattern == u"*")
        return true;
    if (pattern.startsWith(u"*."))
        return host.endsWith(pattern.mid(1)) && host.size() > pattern.size() - 1;
    return host == pattern;
}

// "http://Host:80" and "host" name the same authority; so do "https://h:443" and "h".
QString normalizedAuthority(QByteArrayView authority, bool tls)
{
    QString text = QString::fromLatin1(authority).trimmed().toLower();
    const QString defaultPort = tls ? u":443"_s : u":80"_s;
    if (text.endsWith(defaultPort))
        text.chop(defaultPort.size());
    return text;
}

bool isSameOrigin(QByteArrayView origin, QByteArrayView host)
{
    const qsizetype scheme = origin.indexOf("://");
    if (scheme <= 0 || host.isEmpty())
        return false;
    const bool tls = origin.first(scheme) == "https";
    return normalizedAuthority(origin.sliced(scheme + 3), tls) == normalizedAuthority(host, tls);
}

QByteArray mediaType(const QByteArray& contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed().toLower();
}

} // namespace

RequestGuard::RequestGuard()
    : RequestGuard(QHostInfo::localHostName())
{ }

RequestGuard::RequestGuard(const QString& hostName)
    : m_ownNames{u"localhost"_s}
{
    const QString name = hostName.trimmed().toLower();
    if (name.isEmpty() || name == u"localhost")
        return;
    // mDNS (Bonjour/Avahi) answers "name.local"; a fully qualified host name also goes by its first label.
    const QString shortName = name.section(u'.', 0, 0);
    m_ownNames << name << shortName << shortName + u".local"_s;
    m_ownNames.removeDuplicates();
}

QString RequestGuard::hostOf(QByteArrayView hostHeader)
{
    QByteArrayView h = hostHeader.trimmed();
    if (h.startsWith('[')) {
        const qsizetype end = h.indexOf(']');
        return end < 0 ? QString() : QString::fromLatin1(h.sliced(1, end - 1)).toLower();
    }
    const qsizetype colon = h.lastIndexOf(':');
    if (colon >= 0)
        h = h.first(colon);
    while (h.endsWith('.')) // "localhost." is localhost
        h.chop(1);
    return QString::fromLatin1(h).toLower();
}

bool RequestGuard::isOwnHost(const QString& host, const QStringList& allowedHosts) const
{
    // An IP literal cannot be a rebound name: the page's own origin would be that address.
    if (!QHostAddress(host).isNull())
        return true;
    if (m_ownNames.contains(host) || host.endsWith(u".localhost"_s))
        return true;
    for (const QString& pattern : allowedHosts) {
        if (matchesPattern(host, pattern))
            return true;
    }
    return false;
}

std::optional<ApiError> RequestGuard::check(const HttpRequest& request, const GatewayConfig& config) const
{
    if (auto refusal = checkHost(request, config))
        return refusal;
    if (request.method == "OPTIONS")
        return std::nullopt;
    if (auto refusal = checkOrigin(request, config))
        return refusal;
    return checkContentType(request);
}

std::optional<ApiError> RequestGuard::checkHost(const HttpRequest& request, const GatewayConfig& config) const
{
    const QByteArray header = request.headers.value("host");
    if (header.isEmpty() || (header == m_lastOwnHost && config.allowedHosts == m_lastAllowedHosts))
        return std::nullopt;
    const QString host = hostOf(header);
    if (!host.isEmpty() && isOwnHost(host, config.allowedHosts)) {
        m_lastOwnHost = header;
        m_lastAllowedHosts = config.allowedHosts;
        return std::nullopt;
    }
    return forbidden(u"Host '%1' is not a name of this gateway, so the request is refused (a web page may have "
                     u"pointed its own name at this machine). To reach the gateway under this name, add it to "
                     u"gateway.allowed_hosts in the config."_s.arg(QString::fromLatin1(header.left(200))),
                     "host_not_allowed");
}

std::optional<ApiError> RequestGuard::checkOrigin(const HttpRequest& request, const GatewayConfig& config)
{
    const QByteArray origin = request.headers.value("origin");
    if (!origin.isEmpty()) {
        if (!config.cors.allowOriginFor(origin).isEmpty() || isSameOrigin(origin, request.headers.value("host")))
            return std::nullopt;
        return forbidden(u"Requests from web pages on other sites (Origin: %1) are refused. To let a browser app "
                         u"call the gateway, add its origin to gateway.cors in the config."_s.arg(
                             QString::fromLatin1(origin.left(200))),
                         "cross_origin_forbidden");
    }
    // No Origin: a browser still says where the request comes from (Chrome 76+, Firefox 90+, Safari 16.4+).
    const QByteArray site = request.headers.value("sec-fetch-site").trimmed().toLower();
    if (site != "cross-site" && site != "same-site")
        return std::nullopt;
    const bool navigation = (request.method == "GET" || request.method == "HEAD")
        && request.headers.value("sec-fetch-mode").trimmed().compare("navigate", Qt::CaseInsensitive) == 0;
    if (navigation || config.cors.allowedOrigins.contains(u"*"_s))
        return std::nullopt;
    return forbidden(u"Requests made by web pages on other sites are refused. To let a browser app call the "
                     u"gateway, add its origin to gateway.cors in the config."_s,
                     "cross_origin_forbidden");
}

std::optional<ApiError> RequestGuard::checkContentType(const HttpRequest& request)
{
    if (request.method != "POST" && request.method != "PUT" && request.method != "PATCH")
        return std::nullopt;
    // Only a browser can be made to post a form or plain text to another site; command-line
    // clients may send curl -d's form type with a JSON body, as Ollama's and others' docs do.
    const bool browser = request.headers.contains("origin") || request.headers.contains("sec-fetch-mode")
        || request.headers.value("user-agent").startsWith("Mozilla/");
    if (!browser)
        return std::nullopt;
    const QByteArray type = mediaType(request.headers.value("content-type"));
    if (type != "text/plain" && type != "application/x-www-form-urlencoded" && type != "multipart/form-data")
        return std::nullopt;
    return ApiError{415,
                    u"Content-Type %1 is not accepted: send the JSON body as application/json (with curl: "
                    u"-H 'Content-Type: application/json', or --json). Web forms and plain-text bodies are refused "
                    u"so that no web page can post to the gateway."_s.arg(QString::fromLatin1(type)),
                    "invalid_request_error",
                    "unsupported_content_type",
                    {},
                    std::nullopt};
}

} // namespace sy
