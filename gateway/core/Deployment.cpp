#include "gateway/core/Deployment.h"

#include "gateway/core/ModelPattern.h"

using namespace Qt::StringLiterals;

namespace sy {

bool Deployment::setApiBase(const QUrl& url)
{
    const bool tls = url.scheme() == u"https";
    if (!url.isValid() || (url.scheme() != u"http" && !tls) || url.host().isEmpty())
        return false;
    apiBase = url;
    // Shown in /metrics, response headers, records and the UI: never with credentials a user put in
    // the URL (user:password@ or ?key=…); the requests themselves use apiBase.
    apiBaseText = url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    apiBaseBytes = apiBaseText.toUtf8();
    origin = UpstreamOrigin{tls, url.host(), quint16(url.port(tls ? 443 : 80))};
    basePath = url.path(QUrl::FullyEncoded).toUtf8();
    return true;
}

void Deployment::setBearerKey(const QString& key)
{
    apiKey = key;
    authHeaders = {{QByteArrayLiteral("authorization"), "Bearer " + key.toUtf8()}};
}

QString Deployment::modelFor(const QString& requested) const
{
    if (!passThrough)
        return backendModel;
    const std::optional<QStringList> parts = ModelPattern::match(group, requested);
    return parts ? ModelPattern::fill(backendModel, *parts) : backendModel;
}

} // namespace sy
