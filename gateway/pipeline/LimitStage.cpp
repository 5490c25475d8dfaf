#include "gateway/pipeline/LimitStage.h"

#include "gateway/keys/KeyManager.h"
#include "gateway/pipeline/RequestContext.h"
#include "gateway/redis/SharedLimits.h"

using namespace Qt::StringLiterals;

namespace sy {

LimitStage::LimitStage() = default;

StageResult LimitStage::admitLocally(RequestContext& ctx)
{
    const int limit = ctx.config->maxParallelRequests;
    if (limit > 0 && m_inFlight >= limit) {
        return StageResult::reject(ApiError::tooManyRequests(
            u"The gateway is answering its limit of %1 requests at once (general_settings.max_parallel_requests); "
            u"retry shortly."_s.arg(limit),
            1,
            "max_parallel_requests_exceeded"));
    }
    KeyEntry* key = ctx.principal.key.get();
    if (key && m_keys) {
        const QString aliasTarget = ctx.config->routing.modelGroupAlias.value(ctx.model);
        if (std::optional<ApiError> error = m_keys->limiter().checkPolicy(*key, ctx.model, aliasTarget))
            return StageResult::reject(*error);
        if (std::optional<ApiError> error = m_keys->limiter().admit(*key))
            return StageResult::reject(*error);
        ctx.limits.key = true;
    }
    ++m_inFlight;
    ctx.limits.global = true;
    return StageResult::next();
}

StageResult LimitStage::process(RequestContext& ctx)
{
    return admitLocally(ctx);
}

void LimitStage::admit(RequestContext& ctx, std::weak_ptr<bool> alive, Done done)
{
    const StageResult local = admitLocally(ctx);
    SharedLimits* shared = m_keys ? m_keys->shared() : nullptr;
    const std::shared_ptr<KeyEntry> entry = ctx.principal.key;
    if (!local.isNext() || !entry || !shared || !shared->isAvailable() || !SharedLimits::applies(entry->key)) {
        done(local);
        return;
    }
    // Every instance's count, in one atomic step in Redis. The request's id names its parallel slot.
    const QByteArray lease = m_keys->instanceId() + ':' + QByteArray::number(ctx.id);
    const int windowRetry = m_keys->limiter().secondsToNextWindow();
    std::weak_ptr<bool> self = m_alive;
    shared->admit(
        entry->key,
        lease,
        [this, self, alive, entry, lease, windowRetry, &ctx, done = std::move(done)](SharedLimits::Verdict verdict) {
            if (self.expired())
                return; // the gateway is being torn down
            if (alive.expired()) {
                // The request went away meanwhile; its context is gone, undo from here.
                if (verdict == SharedLimits::Verdict::Admitted)
                    m_keys->shared()->release(entry->key, lease);
                m_keys->limiter().unadmit(*entry);
                --m_inFlight;
                return;
            }
            switch (verdict) {
            case SharedLimits::Verdict::Admitted:
                ctx.limits.shared = true;
                done(StageResult::next());
                return;
            case SharedLimits::Verdict::Unavailable:
                done(StageResult::next()); // decided by this instance's counters
                return;
            case SharedLimits::Verdict::RpmExceeded:
                undo(ctx);
                done(StageResult::reject(KeyLimiter::rpmExceeded(*entry, windowRetry)));
                return;
            case SharedLimits::Verdict::TpmExceeded:
                undo(ctx);
                done(StageResult::reject(KeyLimiter::tpmExceeded(*entry, windowRetry)));
                return;
            case SharedLimits::Verdict::ParallelExceeded:
                undo(ctx);
                done(StageResult::reject(KeyLimiter::parallelExceeded(*entry)));
                return;
            }
        });
}

void LimitStage::undo(RequestContext& ctx)
{
    if (ctx.limits.key && ctx.principal.key)
        m_keys->limiter().unadmit(*ctx.principal.key);
    if (ctx.limits.global)
        --m_inFlight;
    ctx.limits = {};
}

void LimitStage::release(RequestContext& ctx)
{
    if (ctx.limits.key && ctx.principal.key)
        m_keys->limiter().release(*ctx.principal.key);
    if (ctx.limits.shared && ctx.principal.key && m_keys->shared())
        m_keys->shared()->release(ctx.principal.key->key, m_keys->instanceId() + ':' + QByteArray::number(ctx.id));
    if (ctx.limits.global) {
        Q_ASSERT(m_inFlight > 0);
        --m_inFlight;
    }
    ctx.limits = {};
}

} // namespace sy
