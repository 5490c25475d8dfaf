#pragma once

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

signals:
    void keysUpdated();

private:
    void setKeys(const QList<KeyInfo>& keys);

    QPointer<IKeyManager> m_manager;
    QList<KeyInfo> m_keys;
    QHash<QString, qsizetype> m_index;
    QTimer m_timer;
};

} // namespace sy
