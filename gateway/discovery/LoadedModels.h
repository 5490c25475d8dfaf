#pragma once

#include "gateway/core/GatewayConfig.h"
#include "gateway/core/LoadedModel.h"
#include "gateway/core/ServerStatus.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <memory>

namespace sy {

class BackendGet;
class IUpstreamClient;

/**
 * What the backends have in memory, for Ollama's /api/ps (and the details /api/tags and
 * /api/show add): each local backend's own report (Ollama's /api/ps, LM Studio's
 * /api/v0/models, the model list of one-model servers such as llama.cpp and vLLM), and the
 * models of managed servers that are ready. A cached view: current() answers at once with the
 * last reports and, when they are older than maxAge, asks the backends again in the background,
 * so a client sees the new state on its next call. Remote providers are never asked.
 *
 * Lives on the gateway thread and never blocks it.
 */
class LoadedModels : public QObject
{
    Q_OBJECT

public:
    explicit LoadedModels(IUpstreamClient& client, QObject* parent = nullptr);
    ~LoadedModels() override;

    void setConfig(std::shared_ptr<const GatewayConfig> config);
    void setServerStatuses(const ServerStatusList& statuses);
    void setMaxAge(std::chrono::milliseconds age) { m_maxAge = age; }

    /** One entry per loaded model group, as last reported; refreshes in the background when stale. */
    QList<LoadedModel> current();

signals:
    /** Every backend asked in the last refresh has answered (or failed). */
    void refreshed();

private:
    enum class Kind
    {
        OllamaPs,
        LmStudio,
        ModelList,
    };
    struct Source
    {
        Kind kind;
        const Deployment* probe; ///< where to ask, with its credentials; points into m_config
    };

    QHash<QString, Source> sources() const;
    static QString sourceKey(const Deployment& d, Kind* kind);
    void refresh();
    void onReport(const QString& key, Kind kind, int status, const QByteArray& body);
    QList<LoadedModel> compose() const;

    IUpstreamClient& m_client;
    std::shared_ptr<const GatewayConfig> m_config;
    ServerStatusList m_statuses;
    QHash<QString, QList<LoadedModel>> m_reports; ///< by source: what it said last
    QHash<QString, std::shared_ptr<BackendGet>> m_pending;
    QElapsedTimer m_sinceRefresh; ///< invalid until the first refresh
    std::chrono::milliseconds m_maxAge{5'000};
};

} // namespace sy
