#include "gateway/pipeline/Exchange.h"

#include "gateway/discovery/ModelDiscovery.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/metrics/GatewayMetrics.h"
#include "gateway/pipeline/AccountStage.h"
#include "gateway/pipeline/AuthStage.h"
#include "gateway/pipeline/ForwardStage.h"
#include "gateway/pipeline/LimitStage.h"
#include "gateway/pipeline/ParseStage.h"
#include "gateway/pipeline/RelayStage.h"
#include "gateway/pipeline/RouteStage.h"

namespace sy {

Exchange::Exchange(PipelineStages& stages,
                   RequestContext ctx,
                   std::unique_ptr<ResponseChannel> channel,
                   std::function<void(Exchange*)> done)
    : m_stages(stages)
    , m_done(std::move(done))
    , m_ctx(std::move(ctx))
    , m_channel(std::move(channel))
{
    m_channel->setListener(this);
}

Exchange::~Exchange()
{
    // Normally finish() ran; this covers shutdown with requests still under way.
    m_call.reset();
    endUpstream();
    if (m_admitted)
        m_stages.limit.release();
}

void Exchange::start()
{
    StageResult result = m_stages.parse.process(m_ctx);
    if (result.isNext())
        result = m_stages.auth.process(m_ctx);
    if (result.isNext()) {
        result = m_stages.limit.process(m_ctx);
        m_admitted = result.isNext();
    }
    if (!result.isNext()) {
        respondError(result.error());
        return;
    }
    m_stages.metrics.requestStarted(m_ctx.model);
    routeAndForward();
}

void Exchange::routeAndForward()
{
    const StageResult routed = m_stages.route.process(m_ctx);
    if (!routed.isNext()) {
        ModelDiscovery* discovery = m_stages.discovery;
        if (routed.error().code == "model_not_found" && discovery && discovery->hasWildcards() && !m_discoveryAsked) {
            // Maybe a backend loaded this model since the last poll (LM Studio loads on demand).
            m_discoveryAsked = true;
            std::weak_ptr<bool> alive = m_alive;
            discovery->refreshNow(2000, [this, alive](std::shared_ptr<const GatewayConfig> config) {
                if (alive.expired() || m_finished)
                    return;
                m_ctx.config = std::move(config);
                routeAndForward();
            });
            return;
        }
        respondError(routed.error());
        return;
    }
    m_relay = std::make_unique<RelayStage>(m_ctx, *m_channel, static_cast<IRelayListener&>(*this));
    m_upstreamActive = true;
    m_stages.metrics.upstreamStarted(*m_ctx.deployment);
    m_call = m_stages.forward.forward(m_ctx, this);
    m_relay->setUpstreamCall(m_call.get());
}

void Exchange::onResponseHead(int status, const HttpHeaders& headers)
{
    m_relay->onHead(status, headers);
}

void Exchange::onResponseData(const QByteArray& data)
{
    m_relay->onData(data);
}

void Exchange::onResponseEnd()
{
    m_relay->onEnd();
}

void Exchange::onUpstreamError(const UpstreamError& error)
{
    m_relay->onError(error);
}

void Exchange::onRelayFinished()
{
    endUpstream();
    finish();
}

void Exchange::onClientDrained()
{
    if (m_relay)
        m_relay->onClientDrained();
}

void Exchange::onRelayFailed(const ApiError& error, bool retryable)
{
    Q_UNUSED(retryable); // retries to another deployment come with the routing work
    endUpstream();
    respondError(error);
}

void Exchange::onClientGone()
{
    if (m_finished)
        return;
    // Nobody will read the answer: stop the backend's work now.
    m_call.reset();
    m_ctx.status = 499;
    m_ctx.errorCode = "client_closed_request";
    endUpstream();
    finish();
}

void Exchange::endUpstream()
{
    if (!m_upstreamActive)
        return;
    m_upstreamActive = false;
    m_ctx.upstreamEndMs = m_ctx.elapsedMs();
    m_stages.route.release(m_ctx);
    m_stages.metrics.upstreamEnded(*m_ctx.deployment);
}

void Exchange::respondError(const ApiError& error)
{
    m_ctx.status = error.status;
    m_ctx.errorCode = error.code;
    const QByteArray body = error.toJson();
    m_ctx.bytesOut += body.size();
    m_channel->sendError(error);
    finish();
}

void Exchange::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_admitted) {
        m_stages.limit.release();
        m_admitted = false;
        m_stages.metrics.requestEnded(m_ctx.model);
    }
    m_done(this);
}

void Exchange::account()
{
    m_stages.account.account(m_ctx);
}

} // namespace sy
