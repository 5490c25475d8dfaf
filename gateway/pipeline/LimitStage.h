#pragma once

#include "gateway/pipeline/StageResult.h"

#include <functional>
#include <memory>

namespace sy {

struct RequestContext;
class KeyManager;

/**
 * Admission control before any backend is chosen: the gateway-wide cap on requests in flight
 * (general_settings.max_parallel_requests), then a virtual key's rules: allowed models, budget,
 * RPM, TPM and parallel requests. A request over a limit gets 429 with Retry-After at once
 * instead of piling up behind the others; over its budget, LiteLLM's 400 budget_exceeded.
 *
 * A key's counters are this instance's; with Redis configured they are also checked and counted
 * there, atomically for all instances, which takes one round trip: admit() then answers when
 * Redis does, or at the client's command timeout (then the local counters decide alone).
 */
class LimitStage
{
public:
    LimitStage();

    void setKeys(KeyManager* keys) { m_keys = keys; }

    using Done = std::function<void(const StageResult&)>;
    /**
     * Decides, now or after Redis answers, and calls @p done with the verdict; never once
     * @p alive expired (the request is gone: whatever was counted is undone here).
     */
    void admit(RequestContext& ctx, std::weak_ptr<bool> alive, Done done);
    /** The same without shared counters: the verdict at once. */
    StageResult process(RequestContext& ctx);
    /** Every admitted request must be released exactly once. */
    void release(RequestContext& ctx);
    int inFlight() const { return m_inFlight; }

private:
    StageResult admitLocally(RequestContext& ctx);
    void undo(RequestContext& ctx);

    KeyManager* m_keys = nullptr;
    int m_inFlight = 0;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true); ///< for Redis callbacks that outlive us
};

} // namespace sy
