#include "gateway/pipeline/InfoEndpoints.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy::InfoEndpoints {

QByteArray
modelList(const GatewayConfig& config, qint64 createdSecs, const std::function<bool(const QString&)>& allowed)
{
    QJsonArray data;
    const QStringList groups = config.groupNames(); // configured, alias groups and discovered models
    auto add = [&](const QString& id) {
        if (allowed && !allowed(id))
            return; // a virtual key sees only the models it may call
        data.append(QJsonObject{
            {u"id"_s, id}, {u"object"_s, u"model"_s}, {u"created"_s, createdSecs}, {u"owned_by"_s, u"switchyard"_s}});
    };
    for (const QString& group : groups)
        add(group);
    // router_settings.model_group_alias names are models clients may ask for too.
    QStringList aliases = config.routing.modelGroupAlias.keys();
    aliases.sort();
    for (const QString& alias : std::as_const(aliases)) {
        const bool hidden = config.routing.hiddenAliases.contains(alias);
        if (!hidden && !groups.contains(alias) && groups.contains(config.routing.modelGroupAlias.value(alias)))
            add(alias);
    }
    return QJsonDocument(QJsonObject{{u"object"_s, u"list"_s}, {u"data"_s, data}}).toJson(QJsonDocument::Compact);
}

QByteArray liveliness()
{
    // LiteLLM answers with this JSON string; health checks written for it compare against it.
    return "\"I'm alive!\"";
}

QByteArray readiness(const GatewayConfig& config, int openConnections)
{
    const QJsonObject body{{u"status"_s, u"healthy"_s},
                           {u"version"_s, QStringLiteral(SWITCHYARD_VERSION)},
                           {u"model_groups"_s, int(config.groupNames().size())},
                           {u"deployments"_s, int(config.deployments.size())},
                           {u"connections"_s, openConnections}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace sy::InfoEndpoints
