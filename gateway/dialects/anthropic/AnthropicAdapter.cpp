#include "gateway/dialects/anthropic/AnthropicAdapter.h"

#include "gateway/core/JsonScan.h"
#include "gateway/dialects/anthropic/AnthropicErrors.h"
#include "gateway/dialects/anthropic/ChatToMessages.h"
#include "gateway/dialects/anthropic/MessagesDecoder.h"
#include "gateway/dialects/anthropic/MessagesEncoder.h"
#include "gateway/dialects/anthropic/MessagesFilter.h"
#include "gateway/dialects/anthropic/MessagesToChat.h"

using namespace Qt::StringLiterals;

namespace sy {

std::optional<ApiError> AnthropicAdapter::parse(Endpoint, const JsonBody& body, ParsedRequest* out) const
{
    const std::optional<QString> model = body.string("model");
    if (!model || model->trimmed().isEmpty())
        return ApiError::badRequest(u"model: Field required (a non-empty string)."_s, "invalid_request_error", "model");
    const auto messages = body.member("messages");
    if (!messages || messages->type != JsonBody::Type::Array)
        return ApiError::badRequest(u"messages: Field required (an array)."_s, "invalid_request_error", "messages");
    const auto stream = body.member("stream");
    if (stream && stream->type != JsonBody::Type::Bool && stream->type != JsonBody::Type::Null)
        return ApiError::badRequest(u"stream: Input should be a valid boolean."_s, "invalid_request_error", "stream");
    out->model = *model;
    out->stream = body.boolean("stream").value_or(false);
    out->wantsUsage = true; // message_start and message_delta always carry usage
    if (const std::optional<JsonBody> metadata = body.object("metadata"))
        out->user = metadata->string("user_id").value_or(QString());
    return std::nullopt;
}

std::optional<QByteArray>
AnthropicAdapter::toOpenAi(Endpoint, const JsonBody& body, const ParsedRequest&, ApiError* error) const
{
    return MessagesToChat::translate(body, error);
}

void AnthropicAdapter::forwardHeaders(const HttpHeaders& client, HttpHeaders& upstream) const
{
    // Beta features (prompt caching variants, long context, …) only mean something to a backend
    // that speaks Anthropic's API; a translation ignores them.
    for (const QByteArrayView name : {QByteArrayView("anthropic-beta"), QByteArrayView("anthropic-version")}) {
        const QByteArray value = client.combinedValue(name);
        if (!value.isEmpty())
            upstream.set(name, value);
    }
}

std::unique_ptr<IAnswerEncoder> AnthropicAdapter::encoder(Endpoint endpoint, const AnswerContext& context) const
{
    if (endpoint != Endpoint::Messages)
        return nullptr;
    return std::make_unique<MessagesEncoder>(context);
}

std::unique_ptr<INativeFilter> AnthropicAdapter::nativeFilter(Endpoint, const AnswerContext& context) const
{
    return std::make_unique<MessagesFilter>(context);
}

qint64 AnthropicAdapter::estimateInputTokens(const JsonBody& body)
{
    const QByteArrayView json = body.bytes();
    qint64 chars = JsonScan::stringValueChars(json, {"text", "content", "system"}) + body.raw("tools").size();
    const qint64 messages = body.elements("messages").size();
    return (chars + 3) / 4 + 4 * messages;
}

std::optional<QByteArray>
AnthropicAdapter::localAnswer(Endpoint endpoint, const JsonBody& body, const Deployment& deployment) const
{
    // A backend that speaks Anthropic's API counts itself; for the others, an estimate.
    if (endpoint != Endpoint::MessagesCountTokens || deployment.speaks(Dialect::Anthropic))
        return std::nullopt;
    return "{\"input_tokens\":" + QByteArray::number(estimateInputTokens(body)) + '}';
}

ErrorReply AnthropicAdapter::renderError(const ApiError& error) const
{
    return {AnthropicWire::errorStatus(error), AnthropicWire::errorJson(error)};
}

QByteArray AnthropicAdapter::target(const Deployment& deployment, Endpoint endpoint, Operation) const
{
    const QByteArray path = endpoint == Endpoint::MessagesCountTokens ? "/messages/count_tokens" : "/messages";
    return deployment.basePath + path + deployment.query;
}

std::optional<QByteArray> AnthropicAdapter::fromOpenAi(Operation operation,
                                                       const JsonBody& body,
                                                       const QString& backendModel,
                                                       ApiError* error) const
{
    if (operation != Operation::Chat) {
        *error
            = ApiError::badRequest(u"Anthropic's API has no embeddings or text completions: use a model that does."_s,
                                   "unsupported_by_backend");
        return std::nullopt;
    }
    return ChatToMessages::translate(body.bytes(), backendModel, error);
}

void AnthropicAdapter::addBackendHeaders(HttpHeaders& upstream) const
{
    upstream.set("anthropic-version", kApiVersion);
}

std::unique_ptr<IAnswerDecoder> AnthropicAdapter::decoder(Operation) const
{
    return std::make_unique<MessagesDecoder>();
}

ApiError AnthropicAdapter::errorFrom(int status, const QByteArray& body) const
{
    return AnthropicWire::errorFrom(status, body);
}

} // namespace sy
