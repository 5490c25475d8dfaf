#include "gateway/pipeline/ForwardStage.h"

#include "gateway/dialects/DialectAdapter.h"
#include "gateway/dialects/DialectRegistry.h"
#include "gateway/http/HeaderNames.h"
#include "gateway/pipeline/RequestContext.h"

#include <algorithm>

namespace sy {

namespace {

constexpr std::chrono::milliseconds kMaxConnectTimeout{10'000};

// litellm_params such as temperature are defaults for OpenAI-shaped requests: the client's own
// values win.
QByteArray withDefaults(const QByteArray& body, const Deployment& d)
{
    if (d.defaultParams.isEmpty())
        return body;
    const std::optional<JsonBody> json = JsonBody::parse(body, nullptr);
    return json ? json->withMissingMembers(d.defaultParams) : body;
}

ParsedRequest parsedOf(const RequestContext& ctx)
{
    return {ctx.model, ctx.stream, ctx.clientWantsUsage, ctx.user};
}

} // namespace

ForwardStage::ForwardStage(IUpstreamClient& client)
    : m_client(client)
{ }

std::optional<QByteArray> ForwardStage::bodyFor(RequestContext& ctx, ApiError* error)
{
    const Deployment& d = *ctx.deployment;
    const DialectAdapter& client = DialectRegistry::adapter(ctx.dialect);
    if (ctx.wire == ctx.dialect) {
        const QByteArray native = client.nativeBody(*ctx.body, d.modelFor(ctx.routedGroup), parsedOf(ctx));
        return ctx.wire == Dialect::OpenAi ? withDefaults(native, d) : native;
    }
    if (!ctx.openAiBody) {
        // Translated and parsed once per request; every attempt splices into the same bytes.
        const std::optional<QByteArray> translated = client.toOpenAi(ctx.endpoint, *ctx.body, parsedOf(ctx), error);
        if (!translated)
            return std::nullopt;
        ctx.openAiBody = JsonBody::parse(*translated, nullptr);
        if (!ctx.openAiBody) {
            *error = ApiError::badRequest(QStringLiteral("The request could not be translated for this backend."),
                                          "translation_failed");
            return std::nullopt;
        }
    }
    const JsonBody& json = *ctx.openAiBody;
    if (ctx.wire == Dialect::OpenAi)
        return json.withMembers({{QByteArrayLiteral("model"), JsonBody::quoted(d.modelFor(ctx.routedGroup))}},
                                d.defaultParams);
    const std::optional<JsonBody> withDefaultParams
        = d.defaultParams.isEmpty() ? json : JsonBody::parse(json.withMissingMembers(d.defaultParams), nullptr);
    return DialectRegistry::adapter(ctx.wire).fromOpenAi(
        ctx.operation, withDefaultParams.value_or(json), d.modelFor(ctx.routedGroup), error);
}

std::optional<UpstreamRequest> ForwardStage::buildRequest(RequestContext& ctx, ApiError* error)
{
    const Deployment& d = *ctx.deployment;
    ctx.wire = DialectRegistry::wireFor(ctx.dialect, d);
    std::optional<QByteArray> body = bodyFor(ctx, error);
    if (!body)
        return std::nullopt;
    const DialectAdapter& backend = DialectRegistry::adapter(ctx.wire);
    UpstreamRequest request;
    request.origin = d.origin;
    request.method = "POST";
    request.target = backend.target(d, ctx.endpoint, ctx.operation);
    request.body = std::move(*body);
    request.headers.reserve(6);
    request.headers.addShared(Headers::kContentType, Headers::kApplicationJson);
    request.headers.addShared(Headers::kAccept, ctx.stream ? Headers::kEventStream : Headers::kApplicationJson);
    request.headers.addShared(Headers::kUserAgent, Headers::kUserAgentValue);
    for (const auto& [name, value] : d.authHeaders)
        request.headers.add(name, value);
    backend.addBackendHeaders(request.headers);
    if (ctx.wire == ctx.dialect)
        backend.forwardHeaders(ctx.http.headers, request.headers);

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

std::unique_ptr<IUpstreamCall>
ForwardStage::forward(RequestContext& ctx, const UpstreamRequest& request, IUpstreamHandler* handler)
{
    ctx.upstreamStartMs = ctx.elapsedMs();
    return m_client.start(request, handler);
}

} // namespace sy
