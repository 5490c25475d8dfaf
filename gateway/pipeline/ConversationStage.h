#pragma once

#include "gateway/pipeline/StageResult.h"

#include <functional>
#include <memory>

namespace sy {

struct RequestContext;
class KeyManager;
class StorageService;

/**
 * Stored conversations, for the dialects that have them (OpenAI's Responses API:
 * previous_response_id, store, item_reference). Before routing, recall() reads the stored
 * conversation a request continues on the storage thread and rewrites the request to carry it
 * whole, so a native backend and a translation see the same thing; the exchange waits for it
 * as it waits for Redis in LimitStage, never blocking the gateway thread. After a complete
 * answer, keep() hands it and its conversation to the storage thread and returns at once.
 *
 * Rows belong to the key that made them and expire after gateway.responses_retention.
 */
class ConversationStage
{
public:
    /** The key manager owns the storage thread, which it starts once the gateway runs. */
    void setKeys(KeyManager* keys) { m_keys = keys; }

    using Done = std::function<void(const StageResult&)>;
    /** Calls @p done with the verdict, now or once the storage thread answered; never after
        @p alive expired. */
    void recall(RequestContext& ctx, std::weak_ptr<bool> alive, Done done);
    /** Stores the finished answer in ctx.finalAnswer when the request asked for it. */
    void keep(const RequestContext& ctx);

private:
    StorageService* storage() const;
    bool available() const;
    void purgeNow(qint64 nowMs);

    KeyManager* m_keys = nullptr;
    qint64 m_lastPurgeMs = 0;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace sy
