#pragma once

#include "gateway/upstream/IUpstreamClient.h"
#include "gateway/upstream/UpstreamClientOptions.h"

#include <QObject>

#include <memory>

namespace sy {

class ConnectionPool;

/**
 * IUpstreamClient on plain QTcpSocket/QSslSocket with a keep-alive pool. Not
 * QNetworkAccessManager: that caps six connections per host, runs HTTP on a separate thread
 * (a hop of latency each way) and buffers in ways that delay SSE events. Lives on the gateway
 * thread and never blocks it. Calls should be destroyed before the client; any that survive it
 * go quiet.
 */
class UpstreamClient : public QObject, public IUpstreamClient
{
    Q_OBJECT

public:
    explicit UpstreamClient(const UpstreamClientOptions& options = {}, QObject* parent = nullptr);
    ~UpstreamClient() override;

    std::unique_ptr<IUpstreamCall> start(const UpstreamRequest& request, IUpstreamHandler* handler) override;

    const UpstreamClientOptions& options() const;
    const UpstreamClientCounters& counters() const;

private:
    std::unique_ptr<ConnectionPool> m_pool;
};

} // namespace sy
