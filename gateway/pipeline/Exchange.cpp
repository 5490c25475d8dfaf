#include "gateway/pipeline/Exchange.h"

#include "gateway/dialects/DialectAdapter.h"
#include "gateway/dialects/DialectRegistry.h"
#include "gateway/discovery/ModelDiscovery.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/metrics/GatewayMetrics.h"
#include "gateway/pipeline/AccountStage.h"
#include "gateway/pipeline/AuthStage.h"
#include "gateway/pipeline/ConversationStage.h"
#include "gateway/pipeline/ForwardStage.h"
#include "gateway/pipeline/LimitStage.h"
#include "gateway/pipeline/ParseStage.h"
#include "gateway/pipeline/RelayStage.h"
#include "gateway/pipeline/RouteStage.h"
#include "gateway/routing/FailoverPolicy.h"

using namespace Qt::StringLiterals;

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
    endUpstream(false);
    if (m_admitted)
        m_stages.limit.release(m_ctx);
}

void Exchange::start()
{
    // Who is asking comes before reading what they ask: an unauthenticated body is never parsed.
    StageResult result = m_stages.auth.process(m_ctx);
    if (result.isNext())
        result = m_stages.parse.process(m_ctx);
    if (!result.isNext()) {
        respondError(result.error());
        return;
    }
    m_encoder = DialectRegistry::adapter(m_ctx.dialect).encoder(m_ctx.endpoint, m_ctx.answerContext());
    m_hooks = std::make_unique<ExchangeHooks>(
        m_stages.hooks, m_ctx, *m_channel, m_encoder.get(), [this](const std::optional<ApiError>& e) {
            onHooksDelivered(e);
        });
    // A stored conversation the request continues is read on the storage thread (issue 13).
    m_stages.conversation.recall(m_ctx, m_alive, [this](const StageResult& recalled) { onRecalled(recalled); });
}

void Exchange::onRecalled(const StageResult& recalled)
{
    if (m_finished)
        return;
    if (!recalled.isNext()) {
        respondError(recalled.error());
        return;
    }
    // Guardrails on the prompt before limits (issue #16): a blocked prompt costs no limit.
    m_hooks->checkInput([this](const StageResult& checked) {
        if (m_finished)
            return;
        if (!checked.isNext()) {
            respondError(checked.error());
            return;
        }
        // Limits shared through Redis answer after one round trip; local ones at once (issue #5).
        m_stages.limit.admit(m_ctx, m_alive, [this](const StageResult& admitted) { onAdmission(admitted); });
    });
}

void Exchange::onAdmission(const StageResult& admitted)
{
    if (m_finished) {
        // The client left while Redis was asked: undo what was counted.
        if (admitted.isNext())
            m_stages.limit.release(m_ctx);
        return;
    }
    if (!admitted.isNext()) {
        respondError(admitted.error());
        return;
    }
    m_admitted = true;
    m_stages.metrics.requestStarted(m_ctx.model);
    // A cached answer is served without touching a backend (issue #16).
    m_hooks->lookup([this] {
        if (!m_finished)
            attempt();
    });
}

void Exchange::onHooksDelivered(const std::optional<ApiError>& error)
{
    if (m_finished)
        return;
    if (error)
        respondError(*error);
    else
        finish();
}

void Exchange::onRelayHeld()
{
    endUpstream(true);
    m_hooks->releaseHeld();
}

void Exchange::attempt()
{
    const RouteDecision decision = m_stages.route.route(m_ctx);
    switch (decision.kind) {
    case RouteDecision::Kind::Dispatch:
        dispatch();
        return;
    case RouteDecision::Kind::Wait:
        waitForDeployment(decision);
        return;
    case RouteDecision::Kind::Reject:
        break;
    }
    const ApiError& error = *decision.error;
    ModelDiscovery* discovery = m_stages.discovery;
    if (error.code == "model_not_found" && discovery && discovery->hasWildcards() && !m_discoveryAsked) {
        // Maybe a backend loaded this model since the last poll (LM Studio loads on demand).
        m_discoveryAsked = true;
        std::weak_ptr<bool> alive = m_alive;
        discovery->refreshNow(2000, [this, alive](std::shared_ptr<const GatewayConfig> config) {
            if (alive.expired() || m_finished)
                return;
            // ctx.deployment may still point into the old config (an earlier attempt's): keep it alive.
            m_retiredConfig = std::exchange(m_ctx.config, std::move(config));
            attempt();
        });
        return;
    }
    onNoDeployment(error);
}

void Exchange::dispatch()
{
    const DialectAdapter& client = DialectRegistry::adapter(m_ctx.dialect);
    if (const std::optional<QByteArray> local = client.localAnswer(m_ctx.endpoint, *m_ctx.body, *m_ctx.deployment)) {
        respondLocally(*local);
        return;
    }
    ApiError invalid;
    const std::optional<UpstreamRequest> request = ForwardStage::buildRequest(m_ctx, &invalid);
    if (!request) {
        // The request cannot be said in this deployment's dialect: the client's to fix.
        m_stages.route.release(m_ctx);
        respondError(invalid);
        return;
    }
    ++m_ctx.attempts;
    m_ctx.attemptStartMs = m_ctx.elapsedMs();
    m_ctx.upstreamEndMs = -1;
    m_relay = std::make_unique<RelayStage>(m_ctx, *m_channel, static_cast<IRelayListener&>(*this), m_encoder.get());
    m_relay->setTap(m_hooks->newTap());
    m_upstreamActive = true;
    m_stages.metrics.upstreamStarted(*m_ctx.deployment);
    m_call = m_stages.forward.forward(m_ctx, *request, this);
    m_relay->setUpstreamCall(m_call.get());
    const qint64 keepAliveMs = m_ctx.config->streamKeepAlive.count();
    if (m_ctx.stream && m_ctx.wire != m_ctx.dialect && m_encoder && keepAliveMs > 0
        && !(m_keepAlive && m_keepAlive->isActive()) && !m_encoder->keepAlive().isEmpty()) {
        if (!m_keepAlive) {
            m_keepAlive = std::make_unique<QTimer>();
            m_keepAlive->callOnTimeout(m_keepAlive.get(), [this] { keepAlive(); });
        }
        m_keepAlive->start(int(keepAliveMs));
    }
}

void Exchange::respondLocally(const QByteArray& body)
{
    m_stages.route.release(m_ctx);
    m_ctx.status = 200;
    m_ctx.bytesOut += body.size();
    m_ctx.usage = TokenUsage{}; // counting tokens generates none
    m_channel->send(200, RelayStage::clientHeaders(m_ctx, "application/json", false, m_ctx.elapsedMs()), body);
    finish();
}

void Exchange::keepAlive()
{
    if (m_finished || m_ctx.contentStarted) {
        m_keepAlive->stop(); // once content flows, the backend's own pace keeps the stream alive
        return;
    }
    const qint64 now = m_ctx.elapsedMs();
    if (m_ctx.lastClientWriteMs >= 0 && now - m_ctx.lastClientWriteMs < m_keepAlive->interval())
        return;
    QByteArray bytes;
    if (!m_channel->hasStarted()) {
        // Commit the stream: clients and proxies with idle timeouts need bytes, not silence.
        m_channel->beginStream(200, RelayStage::clientHeaders(m_ctx, m_encoder->streamContentType(), true, now));
        bytes = m_encoder->begin();
    }
    bytes += m_encoder->keepAlive();
    m_channel->streamData(bytes);
    m_ctx.bytesOut += bytes.size();
    m_ctx.lastClientWriteMs = now;
}

void Exchange::waitForDeployment(const RouteDecision& decision)
{
    const RoutingSettings& routing = m_ctx.config->routing;
    const ApiError& ifFull = *decision.error;
    // Waiting for a managed server to start ends with the router's own explanation.
    const bool forServer = decision.waitTimeoutMs > 0;
    const qint64 timeoutMs = forServer ? decision.waitTimeoutMs : routing.queueTimeout.count();
    std::optional<ApiError> onExpiry;
    if (forServer) {
        onExpiry = ifFull;
        onExpiry->message = u"Waited %1 s: "_s.arg(timeoutMs / 1000.0) + onExpiry->message;
    }
    m_waitTicket = m_stages.route.queue().enqueue(
        routing.queueSize,
        timeoutMs,
        [this] { return retryFromQueue(); },
        [this, onExpiry] {
            m_waitTicket.reset();
            if (onExpiry) {
                onNoDeployment(*onExpiry);
                return;
            }
            onNoDeployment(ApiError::tooManyRequests(
                u"Waited %1 s for a free deployment of model `%2`; every one is still at its limit. Retry shortly."_s
                    .arg(m_ctx.config->routing.queueTimeout.count() / 1000.0)
                    .arg(m_ctx.routedGroup),
                1,
                "queue_timeout"));
        });
    if (!m_waitTicket) {
        ApiError full = ifFull;
        full.message
            += u" The queue of waiting requests (router_settings.queue_size = %1) is full."_s.arg(routing.queueSize);
        onNoDeployment(full);
    }
}

bool Exchange::retryFromQueue()
{
    const RouteDecision decision = m_stages.route.route(m_ctx);
    if (decision.kind == RouteDecision::Kind::Wait)
        return false; // still saturated: keep the place in the queue
    // Leaving the queue now; the ticket is spent.
    std::unique_ptr<WaitQueue::Ticket> spent = std::move(m_waitTicket);
    Q_UNUSED(spent);
    if (decision.kind == RouteDecision::Kind::Dispatch)
        dispatch();
    else
        onNoDeployment(*decision.error);
    return true;
}

void Exchange::onNoDeployment(const ApiError& error)
{
    // No attempt could be made in this group (unknown, saturated, every prompt too long): its
    // fallbacks may still serve. A model the client asked for that does not exist does not fall
    // back (the client named a wrong one); a fallback group that does not exist is skipped.
    const bool unknown = error.code == "model_not_found" || error.code == "provider_not_supported";
    if ((!unknown || !m_ctx.fallbacksUsed.isEmpty()) && fallBack(error))
        return;
    respondError(error);
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

void Exchange::onRelayFinished(const std::optional<ApiError>& brokenBy)
{
    endUpstream(m_ctx.status < 400 && !brokenBy);
    // Handed to the storage thread before this returns, so the client's next request, which
    // may continue this conversation, finds it there.
    if (!brokenBy && m_ctx.status < 400)
        m_stages.conversation.keep(m_ctx);
    // A stream the backend broke after it started counts against it, as a failure before would:
    // a backend that cuts every stream is cooled down like one that refuses them.
    if (brokenBy)
        m_stages.route.reportFailure(m_ctx, *brokenBy);
    else
        m_hooks->answered();
    finish();
}

void Exchange::onClientDrained()
{
    if (m_relay)
        m_relay->onClientDrained();
}

void Exchange::onRelayFailed(const ApiError& error, bool retryable)
{
    endUpstream(false);
    const bool backendFault = m_stages.route.reportFailure(m_ctx, error);
    recover(error, retryable && backendFault);
}

void Exchange::recover(const ApiError& error, bool backendFault)
{
    if (backendFault && m_ctx.retriesInGroup < m_ctx.config->routing.numRetries) {
        ++m_ctx.retriesInGroup;
        if (m_stages.route.hasUntriedDeployment(m_ctx)) {
            attemptSoon(0); // somewhere new to go: at once
            return;
        }
        // Only deployments already tried are left. Wait a moment for a restarting server, but not
        // out a long Retry-After: the fallbacks (or the error) serve the client better.
        if (m_stages.route.cooldownLeftMs(m_ctx) <= FailoverPolicy::kMaxRetryWaitMs) {
            attemptSoon(FailoverPolicy::sameDeploymentDelayMs(m_ctx.retriesInGroup));
            return;
        }
    }
    if ((backendFault || FailoverPolicy::isContextWindowError(error)) && fallBack(error))
        return;
    respondError(error);
}

bool Exchange::fallBack(const ApiError& error)
{
    // Fallbacks are the requested group's (after aliases), as LiteLLM has them; a fallback group's
    // own fallbacks are not followed, so chains cannot loop. The first failure picks the list:
    // context_window_fallbacks for a prompt too long, the others otherwise.
    const QString origin = m_ctx.config->routing.modelGroupAlias.value(m_ctx.model, m_ctx.model);
    if (!m_fallbackChain) {
        m_fallbackChain
            = FailoverPolicy::fallbacksFor(m_ctx.config->routing, origin, FailoverPolicy::isContextWindowError(error));
    }
    for (const QString& group : std::as_const(*m_fallbackChain)) {
        if (group == origin || m_ctx.fallbacksUsed.contains(group))
            continue;
        m_ctx.fallbacksUsed.append(group);
        m_ctx.routedGroup = group;
        m_ctx.triedDeployments.clear();
        m_ctx.retriesInGroup = 0;
        attemptSoon(0);
        return true;
    }
    return false;
}

void Exchange::attemptSoon(qint64 delayMs)
{
    // Never from inside the failed attempt's callbacks: the next attempt replaces its call and
    // relay, which are still on the stack.
    if (!m_retryTimer) {
        m_retryTimer = std::make_unique<QTimer>();
        m_retryTimer->setSingleShot(true);
        m_retryTimer->callOnTimeout(m_retryTimer.get(), [this] { attempt(); });
    }
    m_retryTimer->start(int(delayMs));
}

void Exchange::onClientGone()
{
    if (m_finished)
        return;
    // Nobody will read the answer: stop the backend's work now, and bill what was delivered.
    if (m_relay && m_upstreamActive)
        m_relay->publishUsage();
    m_call.reset();
    m_ctx.status = 499;
    m_ctx.errorCode = "client_closed_request";
    m_ctx.errorMessage = u"The client closed the connection before the response was complete."_s;
    endUpstream(false);
    finish();
}

void Exchange::endUpstream(bool succeeded)
{
    if (!m_upstreamActive)
        return;
    m_upstreamActive = false;
    m_ctx.upstreamEndMs = m_ctx.elapsedMs();
    m_stages.route.release(m_ctx);
    m_stages.metrics.upstreamEnded(*m_ctx.deployment);
    if (succeeded)
        m_stages.route.reportSuccess(m_ctx);
}

void Exchange::respondError(const ApiError& error)
{
    m_ctx.status = error.status;
    m_ctx.errorCode = error.code;
    m_ctx.errorMessage = error.message;
    if (m_channel->hasStarted()) {
        // The stream was committed by keep-alive events: the error can only be an event in it.
        const QByteArray event = RelayStage::brokenStreamEvent(m_encoder.get(), error);
        m_ctx.bytesOut += event.size();
        m_channel->streamData(event);
        m_channel->abortStream();
    } else {
        m_ctx.bytesOut += error.toJson().size();
        m_channel->sendError(error);
    }
    finish();
}

void Exchange::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_waitTicket.reset();
    if (m_retryTimer)
        m_retryTimer->stop();
    if (m_keepAlive)
        m_keepAlive->stop();
    if (m_admitted) {
        m_stages.limit.release(m_ctx);
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
