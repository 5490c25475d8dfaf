#include "gateway/config/AzureDeployment.h"

#include "gateway/config/YamlReader.h"
#include "gateway/core/Deployment.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace sy::AzureDeployment {

QString deploymentName(const QString& model)
{
    for (const QString& hint : {u"o_series/"_s, u"gpt5_series/"_s}) {
        if (model.startsWith(hint))
            return model.mid(hint.size());
    }
    return model;
}

void configure(YamlReader& reader, const YAML::Node& params, const QString& path, const QString& key, Deployment& d)
{
    QString version = reader.string(params, "api_version", path).value_or(QString()).trimmed();
    if (version.isEmpty())
        version = reader.env(u"AZURE_API_VERSION"_s).value_or(QString()).trimmed();
    if (version.isEmpty())
        version = QString::fromUtf16(kDefaultApiVersion);
    d.backendModel = deploymentName(d.backendModel);

    // https://NAME.openai.azure.com/ → /openai/deployments/DEPLOYMENT; an api_base that already
    // names /openai (or a whole deployment path, as for vision extensions) is kept as written.
    QByteArray base = d.basePath;
    while (base.endsWith('/'))
        base.chop(1);
    if (!base.contains("/openai/deployments/")) {
        if (!base.endsWith("/openai"))
            base += "/openai";
        base += "/deployments/" + QUrl::toPercentEncoding(d.backendModel);
    }
    d.basePath = base;
    d.query = "?api-version=" + QUrl::toPercentEncoding(version);

    const QString adToken = reader.string(params, "azure_ad_token", path).value_or(QString()).trimmed();
    d.apiKey = key;
    d.authHeaders.clear();
    if (!key.isEmpty())
        d.authHeaders.append({QByteArrayLiteral("api-key"), key.toUtf8()});
    else if (!adToken.isEmpty())
        d.authHeaders.append({QByteArrayLiteral("authorization"), "Bearer " + adToken.toUtf8()});
}

} // namespace sy::AzureDeployment
