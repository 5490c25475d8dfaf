#include "gateway/pipeline/ParseStage.h"

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

    const auto model = body->member("model");
    if (!model)
        return StageResult::reject(
            ApiError::badRequest(u"You must provide a model parameter."_s, "missing_model", "model"));
    const std::optional<QString> name = body->string("model");
    if (!name || name->trimmed().isEmpty())
        return StageResult::reject(
            ApiError::badRequest(u"The model parameter must be a non-empty string."_s, "invalid_model", "model"));
    if (name->size() > kMaxModelNameLength) // refused before any lookup, log or metric sees it
        return StageResult::reject(ApiError::badRequest(
            u"The model name is longer than %1 characters."_s.arg(kMaxModelNameLength), "invalid_model", "model"));

    const auto stream = body->member("stream");
    if (stream && stream->type != JsonBody::Type::Bool && stream->type != JsonBody::Type::Null)
        return StageResult::reject(
            ApiError::badRequest(u"The stream parameter must be true or false."_s, "invalid_type", "stream"));

    ctx.model = *name;
    ctx.stream = body->boolean("stream").value_or(false);
    if (const auto options = body->object("stream_options"))
        ctx.clientWantsUsage = options->boolean("include_usage").value_or(false);
    ctx.body = std::move(body);
    return StageResult::next();
}

} // namespace sy
