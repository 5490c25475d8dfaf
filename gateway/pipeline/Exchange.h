#pragma once

#include "gateway/dialects/IAnswerEncoder.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/pipeline/ExchangeHooks.h"
#include "gateway/pipeline/RelayStage.h"
#include "gateway/pipeline/RequestContext.h"
#include "gateway/pipeline/StageResult.h"
#include "gateway/routing/WaitQueue.h"
#include "gateway/upstream/IUpstreamClient.h"

#include <QTimer>

#include <functional>
#include <memory>

namespace sy {

struct RouteDecision;

class AccountStage;
class AuthStage;
class ConversationStage;
class ForwardStage;
class GatewayMetrics;
class LimitStage;
class ModelDiscovery;
class ParseStage;
class RouteStage;

/** The stages every exchange runs through, owned by the RequestPipeline. */
struct PipelineStages
{
    ParseStage& parse;
    AuthStage& auth;
    ConversationStage& conversation;
    LimitStage& limit;
    RouteStage& route;
    ForwardStage& forward;
    AccountStage& account;
    GatewayMetrics& metrics;
    ModelDiscovery* discovery; ///< may be null; asked again when a model is unknown
    ExchangeHooks::Services hooks = {}; ///< the response cache and guardrails (issue #16)
};

/**
 * One proxied request from arrival to its record: authenticate → parse (by the client's
 * dialect) → limit → route → forward → relay → account, answering in the client's dialect. It owns the request's
 * context, its way back to the client and its upstream call. When done it calls its done callback once; its owner
 * destroys it later, never from inside one of its own callbacks. If the client goes away, the upstream call is aborted
 * at once.
 *
 * Route → forward → relay may run several times: until a byte has reached the client, a failed
 * attempt is retried (router_settings.num_retries; on another deployment when there is one,
 * after a short pause on the same one otherwise), then moved to the fallback groups. The client
 * sees only the attempt that answered. A request that finds its group saturated waits in the
 * router's queue.
 *
 * A translated stream whose backend stays silent is kept open with the dialect's keep-alive
 * events (gateway.stream_keepalive), its head committed early; retries stay possible until
 * answer content went out, as the encoder lives across attempts.
 */
class Exchange : private IUpstreamHandler, private IResponseListener, private IRelayListener
{
public:
    Exchange(PipelineStages& stages,
             RequestContext ctx,
             std::unique_ptr<ResponseChannel> channel,
             std::function<void(Exchange*)> done);
    ~Exchange() override;
    Q_DISABLE_COPY_MOVE(Exchange)

    void start();
    /** Records the finished request (metrics, usage log). The owner calls it once, after done. */
    void account();
    const RequestContext& context() const { return m_ctx; }
    bool isFinished() const { return m_finished; }

private:
    void onResponseHead(int status, const HttpHeaders& headers) override;
    void onResponseData(const QByteArray& data) override;
    void onResponseEnd() override;
    void onUpstreamError(const UpstreamError& error) override;
    void onClientGone() override;
    void onClientDrained() override;
    void onRelayFinished(const std::optional<ApiError>& brokenBy) override;
    void onRelayFailed(const ApiError& error, bool retryable) override;
    void onRelayHeld() override;
    void onHooksDelivered(const std::optional<ApiError>& error);

    void attempt();
    void attemptSoon(qint64 delayMs);
    void dispatch();
    void waitForDeployment(const RouteDecision& decision);
    bool retryFromQueue();
    /** After a failed attempt: retry, fall back, or answer with @p error. */
    void recover(const ApiError& error, bool backendFault);
    bool fallBack(const ApiError& error);
    void onNoDeployment(const ApiError& error);
    void endUpstream(bool succeeded);
    void onRecalled(const StageResult& recalled);
    void onAdmission(const StageResult& admitted);
    void respondError(const ApiError& error);
    void respondLocally(const QByteArray& body);
    void keepAlive();
    void finish();

    PipelineStages& m_stages;
    std::function<void(Exchange*)> m_done;
    RequestContext m_ctx;
    std::unique_ptr<ResponseChannel> m_channel;
    std::unique_ptr<IAnswerEncoder> m_encoder; ///< the client's dialect's; null where none is needed
    std::unique_ptr<ExchangeHooks> m_hooks; ///< cache and guardrails (issue #16); made once parsed
    std::unique_ptr<RelayStage> m_relay;
    std::unique_ptr<IUpstreamCall> m_call; ///< declared last: destroyed first, so no callback outlives the rest
    std::unique_ptr<WaitQueue::Ticket> m_waitTicket; ///< set while waiting for a saturated group
    // Made when first needed: most requests need neither, and a QTimer per request cost more
    // to build and destroy than some stages' work.
    std::unique_ptr<QTimer> m_retryTimer; ///< a pause before retrying the same deployment
    std::unique_ptr<QTimer> m_keepAlive; ///< translated streams: keep-alive events while the client hears nothing
    std::optional<QStringList> m_fallbackChain; ///< chosen at the first fallback
    std::shared_ptr<const GatewayConfig> m_retiredConfig; ///< replaced by discovery; deployments may point into it
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true); ///< for callbacks that may outlive us
    bool m_admitted = false;
    bool m_discoveryAsked = false;
    bool m_upstreamActive = false;
    bool m_finished = false;
};

} // namespace sy
