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
    apiBaseText = url.toString();
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
