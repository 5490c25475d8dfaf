#include "app/gui/KeyServiceKeyManager.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

template <class T, class U>
std::optional<std::optional<T>> changeOf(const std::optional<U>& value)
{
    return value ? std::optional<std::optional<T>>(std::optional<T>(T(*value)))
                 : std::optional<std::optional<T>>(std::optional<T>());
}

IKeyManager::Operation operationOf(const QString& name)
{
    if (name == "create"_L1)
        return IKeyManager::Operation::Create;
    if (name == "update"_L1)
        return IKeyManager::Operation::Update;
    if (name == "revoke"_L1)
        return IKeyManager::Operation::Revoke;
    return IKeyManager::Operation::List;
}

} // namespace

KeyServiceKeyManager::KeyServiceKeyManager(KeyService& service, QObject* parent)
    : IKeyManager(parent)
    , m_service(service)
{
    connect(&service, &KeyService::keysListed, this, [this](const QList<VirtualKeyInfo>& keys) {
        QList<KeyInfo> infos;
        for (const VirtualKeyInfo& k : keys)
            infos.append(infoOf(k));
        emit keysListed(infos);
    });
    connect(&service, &KeyService::keyCreated, this, [this](const QString& plaintext, const VirtualKeyInfo& key) {
        emit keyCreated(infoOf(key), plaintext);
    });
    connect(
        &service, &KeyService::keyUpdated, this, [this](const VirtualKeyInfo& key) { emit keyUpdated(infoOf(key)); });
    connect(&service, &KeyService::keyRevoked, this, &IKeyManager::keyRevoked);
    connect(&service, &KeyService::failed, this, [this](const QString& operation, const QString& message) {
        emit operationFailed(operationOf(operation), message);
    });
    connect(&service, &KeyService::keysChanged, this, &IKeyManager::keysChanged);
}

KeyInfo KeyServiceKeyManager::infoOf(const VirtualKeyInfo& v)
{
    KeyInfo info;
    info.hash = v.key.token;
    info.alias = v.key.alias;
    info.preview = v.key.keyName;
    info.limits.models = v.key.models;
    if (v.key.rpmLimit)
        info.limits.rpm = int(*v.key.rpmLimit);
    if (v.key.tpmLimit)
        info.limits.tpm = int(*v.key.tpmLimit);
    if (v.key.maxParallelRequests)
        info.limits.maxParallel = int(*v.key.maxParallelRequests);
    info.limits.maxBudget = v.key.maxBudget;
    info.limits.budgetPeriod = v.key.budgetDuration;
    info.limits.expiresAt = v.key.expires;
    info.spend = v.spend;
    info.createdAt = v.key.createdAt;
    info.lastUsedAt = v.key.lastUsedAt;
    info.budgetResetsAt = v.key.budgetResetAt;
    info.blocked = v.key.blocked || v.expired;
    return info;
}

KeyChanges KeyServiceKeyManager::changesOf(const KeyLimits& limits, const QDateTime& now)
{
    KeyChanges c;
    c.models = limits.models;
    c.rpmLimit = changeOf<qint64>(limits.rpm);
    c.tpmLimit = changeOf<qint64>(limits.tpm);
    c.maxParallelRequests = changeOf<qint64>(limits.maxParallel);
    c.maxBudget = changeOf<double>(limits.maxBudget);
    c.budgetDuration = limits.budgetPeriod.isEmpty() ? std::optional<std::optional<QString>>(std::optional<QString>())
                                                     : std::optional<std::optional<QString>>(limits.budgetPeriod);
    // The UI picks a date; the key API takes a lifetime from now.
    if (limits.expiresAt.isValid())
        c.duration
            = std::optional<QString>(QString::number(std::max<qint64>(1, now.secsTo(limits.expiresAt))) + u"s"_s);
    else
        c.duration = std::optional<QString>();
    return c;
}

void KeyServiceKeyManager::createKey(const QString& alias, const KeyLimits& limits)
{
    KeyChanges changes = changesOf(limits, QDateTime::currentDateTimeUtc());
    if (!alias.isEmpty())
        changes.alias = std::optional<QString>(alias);
    m_service.createKey(changes);
}

void KeyServiceKeyManager::updateKey(const QString& hash, const KeyLimits& limits)
{
    m_service.updateKey(hash, changesOf(limits, QDateTime::currentDateTimeUtc()));
}

} // namespace sy
