#pragma once

#include "gateway/core/GatewayConfig.h"
#include "gateway/core/GatewaySnapshot.h"
#include "gateway/upstream/UpstreamRequest.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

namespace sy {

class HealthProbe;
class IClock;
class IUpstreamClient;

/**
 * Active health checks (general_settings.background_health_checks), one per backend server
 * however many deployments it serves, by the request that suits its kind:
 *
 *   OpenAI-compatible (LM Studio, …)   GET {api_base}/models
 *   Ollama                             GET /api/tags
 *   llama.cpp, vLLM                    GET /health
 *
 * (seed-style `health_check.endpoint` overrides the path). A server is marked unhealthy after
 * unhealthy_threshold failures in a row and healthy again after healthy_threshold passes, every
 * health_check_interval, and every 5 s at most while it is down so a recovery shows quickly.
 * Remote providers are not checked unless asked (health_check.check_remote): passive health
 * covers them, and nothing here ever spends tokens.
 */
class HealthChecker : public QObject
{
    Q_OBJECT

public:
    /** Where verdicts go: the routing state of the deployment @p stateKey (Gateway wires it to
        DeploymentStates). A function, so health checks sit below routing in the layers. */
    using VerdictSink = std::function<void(const QString& stateKey, BackendHealth health)>;

    HealthChecker(IUpstreamClient& client, VerdictSink verdicts, const IClock& clock, QObject* parent = nullptr);
    ~HealthChecker() override;

    /** Checks the deployments of @p config from now on (the effective config, discovered models included). */
    void setConfig(const std::shared_ptr<const GatewayConfig>& config);
    /** Checks every server now (e.g. right after start). */
    void checkAllNow();
    /** Checks the servers of these deployments (state keys) now: the dashboard's "Check now". */
    void checkNow(const QStringList& stateKeys);
    /** Whether the deployment with state key @p stateKey is checked at all. */
    bool covers(const QString& stateKey) const { return m_covered.contains(stateKey); }
    /** When its server's last check ended; null before the first. */
    QDateTime lastChecked(const QString& stateKey) const { return m_lastChecked.value(stateKey); }

    /** Whether @p d's server is checked at all (a local or private-network address, or asked). */
    static bool isChecked(const Deployment& d, const HealthCheckSettings& settings);
    /** The request that checks @p d's server. */
    static UpstreamRequest checkRequest(const Deployment& d, const HealthCheckSettings& settings);
    /** A host on this machine or a private network (LAN, Tailscale), as opposed to a provider's. */
    static bool isLocalHost(const QString& host);

    static constexpr qint64 kDownRecheckMs = 5'000;

signals:
    /** A server's checked health changed; @p error says why when it is down. */
    void healthChanged(const QString& server, sy::BackendHealth health, const QString& error);

private:
    struct Server
    {
        UpstreamRequest request;
        QStringList stateKeys; ///< the deployments it serves
        QString label; ///< for logs: its URL
        BackendHealth health = BackendHealth::Unknown;
        int passes = 0; ///< in a row
        int failures = 0; ///< in a row
        qint64 nextCheckMs = 0;
        std::shared_ptr<HealthProbe> probe; ///< while a check is under way
    };

    void tick();
    void probe(const QString& key);
    void onResult(const QString& key, const QString& error);
    void apply(Server& server);

    IUpstreamClient& m_client;
    VerdictSink m_verdicts;
    const IClock& m_clock;
    HealthCheckSettings m_settings;
    QHash<QString, Server> m_servers; ///< by request identity (origin, path, credentials)
    QSet<QString> m_covered; ///< state keys of every checked deployment
    QHash<QString, QDateTime> m_lastChecked; ///< by state key
    QTimer m_tick;
};

} // namespace sy
