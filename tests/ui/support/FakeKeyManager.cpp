#include "tests/ui/support/FakeKeyManager.h"

#include <QTimer>

namespace sy::testing {

bool FakeKeyManager::failing(Operation operation)
{
    if (m_failure.isEmpty())
        return false;
    QTimer::singleShot(0, this, [this, operation, message = std::exchange(m_failure, {})] {
        emit operationFailed(operation, message);
    });
    return true;
}

KeyInfo* FakeKeyManager::find(const QString& hash)
{
    for (KeyInfo& k : keys) {
        if (k.hash == hash)
            return &k;
    }
    return nullptr;
}

KeyInfo& FakeKeyManager::add(const QString& alias, const KeyLimits& limits, double spend)
{
    KeyInfo k;
    k.hash = QStringLiteral("hash%1").arg(m_next);
    k.alias = alias;
    k.preview = QStringLiteral("sk-…%1").arg(1000 + m_next);
    k.limits = limits;
    k.spend = spend;
    k.createdAt = QDateTime::fromString(QStringLiteral("2026-01-01T09:00:00Z"), Qt::ISODate);
    ++m_next;
    keys.append(k);
    return keys.last();
}

void FakeKeyManager::listKeys()
{
    ++listCalls;
    if (failing(Operation::List))
        return;
    QTimer::singleShot(0, this, [this] { emit keysListed(keys); });
}

void FakeKeyManager::createKey(const QString& alias, const KeyLimits& limits)
{
    if (failing(Operation::Create))
        return;
    const KeyInfo created = add(alias, limits);
    const QString secret = QStringLiteral("sk-secret-%1").arg(created.hash);
    QTimer::singleShot(0, this, [this, created, secret] { emit keyCreated(created, secret); });
}

void FakeKeyManager::updateKey(const QString& hash, const KeyLimits& limits)
{
    if (failing(Operation::Update))
        return;
    KeyInfo* k = find(hash);
    if (!k) {
        QTimer::singleShot(0, this, [this] { emit operationFailed(Operation::Update, QStringLiteral("no such key")); });
        return;
    }
    k->limits = limits;
    QTimer::singleShot(0, this, [this, updated = *k] { emit keyUpdated(updated); });
}

void FakeKeyManager::revokeKey(const QString& hash)
{
    if (failing(Operation::Revoke))
        return;
    if (KeyInfo* k = find(hash))
        k->blocked = true;
    QTimer::singleShot(0, this, [this, hash] { emit keyRevoked(hash); });
}

} // namespace sy::testing
