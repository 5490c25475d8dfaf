#include "gateway/dialects/ollama/OllamaAdapter.h"

#include "gateway/core/JsonWriter.h"
#include "gateway/dialects/ollama/ChatToOllama.h"
#include "gateway/dialects/ollama/OllamaDecoder.h"
#include "gateway/dialects/ollama/OllamaEmbedAnswer.h"
#include "gateway/dialects/ollama/OllamaEncoder.h"
#include "gateway/dialects/ollama/OllamaModelNames.h"
#include "gateway/dialects/ollama/OllamaStreamFilter.h"
#include "gateway/dialects/ollama/OllamaToChat.h"
#include "gateway/dialects/ollama/OllamaWire.h"

#include <tuple>

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// Ollama answers a wrongly typed field with 400 and the field's name.
std::optional<ApiError> checkType(const JsonBody& body, QByteArrayView key, JsonBody::Type type, const char* what)
{
    const std::optional<JsonBody::Span> span = body.member(key);
    if (!span || span->type == type || span->type == JsonBody::Type::Null)
        return std::nullopt;
    return ApiError::badRequest(
        u"%1 must be %2."_s.arg(QString::fromLatin1(key.toByteArray()), QString::fromLatin1(what)),
        "invalid_request",
        key.toByteArray());
}

bool streamsByDefault(Endpoint endpoint)
{
    return endpoint == Endpoint::OllamaChat || endpoint == Endpoint::OllamaGenerate;
}

} // namespace

std::optional<ApiError> OllamaAdapter::parse(Endpoint endpoint, const JsonBody& body, ParsedRequest* out) const
{
    const std::optional<QString> model = body.string("model");
    if (!model || model->trimmed().isEmpty())
        return ApiError::badRequest(u"model is required"_s, "missing_model", "model");
    for (const auto& [key, type, what] : {std::tuple{"stream", JsonBody::Type::Bool, "true or false"},
                                          std::tuple{"messages", JsonBody::Type::Array, "a list of messages"},
                                          std::tuple{"prompt", JsonBody::Type::String, "a string"},
                                          std::tuple{"options", JsonBody::Type::Object, "an object"}}) {
        if (std::optional<ApiError> wrong = checkType(body, key, type, what))
            return wrong;
    }
    out->model = *model;
    out->stream = streamsByDefault(endpoint) && body.boolean("stream").value_or(true);
    out->wantsUsage = true; // the final object always has the counts
    return std::nullopt;
}

QString OllamaAdapter::modelGroupFor(const QString& asked, const std::function<bool(const QString&)>& isGroup) const
{
    return OllamaModelNames::groupFor(asked, isGroup);
}

std::optional<QByteArray>
OllamaAdapter::toOpenAi(Endpoint endpoint, const JsonBody& body, const ParsedRequest& request, ApiError* error) const
{
    return OllamaToChat::translate(endpoint, body, request.stream, error);
}

std::unique_ptr<IAnswerEncoder> OllamaAdapter::encoder(Endpoint endpoint, const AnswerContext& context) const
{
    if (endpoint == Endpoint::OllamaChat)
        return std::make_unique<OllamaEncoder>(context, OllamaEncoder::Shape::Chat);
    if (endpoint == Endpoint::OllamaGenerate)
        return std::make_unique<OllamaEncoder>(context, OllamaEncoder::Shape::Generate);
    return nullptr;
}

std::unique_ptr<INativeFilter> OllamaAdapter::nativeFilter(Endpoint, const AnswerContext& context) const
{
    return std::make_unique<OllamaStreamFilter>(context);
}

std::optional<QByteArray> OllamaAdapter::fromOpenAiWhole(Endpoint endpoint,
                                                         const QByteArray& body,
                                                         const AnswerContext& context,
                                                         QString* why) const
{
    return OllamaEmbedAnswer::fromOpenAi(endpoint, body, context, why);
}

bool OllamaAdapter::isLoadCall(Endpoint endpoint, const JsonBody& body)
{
    if (endpoint == Endpoint::OllamaChat)
        return body.elements("messages").isEmpty();
    if (endpoint == Endpoint::OllamaGenerate)
        return body.string("prompt").value_or(QString()).isEmpty()
            && body.string("system").value_or(QString()).isEmpty() && body.elements("images").isEmpty();
    return false;
}

std::optional<QByteArray>
OllamaAdapter::localAnswer(Endpoint endpoint, const JsonBody& body, const Deployment& deployment) const
{
    // An Ollama backend loads the model for real; others load theirs as they see fit, and the
    // gateway answers as Ollama would, without generating.
    if (deployment.speaks(Dialect::Ollama) || !isLoadCall(endpoint, body))
        return std::nullopt;
    const QByteArrayView keepAlive = body.raw("keep_alive").trimmed();
    const bool unload = keepAlive == "0" || keepAlive == "\"0\"" || keepAlive == "\"0s\"";
    JsonWriter w;
    w.beginObject().key("model").string(body.string("model").value_or(QString()));
    w.key("created_at").stringUtf8(OllamaWire::createdAt());
    if (endpoint == Endpoint::OllamaChat)
        w.key("message").beginObject().key("role").stringUtf8("assistant").key("content").stringUtf8("").endObject();
    else
        w.key("response").stringUtf8("");
    w.key("done").boolean(true).key("done_reason").stringUtf8(unload ? "unload" : "load").endObject();
    return w.take();
}

ErrorReply OllamaAdapter::renderError(const ApiError& error) const
{
    return {error.status, OllamaWire::errorJson(error)};
}

QByteArray OllamaAdapter::target(const Deployment& deployment, Endpoint endpoint, Operation operation) const
{
    QByteArray path;
    switch (endpoint) {
    case Endpoint::OllamaChat:
    case Endpoint::OllamaGenerate:
    case Endpoint::OllamaEmbed:
    case Endpoint::OllamaEmbeddings:
        path = "/" + endpointName(endpoint); // the client spoke Ollama too: the same endpoint
        break;
    default:
        path = operation == Operation::Embedding ? QByteArrayLiteral("/api/embed") : QByteArrayLiteral("/api/chat");
        break;
    }
    return OllamaWire::nativeRoot(deployment) + path + deployment.query;
}

std::optional<QByteArray>
OllamaAdapter::fromOpenAi(Operation operation, const JsonBody& body, const QString& backendModel, ApiError* error) const
{
    if (operation != Operation::Chat) {
        *error = ApiError::badRequest(u"This backend speaks only Ollama's API, and only chat is translated to it: give "
                                      u"it `openai` in its dialects for embeddings and completions."_s,
                                      "unsupported_by_backend");
        return std::nullopt;
    }
    return ChatToOllama::translate(body.bytes(), backendModel, error);
}

std::unique_ptr<IAnswerDecoder> OllamaAdapter::decoder(Operation) const
{
    return std::make_unique<OllamaDecoder>();
}

ApiError OllamaAdapter::errorFrom(int status, const QByteArray& body) const
{
    return OllamaWire::errorFrom(status, body);
}

} // namespace sy
