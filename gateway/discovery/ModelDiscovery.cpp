#include "gateway/discovery/ModelDiscovery.h"

#include "gateway/discovery/ModelListFetch.h"

#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QSet>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDiscovery, "switchyard.discovery", QtInfoMsg)

namespace sy {

namespace {

constexpr std::chrono::milliseconds kFetchTimeout{3000};
constexpr qint64 kMinPollGapMs = 1000;

QString discoveredId(const QString& templateId, const QString& model)
{
    return QString::fromLatin1(
        QCryptographicHash::hash((templateId + u'\n' + model).toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

// Same backend, same model: a static entry already serves it, so discovery must not add it twice.
bool servedStatically(const GatewayConfig& config, const Deployment& t, const QString& model)
{
    for (const Deployment& d : config.deployments) {
        if (!d.wildcard && d.origin == t.origin && d.basePath == t.basePath && d.backendModel == model)
            return true;
    }
    return false;
}

} // namespace

ModelDiscovery::ModelDiscovery(IUpstreamClient& client, const IClock& clock, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_clock(clock)
    , m_interval(this)
    , m_waitLimit(this)
    , m_deferredPoll(this)
{
    m_deferredPoll.setSingleShot(true);
    connect(&m_deferredPoll, &QTimer::timeout, this, &ModelDiscovery::pollForWaiters);
    m_interval.setInterval(30'000);
    connect(&m_interval, &QTimer::timeout, this, &ModelDiscovery::poll);
    m_waitLimit.setSingleShot(true);
    connect(&m_waitLimit, &QTimer::timeout, this, &ModelDiscovery::finishWaiters);
}

ModelDiscovery::~ModelDiscovery() = default;

void ModelDiscovery::setInterval(std::chrono::milliseconds interval)
{
    m_interval.setInterval(interval);
}

void ModelDiscovery::setBaseConfig(std::shared_ptr<const GatewayConfig> config)
{
    m_base = std::move(config);
    m_templates.clear();
    for (const Deployment& d : m_base->deployments) {
        // A pattern such as "fo::<star>:static::<star>" names no list to ask for: it only passes through.
        if (d.wildcard && d.backendModel == u"*")
            m_templates.append(d);
    }
    // Forget what templates that are gone reported.
    const QList<QString> known = m_models.keys();
    for (const QString& id : known) {
        if (std::none_of(m_templates.cbegin(), m_templates.cend(), [&](const Deployment& t) { return t.id == id; }))
            m_models.remove(id);
    }
    publish();
    if (m_templates.isEmpty()) {
        m_interval.stop();
        return;
    }
    m_lastPollMs = -1;
    poll();
    m_interval.start();
}

void ModelDiscovery::refreshNow(int waitMs, std::function<void(std::shared_ptr<const GatewayConfig>)> done)
{
    m_waiters.append(std::move(done));
    if (!m_waitLimit.isActive())
        m_waitLimit.start(waitMs);
    if (!m_pending.isEmpty() || m_deferredPoll.isActive())
        return; // the poll under way, or the one planned, answers this caller too
    // A storm of requests for unknown models must not become a storm of polls.
    const qint64 sinceLast = m_clock.monotonicMs() - m_lastPollMs;
    if (m_lastPollMs >= 0 && sinceLast < kMinPollGapMs) {
        m_deferredPoll.start(int(kMinPollGapMs - sinceLast));
        return;
    }
    pollForWaiters();
}

void ModelDiscovery::pollForWaiters()
{
    poll();
    if (m_pending.isEmpty())
        finishWaiters();
}

void ModelDiscovery::poll()
{
    m_lastPollMs = m_clock.monotonicMs();
    for (const Deployment& t : std::as_const(m_templates)) {
        if (m_pending.contains(t.id))
            continue;
        const QString id = t.id;
        m_pending.insert(id,
                         std::make_shared<ModelListFetch>(
                             m_client, t, kFetchTimeout, [this, id](const std::optional<QStringList>& models) {
                                 onListed(id, models);
                             }));
    }
}

void ModelDiscovery::onListed(const QString& templateId, const std::optional<QStringList>& models)
{
    // The fetch is still on the stack: let it go once this event is over.
    std::shared_ptr<ModelListFetch> fetch = m_pending.take(templateId);
    QTimer::singleShot(0, this, [fetch] {});
    if (models) {
        const QStringList before = m_models.value(templateId);
        m_models.insert(templateId, *models);
        if (before != *models) {
            qCInfo(lcDiscovery).noquote()
                << "found" << models->size() << "models at template" << templateId << ':' << models->join(u", "_s);
            publish();
        }
    } else if (m_models.contains(templateId)) {
        // A backend that stopped answering keeps its models; health checks decide if it is used.
        qCDebug(lcDiscovery) << "no model list from template" << templateId;
    }
    if (m_pending.isEmpty())
        finishWaiters();
}

void ModelDiscovery::publish()
{
    auto config = std::make_shared<GatewayConfig>(*m_base);
    for (const Deployment& t : std::as_const(m_templates)) {
        for (const QString& model : m_models.value(t.id)) {
            if (servedStatically(*m_base, t, model))
                continue;
            Deployment d = t;
            d.wildcard = false;
            d.discovered = true;
            d.group = t.wildcardGroupPrefix + model;
            d.backendModel = model;
            d.id = discoveredId(t.id, model);
            d.idBytes = d.id.toUtf8();
            config->deployments.append(d);
        }
    }
    m_effective = config;
    emit configChanged(m_effective);
}

void ModelDiscovery::finishWaiters()
{
    m_waitLimit.stop();
    m_deferredPoll.stop();
    const auto waiters = std::exchange(m_waiters, {});
    for (const auto& done : waiters)
        done(m_effective);
}

} // namespace sy
