#pragma once

#include "gateway/KeyService.h"
#include "ui/keys/IKeyManager.h"

namespace sy {

/**
 * The keys page's IKeyManager, backed by the gateway's KeyService: the same KeyManager and
 * storage as the admin API and the CLI. Translates between the UI's KeyInfo/KeyLimits and the
 * gateway's VirtualKeyInfo/KeyChanges; every call stays asynchronous.
 */
class KeyServiceKeyManager : public IKeyManager
{
    Q_OBJECT

public:
    explicit KeyServiceKeyManager(KeyService& service, QObject* parent = nullptr);

    void listKeys() override { m_service.listKeys(); }
    void createKey(const QString& alias, const sy::KeyLimits& limits) override;
    void updateKey(const QString& hash, const sy::KeyLimits& limits) override;
    void revokeKey(const QString& hash) override { m_service.revokeKey(hash); }

    static KeyInfo infoOf(const VirtualKeyInfo& key);
    /** Every limit set: a value, or null to clear it (the UI edits all of them at once). */
    static KeyChanges changesOf(const KeyLimits& limits, const QDateTime& now);

private:
    KeyService& m_service;
};

} // namespace sy
