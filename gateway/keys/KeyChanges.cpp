#include "gateway/keys/KeyChanges.h"

#include "gateway/core/Durations.h"

#include <QJsonArray>
#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// LiteLLM request fields Switchyard does not implement. Their empty defaults (what LiteLLM's
// own clients send) are accepted; a real value is refused rather than silently ignored.
const QSet<QString>& unsupportedFields()
{
    static const QSet<QString> fields{u"aliases"_s,
                                      u"config"_s,
                                      u"permissions"_s,
                                      u"allowed_cache_controls"_s,
                                      u"model_max_budget"_s,
                                      u"model_rpm_limit"_s,
                                      u"model_tpm_limit"_s,
                                      u"tags"_s,
                                      u"soft_budget"_s,
                                      u"budget_id"_s,
                                      u"enforced_params"_s,
                                      u"allowed_routes"_s,
                                      u"object_permission"_s,
                                      u"organization_id"_s,
                                      u"temp_budget_increase"_s,
                                      u"temp_budget_expiry"_s};
    return fields;
}

const QSet<QString>& ignoredFields()
{
    // Notification and UI switches: meaningless here, harmless to accept.
    static const QSet<QString> fields{u"send_invite_email"_s, u"key_type"_s, u"key_name"_s};
    return fields;
}

bool isEmptyValue(const QJsonValue& v)
{
    return v.isNull() || v.isUndefined() || (v.isObject() && v.toObject().isEmpty())
        || (v.isArray() && v.toArray().isEmpty());
}

class Reader
{
public:
    Reader(const QJsonObject& body, QString* error)
        : m_body(body)
        , m_error(error)
    { }

    bool ok() const { return m_ok; }

    void fail(const QString& message)
    {
        if (m_ok && m_error)
            *m_error = message;
        m_ok = false;
    }

    KeyChanges::Change<QString> text(const QString& name)
    {
        if (!m_body.contains(name))
            return std::nullopt;
        const QJsonValue v = m_body.value(name);
        if (v.isNull())
            return std::optional<QString>();
        if (!v.isString()) {
            fail(u"'%1' must be a string or null"_s.arg(name));
            return std::nullopt;
        }
        return std::optional<QString>(v.toString());
    }

    KeyChanges::Change<double> money(const QString& name)
    {
        if (!m_body.contains(name))
            return std::nullopt;
        const QJsonValue v = m_body.value(name);
        if (v.isNull())
            return std::optional<double>();
        if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < 0) {
            fail(u"'%1' must be a number of US dollars, 0 or more, or null"_s.arg(name));
            return std::nullopt;
        }
        return std::optional<double>(v.toDouble());
    }

    KeyChanges::Change<qint64> limit(const QString& name)
    {
        if (!m_body.contains(name))
            return std::nullopt;
        const QJsonValue v = m_body.value(name);
        if (v.isNull())
            return std::optional<qint64>();
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 1 || d > 1e15 || std::floor(d) != d) {
            fail(u"'%1' must be a whole number of at least 1, or null for no limit"_s.arg(name));
            return std::nullopt;
        }
        return std::optional<qint64>(qint64(d));
    }

    KeyChanges::Change<QString> duration(const QString& name)
    {
        const KeyChanges::Change<QString> v = text(name);
        if (v && *v && (*v)->trimmed().isEmpty())
            return std::optional<QString>(); // "" means none, as in LiteLLM's UI
        if (v && *v && !Duration::parse(**v)) {
            fail(u"'%1' must be a duration such as \"30s\", \"15m\", \"12h\", \"7d\", \"1w\", \"1mo\" or \"1y\"; "
                 u"got \"%2\""_s.arg(name, **v));
            return std::nullopt;
        }
        return v;
    }

    std::optional<QStringList> models()
    {
        if (!m_body.contains(u"models"_s))
            return std::nullopt;
        const QJsonValue v = m_body.value(u"models"_s);
        if (v.isNull())
            return QStringList();
        if (!v.isArray()) {
            fail(u"'models' must be a list of model names (empty: all models)"_s);
            return std::nullopt;
        }
        QStringList out;
        for (const QJsonValue& item : v.toArray()) {
            if (!item.isString() || item.toString().trimmed().isEmpty()) {
                fail(u"'models' must contain model names (non-empty strings)"_s);
                return std::nullopt;
            }
            out.append(item.toString().trimmed());
        }
        return out;
    }

    std::optional<QStringList> guardrails()
    {
        const QJsonValue v = m_body.value(u"guardrails"_s);
        if (v.isUndefined())
            return std::nullopt;
        QStringList names;
        for (const QJsonValue& item : v.toArray()) {
            if (!item.isString() || item.toString().trimmed().isEmpty()) {
                fail(u"'guardrails' must be a list of guardrail names"_s);
                return std::nullopt;
            }
            names.append(item.toString().trimmed());
        }
        if (!v.isArray() && !v.isNull())
            fail(u"'guardrails' must be a list of guardrail names"_s);
        return names;
    }

    std::optional<QJsonObject> metadata()
    {
        if (!m_body.contains(u"metadata"_s))
            return std::nullopt;
        const QJsonValue v = m_body.value(u"metadata"_s);
        if (v.isNull())
            return QJsonObject();
        if (!v.isObject()) {
            fail(u"'metadata' must be a JSON object"_s);
            return std::nullopt;
        }
        return v.toObject();
    }

private:
    const QJsonObject& m_body;
    QString* m_error;
    bool m_ok = true;
};

template <class T>
void apply(const KeyChanges::Change<T>& change, std::optional<T>& target)
{
    if (change)
        target = *change;
}

void applyText(const KeyChanges::Change<QString>& change, QString& target)
{
    if (change)
        target = change->value_or(QString());
}

} // namespace

std::optional<KeyChanges> KeyChanges::fromJson(const QJsonObject& body, bool forUpdate, QString* error, QString* key)
{
    static const QSet<QString> known{u"key_alias"_s,
                                     u"models"_s,
                                     u"max_budget"_s,
                                     u"budget_duration"_s,
                                     u"rpm_limit"_s,
                                     u"tpm_limit"_s,
                                     u"max_parallel_requests"_s,
                                     u"duration"_s,
                                     u"metadata"_s,
                                     u"guardrails"_s,
                                     u"user_id"_s,
                                     u"team_id"_s,
                                     u"blocked"_s,
                                     u"spend"_s,
                                     u"key"_s};
    Reader r(body, error);
    for (auto it = body.begin(); it != body.end(); ++it) {
        const QString name = it.key();
        if (known.contains(name) || ignoredFields().contains(name))
            continue;
        if (unsupportedFields().contains(name)) {
            if (!isEmptyValue(it.value()))
                r.fail(u"'%1' is a LiteLLM key setting Switchyard does not support; remove it"_s.arg(name));
            continue;
        }
        r.fail(u"unknown field '%1'"_s.arg(name));
    }
    if (body.contains(u"key"_s)) {
        if (!forUpdate) {
            r.fail(u"'key' cannot be chosen: Switchyard generates every key (sk- and 192 random bits)"_s);
        } else if (!body.value(u"key"_s).isString() || body.value(u"key"_s).toString().isEmpty()) {
            r.fail(u"'key' must be the key to update (sk-…) or its token"_s);
        } else if (key) {
            *key = body.value(u"key"_s).toString().trimmed();
        }
    } else if (forUpdate) {
        r.fail(u"'key' is required: the key to update (sk-…) or its token"_s);
    }
    KeyChanges c;
    c.alias = r.text(u"key_alias"_s);
    c.models = r.models();
    c.maxBudget = r.money(u"max_budget"_s);
    c.budgetDuration = r.duration(u"budget_duration"_s);
    c.rpmLimit = r.limit(u"rpm_limit"_s);
    c.tpmLimit = r.limit(u"tpm_limit"_s);
    c.maxParallelRequests = r.limit(u"max_parallel_requests"_s);
    c.duration = r.duration(u"duration"_s);
    c.metadata = r.metadata();
    c.guardrails = r.guardrails();
    c.userId = r.text(u"user_id"_s);
    c.teamId = r.text(u"team_id"_s);
    if (body.contains(u"blocked"_s) && !body.value(u"blocked"_s).isNull()) {
        if (body.value(u"blocked"_s).isBool())
            c.blocked = body.value(u"blocked"_s).toBool();
        else
            r.fail(u"'blocked' must be true or false"_s);
    }
    if (const Change<double> spend = r.money(u"spend"_s); spend && *spend)
        c.spend = **spend;
    if (c.alias && *c.alias && (*c.alias)->trimmed().isEmpty())
        c.alias = std::optional<QString>(); // "" clears the alias
    if (!r.ok())
        return std::nullopt;
    return c;
}

void KeyChanges::applyTo(VirtualKey& key, const QDateTime& now) const
{
    if (alias)
        key.alias = alias->value_or(QString()).trimmed();
    if (models)
        key.models = *models;
    apply(maxBudget, key.maxBudget);
    apply(rpmLimit, key.rpmLimit);
    apply(tpmLimit, key.tpmLimit);
    apply(maxParallelRequests, key.maxParallelRequests);
    if (metadata)
        key.metadata = *metadata;
    if (guardrails && guardrails->isEmpty())
        key.metadata.remove(u"guardrails"_s);
    else if (guardrails)
        key.metadata.insert(u"guardrails"_s, QJsonArray::fromStringList(*guardrails));
    applyText(userId, key.userId);
    applyText(teamId, key.teamId);
    if (blocked)
        key.blocked = *blocked;
    if (spend)
        key.spend = *spend;
    if (duration) {
        const std::optional<Duration> d = *duration ? Duration::parse(**duration) : std::nullopt;
        key.expires = d ? d->after(now) : QDateTime();
    }
    if (budgetDuration) {
        key.budgetDuration = budgetDuration->value_or(QString()).trimmed();
        const std::optional<Duration> d = Duration::parse(key.budgetDuration);
        key.budgetResetAt = d ? d->nextBudgetReset(now) : QDateTime();
    }
    key.updatedAt = now;
}

} // namespace sy
