#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <list>

namespace sy {

/**
 * router_settings.session_affinity: requests of one session go to the deployment that served
 * the session before, while it is available, so the backend's prompt cache stays warm. A
 * session is named by the request's `user`, its `x-session-id` header, or its conversation
 * prefix (see RouteStage). Bounded: the least recently used sessions are forgotten first, and
 * any idle for an hour.
 */
class SessionAffinity
{
public:
    explicit SessionAffinity(qsizetype capacity = 20'000, qint64 idleMs = 3'600'000);

    /** The deployment id @p session was on in @p group; empty when unknown or expired. */
    QString lookup(const QString& group, const QByteArray& session, qint64 nowMs);
    void remember(const QString& group, const QByteArray& session, const QString& deploymentId, qint64 nowMs);
    qsizetype size() const { return m_index.size(); }

private:
    struct Entry
    {
        QByteArray key;
        QString deploymentId;
        qint64 lastUsedMs = 0;
    };
    using Order = std::list<Entry>; ///< most recently used first

    static QByteArray keyOf(const QString& group, const QByteArray& session);

    qsizetype m_capacity;
    qint64 m_idleMs;
    Order m_order;
    QHash<QByteArray, Order::iterator> m_index;
};

} // namespace sy
