#pragma once

#include "gateway/core/Clock.h"
#include "gateway/core/GatewaySnapshot.h"
#include "ui/keys/KeyInfo.h"

#include <QList>
#include <QMap>
#include <QObject>

namespace sy {

/**
 * Decides what deserves a desktop notification: a backend that goes down or recovers, a key
 * whose budget runs out. It is rate-limited twice over, so a flapping backend cannot flood
 * the desktop:
 *  - per subject (a backend server, a key): at most one notification per perSubjectMs; a change
 *    inside that time is held back, and when the time is up only the latest state is told, if
 *    it differs from the one last told;
 *  - overall: at most maxPerWindow notifications per windowMs; the rest wait their turn.
 * Deployments of one server that change together become one notification.
 *
 * Without widgets or timers: fed snapshots (about once a second) and key lists, it notifies
 * through a signal, and held-back notices go out with a later feed.
 */
class Notifier : public QObject
{
    Q_OBJECT

public:
    struct Policy
    {
        qint64 perSubjectMs = 120'000;
        int maxPerWindow = 4;
        qint64 windowMs = 60'000;
    };

    explicit Notifier(const IClock& clock = SystemClock::instance(), QObject* parent = nullptr);

    void setPolicy(const Policy& policy) { m_policy = policy; }
    void setEnabled(bool enabled) { m_enabled = enabled; }

    void setSnapshot(const GatewaySnapshotPtr& snapshot);
    void setKeys(const QList<KeyInfo>& keys);

signals:
    /** @p warning: something broke (down, budget); otherwise good news (recovered). */
    void notify(const QString& title, const QString& message, bool warning);

private:
    struct Subject
    {
        bool known = false; ///< a first state was seen (it is not announced)
        bool bad = false; ///< current state: down / budget exhausted
        bool toldBad = false; ///< the state last announced (or first seen)
        qint64 toldAtMs = -1; ///< when last announced; -1 never
        QString title; ///< what to say about the current state
        QString message;
    };

    void observe(const QString& subject, bool bad, const QString& title, const QString& message);
    void flush();
    bool globalBudgetLeft();

    const IClock& m_clock;
    Policy m_policy;
    bool m_enabled = true;
    QMap<QString, Subject> m_subjects; ///< ordered, so held-back notices go out in a stable order
    QList<qint64> m_sentAtMs;
};

} // namespace sy
