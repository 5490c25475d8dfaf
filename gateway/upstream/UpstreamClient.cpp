#include "gateway/upstream/UpstreamClient.h"

#include "gateway/upstream/ConnectionPool.h"
#include "gateway/upstream/UpstreamCall.h"

namespace sy {

UpstreamClient::UpstreamClient(const UpstreamClientOptions& options, QObject* parent)
    : QObject(parent)
    , m_pool(std::make_unique<ConnectionPool>(options))
{ }

UpstreamClient::~UpstreamClient() = default;

std::unique_ptr<IUpstreamCall> UpstreamClient::start(const UpstreamRequest& request, IUpstreamHandler* handler)
{
    auto call = std::make_unique<UpstreamCall>(m_pool.get(), request, handler);
    call->begin();
    return call;
}

const UpstreamClientOptions& UpstreamClient::options() const
{
    return m_pool->options();
}

const UpstreamClientCounters& UpstreamClient::counters() const
{
    return m_pool->counters();
}

} // namespace sy
