#pragma once

#include "gateway/core/Clock.h"
#include "gateway/core/GatewayConfig.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace sy {

class IUpstreamClient;
class ModelListFetch;

/**
 * Turns wildcard entries (`model: lm_studio/` followed by a star) into deployments: it asks each such backend for
 * its model list (GET {api_base}/models) and publishes an effective config in which every model
 * reported is a deployment of a group named after it. It polls again every interval, right away
 * when the config changes, and on demand when a request names a model nobody has yet (say one
 * LM Studio just loaded), so new models become routable without a restart.
 *
 * Lives on the gateway thread and never blocks it.
 */
class ModelDiscovery : public QObject
{
    Q_OBJECT

public:
    /** @p clock spaces the polls (at most one a second); tests pass a manual one. */
    explicit ModelDiscovery(IUpstreamClient& client,
                            const IClock& clock = SystemClock::instance(),
                            QObject* parent = nullptr);
    ~ModelDiscovery() override;

    /** The config from the file. Publishes at once with the models known so far, then polls. */
    void setBaseConfig(std::shared_ptr<const GatewayConfig> config);
    /** The base config plus a deployment per discovered model. */
    std::shared_ptr<const GatewayConfig> effectiveConfig() const { return m_effective; }
    bool hasWildcards() const { return !m_templates.isEmpty(); }

    /**
     * Polls now and calls @p done with the effective config once every backend answered or
     * @p waitMs passed, whichever is first. Polls at most once a second: a later call waits for
     * the poll under way, or for the next one a second after the last.
     */
    void refreshNow(int waitMs, std::function<void(std::shared_ptr<const GatewayConfig>)> done);

    void setInterval(std::chrono::milliseconds interval);
    /** Models found per template deployment id, for the dashboard. */
    QHash<QString, QStringList> discovered() const { return m_models; }

signals:
    /** The effective config changed: routing should use it from now on. */
    void configChanged(std::shared_ptr<const GatewayConfig> config);

private:
    void poll();
    void onListed(const QString& templateId, const std::optional<QStringList>& models);
    void publish();
    void finishWaiters();
    void pollForWaiters();

    IUpstreamClient& m_client;
    const IClock& m_clock;
    std::shared_ptr<const GatewayConfig> m_base;
    std::shared_ptr<const GatewayConfig> m_effective;
    QList<Deployment> m_templates;
    QHash<QString, QStringList> m_models; ///< template id → model ids, last good answer
    QHash<QString, std::shared_ptr<ModelListFetch>> m_pending; ///< template id → fetch under way
    QList<std::function<void(std::shared_ptr<const GatewayConfig>)>> m_waiters;
    QTimer m_interval;
    QTimer m_waitLimit;
    QTimer m_deferredPoll; ///< a refresh asked for too soon after the last poll
    qint64 m_lastPollMs = -1;
};

} // namespace sy
