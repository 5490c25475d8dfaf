#include "gateway/pipeline/ParseStage.h"

#include "gateway/dialects/DialectAdapter.h"
#include "gateway/dialects/DialectRegistry.h"
#include "gateway/pipeline/RequestContext.h"
#include "gateway/upstream/ContentDecoder.h"

using namespace Qt::StringLiterals;

namespace sy {

std::optional<ApiError> ParseStage::decodeBody(RequestContext& ctx)
{
    const QByteArray coding = ctx.http.headers.combinedValue("content-encoding").trimmed().toLower();
    if (coding.isEmpty() || coding == "identity")
        return std::nullopt;
    if (!ContentDecoder::supports(coding)) {
        return ApiError{
            415,
            u"Content-Encoding \"%1\" is not supported for request bodies; send gzip, deflate or none."_s.arg(
                QString::fromLatin1(coding)),
            "invalid_request_error",
            "unsupported_content_encoding",
            {},
            std::nullopt};
    }
    // The limit applies to what the body decompresses to: the decoder stops there.
    const qint64 limit = ctx.config->limits.maxBodyBytes;
    ContentDecoder decoder(limit + 1);
    QByteArray decoded;
    ContentDecoder::Result result = decoder.decode(ctx.http.body, decoded);
    if (result == ContentDecoder::Result::Ok)
        result = decoder.finish();
    if (result == ContentDecoder::Result::TooLarge || decoded.size() > limit)
        return ApiError::payloadTooLarge(limit);
    if (result != ContentDecoder::Result::Ok)
        return ApiError::badRequest(
            u"The request body is not valid %1 data: %2"_s.arg(QString::fromLatin1(coding), decoder.errorString()),
            "invalid_content_encoding");
    ctx.http.body = decoded;
    return std::nullopt;
}

StageResult ParseStage::process(RequestContext& ctx) const
{
    if (const std::optional<ApiError> undecodable = decodeBody(ctx))
        return StageResult::reject(*undecodable);
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
    if (request.model.size() > kMaxModelNameLength) // refused before any lookup, log or metric sees it
        return StageResult::reject(ApiError::badRequest(
            u"The model name is longer than %1 characters."_s.arg(kMaxModelNameLength), "invalid_model", "model"));
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
