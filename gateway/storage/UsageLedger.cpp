#include "gateway/storage/UsageLedger.h"

namespace sy {

UsageLedger::UsageLedger(bool keepRecent)
    : m_keepRecent(keepRecent)
{ }

KeyUsage UsageLedger::countsOf(const RequestRecord& r)
{
    KeyUsage u;
    u.keyHash = r.keyHash;
    u.alias = r.keyAlias;
    u.requests = 1;
    u.promptTokens = quint64(qMax<qint64>(0, r.usage.promptTokens));
    u.completionTokens = quint64(qMax<qint64>(0, r.usage.completionTokens));
    u.errors = r.succeeded() ? 0 : 1;
    u.cost = r.cost;
    u.lastUsedAt = r.startedAt.addMSecs(qMax<qint64>(0, r.latencyMs));
    return u;
}

void UsageLedger::merge(KeyUsage& into, const KeyUsage& add)
{
    if (into.keyHash.isNull())
        into.keyHash = add.keyHash;
    if (!add.alias.isEmpty())
        into.alias = add.alias;
    into.requests += add.requests;
    into.promptTokens += add.promptTokens;
    into.completionTokens += add.completionTokens;
    into.errors += add.errors;
    into.cost += add.cost;
    if (add.lastUsedAt.isValid() && (!into.lastUsedAt.isValid() || add.lastUsedAt > into.lastUsedAt))
        into.lastUsedAt = add.lastUsedAt;
}

void UsageLedger::setCutoff(qint64 cutoffMs)
{
    m_cutoffMs = cutoffMs;
    if (!m_keepRecent)
        return;
    while (!m_recent.empty() && m_recent.front().endMs < cutoffMs)
        m_recent.pop_front();
    rebuildLive();
}

void UsageLedger::setBaseline(const KeyUsageList& baseline, qint64 cutoffMs)
{
    if (cutoffMs != m_cutoffMs)
        setCutoff(cutoffMs);
    m_baseline.clear();
    for (const KeyUsage& u : baseline)
        m_baseline.insert(u.keyHash, u);
    m_hasBaseline = true;
}

void UsageLedger::rebuildLive()
{
    m_live.clear();
    for (const Recent& r : m_recent)
        merge(m_live[r.usage.keyHash], r.usage);
}

void UsageLedger::add(const RequestRecord& record)
{
    const KeyUsage counts = countsOf(record);
    const qint64 endMs = counts.lastUsedAt.toMSecsSinceEpoch();
    if (endMs < m_cutoffMs)
        return; // the baseline has it
    merge(m_live[counts.keyHash], counts);
    if (m_keepRecent)
        m_recent.push_back({endMs, counts});
}

KeyUsageList UsageLedger::totals() const
{
    QHash<QString, KeyUsage> all = m_baseline;
    for (auto it = m_live.cbegin(); it != m_live.cend(); ++it)
        merge(all[it.key()], it.value());
    KeyUsageList out;
    out.reserve(all.size());
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        out.append(it.value());
    return out;
}

} // namespace sy
