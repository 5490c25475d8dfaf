#pragma once

#include "gateway/core/VirtualKey.h"
#include "gateway/keys/KeyChanges.h"

#include <QList>
#include <QObject>
#include <QString>

namespace sy {

class Gateway;

/**
 * Virtual keys for the UI (or any other thread than the gateway's): every call returns at once
 * and is carried out on the gateway thread, through the same KeyManager as the admin API; the
 * outcome comes back as a signal on this object's thread. Reach it with GatewayHost::keys().
 *
 *   listKeys()                  → keysListed(keys)
 *   createKey(changes)          → keyCreated(plaintext, key)   the key is shown this once
 *   updateKey(token, changes)   → keyUpdated(key)
 *   revokeKey(token)            → keyRevoked(token)
 *   any of them failing         → failed(operation, message)
 *   keys changed by anyone      → keysChanged()                 list again to refresh
 *
 * VirtualKeyInfo has the key's settings (alias, models, limits, expiry, created and last used) and
 * what is counted live: spend in the budget period, budget left, requests and tokens this
 * minute, requests under way. Calls made before the gateway first started fail.
 */
class KeyService : public QObject
{
    Q_OBJECT

public:
    explicit KeyService(Gateway* gateway, QObject* parent = nullptr);

    void listKeys();
    void createKey(const sy::KeyChanges& changes);
    /** @p token: the key's token (VirtualKeyInfo::key.token), or the key itself. */
    void updateKey(const QString& token, const sy::KeyChanges& changes);
    void revokeKey(const QString& token);

signals:
    void keysListed(const QList<sy::VirtualKeyInfo>& keys);
    void keyCreated(const QString& plaintext, const sy::VirtualKeyInfo& key);
    void keyUpdated(const sy::VirtualKeyInfo& key);
    void keyRevoked(const QString& token);
    /** @p operation: "list", "create", "update" or "revoke". */
    void failed(const QString& operation, const QString& message);
    void keysChanged();

private:
    Gateway* m_gateway;
};

} // namespace sy
