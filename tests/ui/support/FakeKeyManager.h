#pragma once

#include "ui/keys/IKeyManager.h"

namespace sy::testing {

/**
 * An IKeyManager in memory, answering on the next event-loop turn as a real store on another
 * thread would. failNext() makes the next call fail with a message.
 */
class FakeKeyManager : public IKeyManager
{
    Q_OBJECT

public:
    using IKeyManager::IKeyManager;

    void listKeys() override;
    void createKey(const QString& alias, const sy::KeyLimits& limits) override;
    void updateKey(const QString& hash, const sy::KeyLimits& limits) override;
    void revokeKey(const QString& hash) override;

    /** Adds a key directly (no signal but keysChanged). */
    KeyInfo& add(const QString& alias, const KeyLimits& limits = {}, double spend = 0);
    void failNext(const QString& message) { m_failure = message; }

    QList<KeyInfo> keys;
    int listCalls = 0;

private:
    bool failing(Operation operation);
    KeyInfo* find(const QString& hash);

    QString m_failure;
    int m_next = 1;
};

} // namespace sy::testing
