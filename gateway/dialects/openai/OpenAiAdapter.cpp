#include "gateway/dialects/openai/OpenAiAdapter.h"

#include "gateway/dialects/openai/ChatAnswerDecoder.h"
#include "gateway/dialects/openai/ChatAnswerEncoder.h"
#include "gateway/dialects/openai/ChatStreamFilter.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sy {

std::optional<ApiError> OpenAiAdapter::parse(Endpoint, const JsonBody& body, ParsedRequest* out) const
{
    if (!body.member("model"))
        return ApiError::badRequest(u"You must provide a model parameter."_s, "missing_model", "model");
    const std::optional<QString> name = body.string("model");
    if (!name || name->trimmed().isEmpty())
        return ApiError::badRequest(u"The model parameter must be a non-empty string."_s, "invalid_model", "model");
    const auto stream = body.member("stream");
    if (stream && stream->type != JsonBody::Type::Bool && stream->type != JsonBody::Type::Null)
        return ApiError::badRequest(u"The stream parameter must be true or false."_s, "invalid_type", "stream");
    out->model = *name;
    out->stream = body.boolean("stream").value_or(false);
    if (const std::optional<JsonBody> options = body.object("stream_options"))
        out->wantsUsage = options->boolean("include_usage").value_or(false);
    out->user = body.string("user").value_or(QString());
    return std::nullopt;
}

std::optional<QByteArray> OpenAiAdapter::toOpenAi(Endpoint, const JsonBody& body, const ParsedRequest&, ApiError*) const
{
    return body.bytes();
}

std::optional<QByteArray> OpenAiAdapter::usageOptions(const JsonBody& body)
{
    const std::optional<JsonBody> options = body.object("stream_options");
    if (options && options->boolean("include_usage").value_or(false))
        return std::nullopt;
    return options ? options->withMember("include_usage", "true") : QByteArray("{\"include_usage\":true}");
}

QByteArray
OpenAiAdapter::nativeBody(const JsonBody& body, const QString& backendModel, const ParsedRequest& request) const
{
    // Every change in one copy of the client's bytes, from the body parsed once: the model, and
    // the usage chunk asked for (embeddings never stream, so this is chat or completions).
    QList<QPair<QByteArray, QByteArray>> changes;
    if (backendModel != request.model)
        changes.append({QByteArrayLiteral("model"), JsonBody::quoted(backendModel)});
    if (request.stream && !request.wantsUsage) {
        if (std::optional<QByteArray> options = usageOptions(body))
            changes.append({QByteArrayLiteral("stream_options"), std::move(*options)});
    }
    return changes.isEmpty() ? body.bytes() : body.withMembers(changes);
}

std::unique_ptr<IAnswerEncoder> OpenAiAdapter::encoder(Endpoint endpoint, const AnswerContext& context) const
{
    if (endpoint != Endpoint::ChatCompletions)
        return nullptr;
    return std::make_unique<ChatAnswerEncoder>(context);
}

std::unique_ptr<INativeFilter> OpenAiAdapter::nativeFilter(Endpoint, const AnswerContext& context) const
{
    return std::make_unique<ChatStreamFilter>(context, !context.includeUsage);
}

std::optional<QByteArray>
OpenAiAdapter::fromOpenAiWhole(Endpoint, const QByteArray& body, const AnswerContext& context, QString*) const
{
    return ChatStreamFilter(context, false).withClientModel(body);
}

ErrorReply OpenAiAdapter::renderError(const ApiError& error) const
{
    return {error.status, error.toJson()};
}

QByteArray OpenAiAdapter::target(const Deployment& deployment, Endpoint, Operation operation) const
{
    QByteArray path;
    switch (operation) {
    case Operation::Completion:
        path = "/completions";
        break;
    case Operation::Embedding:
        path = "/embeddings";
        break;
    default:
        path = "/chat/completions";
        break;
    }
    return deployment.basePath + path + deployment.query;
}

std::unique_ptr<IAnswerDecoder> OpenAiAdapter::decoder(Operation) const
{
    return std::make_unique<ChatAnswerDecoder>();
}

ApiError OpenAiAdapter::errorFrom(int status, const QByteArray& body) const
{
    ApiError error;
    error.status = status >= 400 ? status : 502;
    error.type = status >= 500 ? "api_error" : "invalid_request_error";
    error.code = "upstream_error";
    if (status == 429)
        error.type = "rate_limit_error";
    // Keep the backend's own explanation when it gave one in OpenAI's shape (or Ollama's
    // {"error": "text"}).
    const QJsonObject top = QJsonDocument::fromJson(body).object();
    const QJsonValue errorValue = top.value(u"error"_s);
    const QJsonObject inner = errorValue.toObject();
    if (!inner.isEmpty()) {
        error.message = inner.value(u"message"_s).toString();
        if (inner.value(u"type"_s).isString())
            error.type = inner.value(u"type"_s).toString().toUtf8();
        if (inner.value(u"code"_s).isString())
            error.code = inner.value(u"code"_s).toString().toUtf8();
        if (inner.value(u"param"_s).isString())
            error.param = inner.value(u"param"_s).toString().toUtf8();
    } else if (errorValue.isString()) {
        error.message = errorValue.toString();
    }
    if (error.message.isEmpty())
        error.message
            = u"The backend answered HTTP %1: %2"_s.arg(status).arg(QString::fromUtf8(body.left(300)).simplified());
    if (status < 400)
        error.message = u"The backend answered with unexpected HTTP status %1."_s.arg(status);
    return error;
}

} // namespace sy
