#pragma once

#include "gateway/HistoryService.h"
#include "gateway/KeyService.h"
#include "gateway/core/GatewayConfig.h"
#include "gateway/core/GatewaySnapshot.h"
#include "gateway/core/RequestRecord.h"
#include "gateway/core/ServerStatus.h"

#include <QObject>
#include <QStringList>
#include <QThread>

#include <atomic>
#include <memory>

namespace sy {

class Gateway;

/**
 * Runs a Gateway on a thread of its own and talks to it only through queued calls and
 * signals, so the caller's thread (the UI, or main in headless mode) and the gateway never
 * wait on each other.
 */
class GatewayHost : public QObject
{
    Q_OBJECT

public:
    explicit GatewayHost(QObject* parent = nullptr);
    ~GatewayHost() override;

    void start(std::shared_ptr<const GatewayConfig> config);
    void applyConfig(std::shared_ptr<const GatewayConfig> config);
    /** Stops accepting and drains for up to @p drainMs (negative: gateway.drain_timeout); stopped() follows. */
    void stop(int drainMs = -1);
    void setServerStatuses(const sy::ServerStatusList& statuses);

    /** Virtual keys for the UI: queued calls answered by signals (see KeyService). */
    KeyService& keys() { return m_keys; }
    /** The dashboards' history: traffic, the usage log, usage per day (see HistoryService). */
    HistoryService& history() { return m_history; }
    /** Runs the active health checks of these deployments (all when empty) now. */
    void checkHealthNow(const QStringList& deploymentIds = {});

signals:
    void started(quint16 port, const QStringList& baseUrls);
    void startFailed(const QString& error);
    void configApplied();
    void reloadFailed(const QString& error);
    void stopped();
    void requestsRecorded(const QList<sy::RequestRecord>& records);
    /** About once a second while serving, and once more on stop. */
    void snapshotTaken(sy::GatewaySnapshotPtr snapshot);
    void serverWanted(const QString& name);
    void serverCommandRequested(const QString& name, sy::ServerCommand command);
    void serversUsed(const QStringList& names);
    /** The admin API asked to reload the config file (POST /config/reload). */
    void configReloadRequested();

protected:
    /** Records cross from the gateway only while somebody listens (the tray's dashboard):
        headless, nobody does, and the gateway then copies none. */
    void connectNotify(const QMetaMethod& signal) override;
    void disconnectNotify(const QMetaMethod& signal) override;

private:
    void lookAtListeners();
    void forwardRecords(bool wanted);

    QThread m_thread;
    Gateway* m_gateway;
    KeyService m_keys; ///< destroyed after the destructor stopped the gateway thread
    HistoryService m_history; ///< likewise
    QMetaObject::Connection m_recordsForward;
    std::atomic_bool m_lookPending = false; ///< connect() may run on any thread
};

} // namespace sy
