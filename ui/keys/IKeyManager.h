#pragma once

#include "ui/keys/KeyInfo.h"

#include <QObject>

namespace sy {

/**
 * The UI's view of virtual keys (issue #5): list, create, change limits, revoke. Every call
 * returns at once and answers later with a signal, on the thread the manager lives on (the
 * UI's), so an implementation may do its storage work on another thread and never makes the
 * UI wait. Errors arrive as operationFailed() with a message for the user.
 *
 * The tray app runs without one until key storage is wired in (app/main.cpp): the keys page
 * then explains that keys need that feature, and the usage table shows only what it counts
 * from requests.
 */
class IKeyManager : public QObject
{
    Q_OBJECT

public:
    enum class Operation
    {
        List,
        Create,
        Update,
        Revoke,
    };
    Q_ENUM(Operation)

    using QObject::QObject;

    /** Answers with keysListed(). */
    virtual void listKeys() = 0;
    /** Answers with keyCreated(), which carries the secret: the only time anyone sees it. */
    virtual void createKey(const QString& alias, const sy::KeyLimits& limits) = 0;
    /** Replaces the limits of the key @p hash; answers with keyUpdated(). */
    virtual void updateKey(const QString& hash, const sy::KeyLimits& limits) = 0;
    /** Revokes the key @p hash for good; answers with keyRevoked(). */
    virtual void revokeKey(const QString& hash) = 0;

signals:
    void keysListed(const QList<sy::KeyInfo>& keys);
    void keyCreated(const sy::KeyInfo& key, const QString& secret);
    void keyUpdated(const sy::KeyInfo& key);
    void keyRevoked(const QString& hash);
    void operationFailed(sy::IKeyManager::Operation operation, const QString& message);
    /** Keys changed outside these calls (spend, a budget reset, the CLI): list them again. */
    void keysChanged();
};

} // namespace sy
