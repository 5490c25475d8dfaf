#include "ui/Notifier.h"

#include <QMap>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QString serverName(const DeploymentSnapshot& d)
{
    const QUrl url(d.apiBase);
    if (!url.isValid() || url.host().isEmpty())
        return d.provider;
    return url.port() > 0 ? u"%1:%2"_s.arg(url.host()).arg(url.port()) : url.host();
}

} // namespace

Notifier::Notifier(const IClock& clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
{ }

void Notifier::setSnapshot(const GatewaySnapshotPtr& snapshot)
{
    if (snapshot && snapshot->serving) {
        // One subject per backend server: it is down while any of its deployments is
        // unhealthy, up once none is and one is healthy.
        struct Server
        {
            QStringList down;
            bool anyHealthy = false;
            QString lastError;
        };
        QMap<QString, Server> servers;
        for (const DeploymentSnapshot& d : snapshot->deployments) {
            Server& s = servers[serverName(d)];
            if (d.health == BackendHealth::Unhealthy) {
                s.down << d.backendModel;
                if (!d.lastError.isEmpty())
                    s.lastError = d.lastError;
            } else if (d.health == BackendHealth::Healthy) {
                s.anyHealthy = true;
            }
        }
        for (auto it = servers.cbegin(); it != servers.cend(); ++it) {
            const Server& s = it.value();
            if (s.down.isEmpty() && !s.anyHealthy)
                continue; // not checked yet: says nothing
            const bool down = !s.down.isEmpty();
            const QString models = s.down.mid(0, 3).join(u", "_s) + (s.down.size() > 3 ? u", …"_s : QString());
            const QString message = down
                ? (s.lastError.isEmpty() ? tr("%1 (%2) is not answering.").arg(it.key(), models)
                                         : tr("%1 (%2) is not answering: %3").arg(it.key(), models, s.lastError))
                : tr("%1 is answering again.").arg(it.key());
            observe(u"backend:"_s + it.key(), down, down ? tr("Backend down") : tr("Backend recovered"), message);
        }
    }
    flush();
}

void Notifier::setKeys(const QList<KeyInfo>& keys)
{
    for (const KeyInfo& k : keys) {
        if (!k.limits.maxBudget)
            continue;
        const QString name = k.alias.isEmpty() ? k.preview : k.alias;
        observe(u"budget:"_s + k.hash,
                k.budgetExhausted(),
                tr("Budget used up"),
                k.budgetExhausted()
                    ? tr("The key “%1” has used its budget; its requests are refused until it resets.").arg(name)
                    : QString());
    }
    flush();
}

void Notifier::observe(const QString& subject, bool bad, const QString& title, const QString& message)
{
    Subject& s = m_subjects[subject];
    if (!s.known) {
        s = Subject{true, bad, bad, -1, title, message};
        return;
    }
    s.bad = bad;
    s.title = title;
    s.message = message;
}

bool Notifier::globalBudgetLeft()
{
    const qint64 now = m_clock.monotonicMs();
    while (!m_sentAtMs.isEmpty() && now - m_sentAtMs.constFirst() >= m_policy.windowMs)
        m_sentAtMs.removeFirst();
    return m_sentAtMs.size() < m_policy.maxPerWindow;
}

void Notifier::flush()
{
    const qint64 now = m_clock.monotonicMs();
    for (auto it = m_subjects.begin(); it != m_subjects.end(); ++it) {
        Subject& s = it.value();
        if (s.bad == s.toldBad)
            continue; // nothing new to say (a flap back and forth while held back included)
        if (s.toldAtMs >= 0 && now - s.toldAtMs < m_policy.perSubjectMs)
            continue; // told recently: wait, then tell the state of that moment
        // A budget that reset is good news nobody needs a notification for.
        const bool worthTelling = s.bad || !it.key().startsWith(u"budget:");
        if (worthTelling && !globalBudgetLeft())
            continue;
        s.toldBad = s.bad;
        if (!worthTelling)
            continue;
        s.toldAtMs = now;
        m_sentAtMs.append(now);
        if (m_enabled)
            emit notify(s.title, s.message, s.bad);
    }
}

} // namespace sy
