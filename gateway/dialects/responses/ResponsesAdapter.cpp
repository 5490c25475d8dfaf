#include "gateway/dialects/responses/ResponsesAdapter.h"

#include "gateway/dialects/openai/OpenAiAdapter.h"
#include "gateway/dialects/responses/ChatToResponses.h"
#include "gateway/dialects/responses/ResponsesDecoder.h"
#include "gateway/dialects/responses/ResponsesEncoder.h"
#include "gateway/dialects/responses/ResponsesFilter.h"
#include "gateway/dialects/responses/ResponsesToChat.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

std::optional<ApiError> typeError(const JsonBody& body, QByteArrayView key, JsonBody::Type type, const QString& what)
{
    const std::optional<JsonBody::Span> span = body.member(key);
    if (!span || span->type == type || span->type == JsonBody::Type::Null)
        return std::nullopt;
    const QString name = QString::fromLatin1(key);
    return ApiError::badRequest(
        u"Invalid type for '%1': expected %2."_s.arg(name, what), "invalid_type", key.toByteArray());
}

} // namespace

std::optional<ApiError> ResponsesAdapter::parse(Endpoint, const JsonBody& body, ParsedRequest* out) const
{
    const std::optional<QString> model = body.string("model");
    if (!model || model->trimmed().isEmpty())
        return ApiError::badRequest(u"Missing required parameter: 'model'."_s, "missing_required_parameter", "model");
    const std::optional<JsonBody::Span> input = body.member("input");
    if (input && input->type != JsonBody::Type::String && input->type != JsonBody::Type::Array)
        return ApiError::badRequest(
            u"Invalid type for 'input': expected a string or an array of input items."_s, "invalid_type", "input");
    if (!input && !body.string("previous_response_id"))
        return ApiError::badRequest(u"Missing required parameter: 'input'."_s, "missing_required_parameter", "input");
    using Type = JsonBody::Type;
    for (const auto& [key, type, what] :
         {std::tuple{QByteArrayView("stream"), Type::Bool, u"a boolean"_s},
          std::tuple{QByteArrayView("store"), Type::Bool, u"a boolean"_s},
          std::tuple{QByteArrayView("tools"), Type::Array, u"an array"_s},
          std::tuple{QByteArrayView("previous_response_id"), Type::String, u"a string"_s},
          std::tuple{QByteArrayView("instructions"), Type::String, u"a string"_s}}) {
        if (key == "instructions" && body.member(key) && body.member(key)->type == Type::Array)
            continue; // instructions may be input items too
        if (std::optional<ApiError> error = typeError(body, key, type, what))
            return error;
    }
    out->model = *model;
    out->stream = body.boolean("stream").value_or(false);
    out->wantsUsage = true; // response.completed always carries usage
    out->user = body.string("user").value_or(body.string("safety_identifier").value_or(QString()));
    return std::nullopt;
}

std::optional<QByteArray>
ResponsesAdapter::toOpenAi(Endpoint, const JsonBody& body, const ParsedRequest&, ApiError*) const
{
    return ResponsesToChat::translate(body);
}

std::unique_ptr<IAnswerEncoder> ResponsesAdapter::encoder(Endpoint endpoint, const AnswerContext& context) const
{
    if (endpoint != Endpoint::Responses)
        return nullptr;
    return std::make_unique<ResponsesEncoder>(context);
}

std::unique_ptr<INativeFilter> ResponsesAdapter::nativeFilter(Endpoint, const AnswerContext& context) const
{
    return std::make_unique<ResponsesFilter>(context);
}

ErrorReply ResponsesAdapter::renderError(const ApiError& error) const
{
    return {error.status, error.toJson()};
}

QByteArray ResponsesAdapter::target(const Deployment& deployment, Endpoint, Operation) const
{
    return deployment.basePath + "/responses" + deployment.query;
}

std::optional<QByteArray> ResponsesAdapter::fromOpenAi(Operation operation,
                                                       const JsonBody& body,
                                                       const QString& backendModel,
                                                       ApiError* error) const
{
    if (operation != Operation::Chat) {
        *error = ApiError::badRequest(
            u"This deployment speaks only OpenAI's Responses API, which has no embeddings or text completions."_s,
            "unsupported_by_backend");
        return std::nullopt;
    }
    return ChatToResponses::translate(body.bytes(), backendModel, error);
}

std::unique_ptr<IAnswerDecoder> ResponsesAdapter::decoder(Operation) const
{
    return std::make_unique<ResponsesDecoder>();
}

ApiError ResponsesAdapter::errorFrom(int status, const QByteArray& body) const
{
    return OpenAiAdapter().errorFrom(status, body); // the same error shape
}

} // namespace sy
