#include "gateway/pipeline/ForwardStage.h"

#include "gateway/http/HeaderNames.h"
#include "gateway/pipeline/RequestContext.h"

#include <algorithm>

namespace sy {

namespace {

constexpr std::chrono::milliseconds kMaxConnectTimeout{10'000};

} // namespace

ForwardStage::ForwardStage(IUpstreamClient& client)
    : m_client(client)
{ }

QByteArray ForwardStage::rewriteBody(const RequestContext& ctx)
{
    const JsonBody& body = *ctx.body;
    const Deployment& d = *ctx.deployment;
    QByteArray out = body.bytes();
    // A pass-through template (model_name "*") sends the name the client asked for.
    const QString model = d.modelFor(ctx.routedGroup);
    if (model != ctx.model)
        out = body.withMember("model", JsonBody::quoted(model));
    if (!d.defaultParams.isEmpty()) {
        // litellm_params such as temperature are defaults: the client's own values win.
        out = JsonBody::parse(out, nullptr)->withMissingMembers(d.defaultParams);
    }
    if (!ctx.stream || ctx.clientWantsUsage)
        return out;
    // Ask for usage even when the client did not; edits keep the rest of the body as it was.
    const std::optional<JsonBody> rewritten = JsonBody::parse(out, nullptr);
    const std::optional<JsonBody> options = rewritten->object("stream_options");
    const QByteArray usageOn
        = options ? options->withMember("include_usage", "true") : QByteArray("{\"include_usage\":true}");
    return rewritten->withMember("stream_options", usageOn);
}

UpstreamRequest ForwardStage::buildRequest(const RequestContext& ctx)
{
    const Deployment& d = *ctx.deployment;
    UpstreamRequest request;
    request.origin = d.origin;
    request.method = "POST";
    request.target = d.basePath + upstreamPath(ctx.endpoint) + d.query;
    request.body = rewriteBody(ctx);
    request.headers.reserve(4);
    request.headers.addShared(Headers::kContentType, Headers::kApplicationJson);
    request.headers.addShared(Headers::kAccept, ctx.stream ? Headers::kEventStream : Headers::kApplicationJson);
    request.headers.addShared(Headers::kUserAgent, Headers::kUserAgentValue);
    for (const auto& [name, value] : d.authHeaders)
        request.headers.add(name, value);

    UpstreamTimeouts& t = request.timeouts;
    const std::chrono::milliseconds limit = ctx.stream ? d.streamTimeout : d.timeout;
    t.connect = std::min(kMaxConnectTimeout, limit);
    t.firstByte = limit;
    if (ctx.stream) {
        t.idle = limit; // a stream may run long, but must not go silent
        t.total = std::chrono::milliseconds(0);
    } else {
        t.idle = std::chrono::milliseconds(0);
        t.total = limit;
    }
    return request;
}

std::unique_ptr<IUpstreamCall> ForwardStage::forward(RequestContext& ctx, IUpstreamHandler* handler)
{
    ctx.upstreamStartMs = ctx.elapsedMs();
    return m_client.start(buildRequest(ctx), handler);
}

} // namespace sy
