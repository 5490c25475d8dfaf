#include "gateway/health/HealthChecker.h"

#include "gateway/core/Clock.h"
#include "gateway/health/HealthProbe.h"
#include "gateway/http/HeaderNames.h"

#include <QHostAddress>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHealth, "switchyard.health", QtInfoMsg)

namespace sy {

namespace {

constexpr int kTickMs = 250;

QByteArray checkPath(const Deployment& d)
{
    switch (d.backend) {
    case BackendKind::Ollama:
        return "/api/tags";
    case BackendKind::LlamaCpp:
    case BackendKind::Vllm:
        return "/health";
    case BackendKind::OpenAiCompatible:
        break;
    }
    return d.basePath + "/models" + d.query;
}

} // namespace

HealthChecker::HealthChecker(IUpstreamClient& client, VerdictSink verdicts, const IClock& clock, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_verdicts(std::move(verdicts))
    , m_clock(clock)
    , m_tick(this)
{
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &HealthChecker::tick);
}

HealthChecker::~HealthChecker() = default;

bool HealthChecker::isLocalHost(const QString& host)
{
    return UpstreamOrigin::isLocalHost(host);
}

bool HealthChecker::isChecked(const Deployment& d, const HealthCheckSettings& settings)
{
    // Azure has no GET /models per deployment (its list is the resource's base models): passive
    // health covers it, even with check_remote.
    if (d.provider == u"azure")
        return false;
    return settings.background && (settings.checkRemoteProviders || isLocalHost(d.origin.host));
}

UpstreamRequest HealthChecker::checkRequest(const Deployment& d, const HealthCheckSettings& settings)
{
    UpstreamRequest request;
    request.origin = d.origin;
    request.method = "GET";
    request.target = settings.endpoint.isEmpty() ? checkPath(d) : settings.endpoint;
    request.headers.addShared(Headers::kAccept, Headers::kApplicationJson);
    request.headers.addShared(Headers::kUserAgent, Headers::kUserAgentValue);
    for (const auto& [name, value] : d.authHeaders)
        request.headers.add(name, value);
    const auto timeout = settings.timeout;
    request.timeouts.connect = timeout;
    request.timeouts.firstByte = timeout;
    request.timeouts.total = timeout;
    return request;
}

void HealthChecker::setConfig(const std::shared_ptr<const GatewayConfig>& config)
{
    m_settings = config->health;
    QHash<QString, Server> servers;
    for (const Deployment& d : config->deployments) {
        if (d.wildcard || !isChecked(d, m_settings))
            continue;
        const UpstreamRequest request = checkRequest(d, m_settings);
        const QString key = request.origin.toString() + QString::fromUtf8(request.target) + u'\n'
            + QString::fromUtf8(d.authHeaders.isEmpty() ? QByteArray() : d.authHeaders.constFirst().second);
        Server& server = servers[key];
        if (server.stateKeys.isEmpty()) {
            // A server checked before keeps its standing and its schedule.
            server = m_servers.contains(key) ? m_servers.take(key) : Server{};
            server.request = request;
            server.label = request.origin.toString() + QString::fromUtf8(request.target);
            server.stateKeys.clear();
        }
        if (!server.stateKeys.contains(d.stateKey()))
            server.stateKeys.append(d.stateKey());
    }
    // Deployments no longer checked (config changed, checks turned off) drop their verdict, or an
    // old "unhealthy" would keep them out of routing for good.
    for (const Server& old : std::as_const(m_servers)) {
        for (const QString& stateKey : old.stateKeys)
            m_verdicts(stateKey, BackendHealth::Unknown);
    }
    m_servers = std::move(servers); // servers gone from the config are dropped, their probes with them
    m_covered.clear();
    for (const Server& server : std::as_const(m_servers))
        m_covered.unite(QSet<QString>(server.stateKeys.cbegin(), server.stateKeys.cend()));
    for (Server& server : m_servers)
        apply(server);
    if (m_servers.isEmpty())
        m_tick.stop();
    else if (!m_tick.isActive())
        m_tick.start();
    tick();
}

void HealthChecker::checkAllNow()
{
    for (Server& server : m_servers)
        server.nextCheckMs = 0;
    tick();
}

void HealthChecker::checkNow(const QStringList& stateKeys)
{
    for (Server& server : m_servers) {
        for (const QString& key : stateKeys) {
            if (server.stateKeys.contains(key))
                server.nextCheckMs = 0;
        }
    }
    tick();
}

void HealthChecker::tick()
{
    const qint64 now = m_clock.monotonicMs();
    for (auto it = m_servers.begin(); it != m_servers.end(); ++it) {
        if (!it->probe && it->nextCheckMs <= now)
            probe(it.key());
    }
}

void HealthChecker::probe(const QString& key)
{
    Server& server = m_servers[key];
    server.probe = std::make_shared<HealthProbe>(m_client,
                                                 server.request,
                                                 m_settings.expectedField,
                                                 [this, key](const QString& error) { onResult(key, error); });
}

void HealthChecker::onResult(const QString& key, const QString& error)
{
    auto it = m_servers.find(key);
    if (it == m_servers.end())
        return;
    Server& server = *it;
    // The probe is still on the stack: let it go once this event is over.
    std::shared_ptr<HealthProbe> done = std::exchange(server.probe, nullptr);
    QTimer::singleShot(0, this, [done] {});

    const BackendHealth before = server.health;
    const QDateTime now = m_clock.nowUtc();
    for (const QString& stateKey : std::as_const(server.stateKeys))
        m_lastChecked.insert(stateKey, now);
    if (error.isEmpty()) {
        server.failures = 0;
        if (++server.passes >= m_settings.healthyThreshold)
            server.health = BackendHealth::Healthy;
    } else {
        server.passes = 0;
        if (++server.failures >= m_settings.unhealthyThreshold)
            server.health = BackendHealth::Unhealthy;
    }
    const qint64 interval = m_settings.interval.count();
    server.nextCheckMs = m_clock.monotonicMs()
        + (server.health == BackendHealth::Unhealthy || server.failures > 0 ? qMin(interval, kDownRecheckMs)
                                                                            : interval);
    apply(server);
    if (server.health == before)
        return;
    if (server.health == BackendHealth::Unhealthy)
        qCWarning(lcHealth).noquote() << server.label << "is down:" << error;
    else if (before == BackendHealth::Unhealthy)
        qCInfo(lcHealth).noquote() << server.label << "is back up";
    emit healthChanged(server.label, server.health, error);
}

void HealthChecker::apply(Server& server)
{
    // Unknown (not checked yet) leaves the state alone: the deployment stays routable meanwhile.
    if (server.health == BackendHealth::Unknown)
        return;
    for (const QString& stateKey : std::as_const(server.stateKeys))
        m_verdicts(stateKey, server.health);
}

} // namespace sy
