#pragma once

#include "gateway/pipeline/AdminHandler.h"

namespace sy {

class KeyManager;

/**
 * LiteLLM's spend endpoints over the request log:
 *   GET /spend/logs   one LiteLLM_SpendLogs-shaped row per request, newest first; filters
 *                     api_key (a key or its token), request_id, start_date and end_date
 *                     (YYYY-MM-DD, UTC); with both dates and summarize (default true), one
 *                     total per day as LiteLLM does; limit (default 1000)
 *   GET /global/spend {"spend": total of the last 30 days, "max_budget": null}
 * Master key only; a virtual key may read /spend/logs of its own requests.
 */
class SpendApi final : public IAdminHandler
{
public:
    explicit SpendApi(KeyManager& keys);

    bool handles(QByteArrayView path) const override;
    void handle(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel) override;

private:
    void logs(RequestContext& ctx, std::unique_ptr<ResponseChannel> channel);
    void globalSpend(std::unique_ptr<ResponseChannel> channel);

    KeyManager& m_keys;
};

} // namespace sy
