#pragma once

#include "gateway/pipeline/AdminHandler.h"

namespace sy {

class ResponseCache;

/**
 * LiteLLM's cache endpoints (issue #16), master key only:
 *   GET  /cache/ping       is the cache working? (a write and a read back for Redis)
 *   POST /cache/flushall   removes every cached answer (only the cache's keys: a Redis shared
 *                          with the limits keeps those)
 *   POST /cache/delete     {"keys": [...]}: the answers under these x-litellm-cache-key values
 */
class CacheAdminApi : public IAdminHandler
{
public:
    explicit CacheAdminApi(ResponseCache& cache);

    bool handles(QByteArrayView path) const override;
    void handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel) override;

private:
    void ping(std::unique_ptr<ResponseChannel> channel);
    void flush(std::unique_ptr<ResponseChannel> channel);
    void remove(const RequestContext& ctx, std::unique_ptr<ResponseChannel> channel);

    ResponseCache& m_cache;
};

} // namespace sy
