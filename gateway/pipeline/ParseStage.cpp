#include "gateway/pipeline/ParseStage.h"

#include "gateway/dialects/DialectAdapter.h"
#include "gateway/dialects/DialectRegistry.h"
#include "gateway/pipeline/RequestContext.h"

using namespace Qt::StringLiterals;

namespace sy {

StageResult ParseStage::process(RequestContext& ctx) const
{
    const QByteArray& raw = ctx.http.body;
    if (raw.trimmed().isEmpty())
        return StageResult::reject(
            ApiError::badRequest(u"The request body is empty; expected a JSON object."_s, "invalid_json"));
    QString error;
    std::optional<JsonBody> body = JsonBody::parse(raw, &error);
    if (!body)
        return StageResult::reject(
            ApiError::badRequest(u"The request body is not valid JSON: %1."_s.arg(error), "invalid_json"));

    // What the body means is the client's dialect's business; the rest of the pipeline reads
    // only what it found.
    ParsedRequest request;
    const DialectAdapter& dialect = DialectRegistry::adapter(ctx.dialect);
    if (const std::optional<ApiError> invalid = dialect.parse(ctx.endpoint, *body, &request))
        return StageResult::reject(*invalid);
    const GatewayConfig& config = *ctx.config;
    ctx.askedModel = request.model;
    ctx.model = dialect.modelGroupFor(request.model, [&config](const QString& name) {
        return config.routing.modelGroupAlias.contains(name) || config.unsupportedGroups.contains(name)
            || !config.deploymentsOf(name).isEmpty();
    });
    ctx.stream = request.stream;
    ctx.clientWantsUsage = request.wantsUsage;
    ctx.user = request.user;
    ctx.body = std::move(body);
    return StageResult::next();
}

} // namespace sy
