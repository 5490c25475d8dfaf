#include "ui/keys/KeyDirectory.h"

namespace sy {

KeyDirectory::KeyDirectory(IKeyManager* manager, QObject* parent)
    : QObject(parent)
    , m_manager(manager)
{
    if (!m_manager)
        return;
    connect(m_manager, &IKeyManager::keysListed, this, &KeyDirectory::setKeys);
    connect(m_manager, &IKeyManager::keysChanged, this, &KeyDirectory::refresh);
    connect(m_manager, &IKeyManager::keyCreated, this, &KeyDirectory::refresh);
    connect(m_manager, &IKeyManager::keyUpdated, this, &KeyDirectory::refresh);
    connect(m_manager, &IKeyManager::keyRevoked, this, &KeyDirectory::refresh);
    m_timer.setInterval(kRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &KeyDirectory::refresh);
    m_timer.start();
    refresh();
}

const KeyInfo* KeyDirectory::find(const QString& hash) const
{
    const auto it = m_index.constFind(hash);
    return it == m_index.cend() ? nullptr : &m_keys.at(*it);
}

void KeyDirectory::refresh()
{
    if (m_manager)
        m_manager->listKeys();
}

void KeyDirectory::applyUsage(const KeyUsageList& usage)
{
    bool changed = false;
    for (const KeyUsage& u : usage) {
        const auto it = m_index.constFind(u.keyHash);
        if (!u.virtualKey || it == m_index.cend())
            continue;
        KeyInfo& k = m_keys[*it];
        if (k.spend == u.periodSpend && k.lastUsedAt == u.lastUsedAt && k.requests == u.requests)
            continue;
        k.spend = u.periodSpend;
        if (u.lastUsedAt.isValid())
            k.lastUsedAt = u.lastUsedAt;
        k.requests = u.requests;
        k.tokens = u.tokens();
        changed = true;
    }
    if (changed)
        emit usageUpdated();
}

void KeyDirectory::setKeys(const QList<KeyInfo>& keys)
{
    m_keys = keys;
    m_index.clear();
    for (qsizetype i = 0; i < m_keys.size(); ++i)
        m_index.insert(m_keys.at(i).hash, i);
    emit keysUpdated();
}

} // namespace sy
