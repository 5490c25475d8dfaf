#include "gateway/core/VirtualKey.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QJsonValue optionalNumber(const std::optional<qint64>& value)
{
    return value ? QJsonValue(double(*value)) : QJsonValue();
}

QJsonValue optionalText(const QString& text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

} // namespace

bool VirtualKey::allowsModel(const QString& model) const
{
    if (models.isEmpty())
        return true;
    for (const QString& allowed : models) {
        if (allowed == model || allowed == u"*" || allowed == u"all-proxy-models")
            return true;
        if (allowed.endsWith(u'*') && model.startsWith(QStringView(allowed).chopped(1)))
            return true;
    }
    return false;
}

QJsonValue VirtualKey::timeJson(const QDateTime& time)
{
    if (!time.isValid())
        return QJsonValue();
    return QString(time.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u"+00:00"_s);
}

QJsonObject VirtualKey::toJson() const
{
    QJsonObject o;
    o[u"token"_s] = token;
    o[u"key_name"_s] = keyName;
    o[u"key_alias"_s] = optionalText(alias);
    o[u"spend"_s] = spend;
    o[u"max_budget"_s] = maxBudget ? QJsonValue(*maxBudget) : QJsonValue();
    o[u"budget_duration"_s] = optionalText(budgetDuration);
    o[u"budget_reset_at"_s] = timeJson(budgetResetAt);
    o[u"expires"_s] = timeJson(expires);
    o[u"models"_s] = QJsonArray::fromStringList(models);
    o[u"rpm_limit"_s] = optionalNumber(rpmLimit);
    o[u"tpm_limit"_s] = optionalNumber(tpmLimit);
    o[u"max_parallel_requests"_s] = optionalNumber(maxParallelRequests);
    o[u"metadata"_s] = metadata;
    o[u"user_id"_s] = optionalText(userId);
    o[u"team_id"_s] = optionalText(teamId);
    o[u"blocked"_s] = blocked;
    o[u"created_at"_s] = timeJson(createdAt);
    o[u"updated_at"_s] = timeJson(updatedAt);
    o[u"last_active"_s] = timeJson(lastUsedAt);
    // Accepted by LiteLLM clients, not used by Switchyard: present so their parsers find them.
    o[u"aliases"_s] = QJsonObject();
    o[u"config"_s] = QJsonObject();
    o[u"permissions"_s] = QJsonObject();
    o[u"allowed_cache_controls"_s] = QJsonArray();
    return o;
}

} // namespace sy
