#include "gateway/GatewayHost.h"

#include "gateway/Gateway.h"
#include "gateway/core/IoEventDispatcher.h"

#include <QAbstractEventDispatcher>
#include <QMetaMethod>

using namespace Qt::StringLiterals;

namespace sy {

GatewayHost::GatewayHost(QObject* parent)
    : QObject(parent)
    , m_gateway(new Gateway)
    , m_keys(m_gateway)
    , m_history(m_gateway)
{
    qRegisterMetaType<sy::RequestRecord>();
    qRegisterMetaType<QList<sy::RequestRecord>>();
    qRegisterMetaType<sy::GatewaySnapshotPtr>();
    qRegisterMetaType<sy::ServerStatusList>();
    qRegisterMetaType<sy::ServerCommand>();
    m_thread.setObjectName(u"gateway"_s);
    if (QAbstractEventDispatcher* dispatcher = createIoEventDispatcher())
        m_thread.setEventDispatcher(dispatcher);
    m_gateway->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_gateway, &QObject::deleteLater);
    connect(m_gateway, &Gateway::started, this, &GatewayHost::started);
    connect(m_gateway, &Gateway::startFailed, this, &GatewayHost::startFailed);
    connect(m_gateway, &Gateway::configApplied, this, &GatewayHost::configApplied);
    connect(m_gateway, &Gateway::reloadFailed, this, &GatewayHost::reloadFailed);
    connect(m_gateway, &Gateway::stopped, this, &GatewayHost::stopped);
    connect(m_gateway, &Gateway::snapshotTaken, this, &GatewayHost::snapshotTaken);
    connect(m_gateway, &Gateway::serverWanted, this, &GatewayHost::serverWanted);
    connect(m_gateway, &Gateway::serverCommandRequested, this, &GatewayHost::serverCommandRequested);
    connect(m_gateway, &Gateway::serversUsed, this, &GatewayHost::serversUsed);
    connect(m_gateway, &Gateway::configReloadRequested, this, &GatewayHost::configReloadRequested);
    connect(m_gateway, &Gateway::keysChanged, &m_keys, &KeyService::keysChanged);
    m_thread.start();
}

GatewayHost::~GatewayHost()
{
    m_thread.quit();
    m_thread.wait();
}

// Qt calls these with its own connection locks held, sometimes the very lock this object's
// signals use: calling isSignalConnected() or connect() from here can deadlock the thread
// (it did, in TestUsageNumbers). They only ask for a look from the event loop.
void GatewayHost::connectNotify(const QMetaMethod& signal)
{
    if (signal == QMetaMethod::fromSignal(&GatewayHost::requestsRecorded))
        lookAtListeners();
}

void GatewayHost::disconnectNotify(const QMetaMethod& signal)
{
    // An invalid method: disconnect() of everything.
    if (!signal.isValid() || signal == QMetaMethod::fromSignal(&GatewayHost::requestsRecorded))
        lookAtListeners();
}

void GatewayHost::lookAtListeners()
{
    if (m_lookPending.exchange(true))
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_lookPending = false;
            forwardRecords(isSignalConnected(QMetaMethod::fromSignal(&GatewayHost::requestsRecorded)));
        },
        Qt::QueuedConnection);
}

void GatewayHost::forwardRecords(bool wanted)
{
    if (wanted && !m_recordsForward)
        m_recordsForward = connect(m_gateway, &Gateway::requestsRecorded, this, &GatewayHost::requestsRecorded);
    else if (!wanted && m_recordsForward)
        disconnect(std::exchange(m_recordsForward, {}));
}

void GatewayHost::start(std::shared_ptr<const GatewayConfig> config)
{
    QMetaObject::invokeMethod(
        m_gateway, [g = m_gateway, config] { g->start(config); }, Qt::QueuedConnection);
}

void GatewayHost::applyConfig(std::shared_ptr<const GatewayConfig> config)
{
    QMetaObject::invokeMethod(
        m_gateway, [g = m_gateway, config] { g->applyConfig(config); }, Qt::QueuedConnection);
}

void GatewayHost::stop(int drainMs)
{
    QMetaObject::invokeMethod(
        m_gateway, [g = m_gateway, drainMs] { g->stop(drainMs); }, Qt::QueuedConnection);
}

void GatewayHost::checkHealthNow(const QStringList& deploymentIds)
{
    QMetaObject::invokeMethod(
        m_gateway, [g = m_gateway, deploymentIds] { g->checkHealthNow(deploymentIds); }, Qt::QueuedConnection);
}

void GatewayHost::setServerStatuses(const ServerStatusList& statuses)
{
    QMetaObject::invokeMethod(
        m_gateway, [g = m_gateway, statuses] { g->setServerStatuses(statuses); }, Qt::QueuedConnection);
}

} // namespace sy
