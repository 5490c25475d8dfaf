#pragma once

#include "gateway/core/KeyUsage.h"
#include "ui/keys/IKeyManager.h"

#include <QHash>
#include <QPointer>
#include <QTimer>

namespace sy {

/**
 * The UI's copy of the key list: asks the IKeyManager (if there is one) for it at start, after
 * each change and every half minute, and tells the keys page, the usage table and the
 * notifier when it changed. Without a manager, available() is false and the list stays empty.
 */
class KeyDirectory : public QObject
{
    Q_OBJECT

public:
    static constexpr int kRefreshMs = 30'000;

    explicit KeyDirectory(IKeyManager* manager = nullptr, QObject* parent = nullptr);

    bool available() const { return m_manager != nullptr; }
    IKeyManager* manager() const { return m_manager; }
    const QList<KeyInfo>& keys() const { return m_keys; }
    const KeyInfo* find(const QString& hash) const;

    /** Asks for the list now (it arrives with keysUpdated()). */
    void refresh();
    /**
     * Takes the gateway's live numbers (a snapshot's usage per key) into the list: spend in the
     * budget period, last use, requests and tokens, so the keys page and the budget notifications
     * do not wait for the next refresh. Emits usageUpdated() when any changed.
     */
    void applyUsage(const KeyUsageList& usage);

signals:
    void keysUpdated();
    /** Spend, last use or counts of listed keys changed (see applyUsage()). */
    void usageUpdated();

private:
    void setKeys(const QList<KeyInfo>& keys);

    QPointer<IKeyManager> m_manager;
    QList<KeyInfo> m_keys;
    QHash<QString, qsizetype> m_index;
    QTimer m_timer;
};

} // namespace sy
