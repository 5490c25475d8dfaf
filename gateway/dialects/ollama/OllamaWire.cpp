#include "gateway/dialects/ollama/OllamaWire.h"

#include "gateway/core/JsonWriter.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace sy::OllamaWire {

QString clientMessage(const ApiError& error)
{
    if (error.status != 401 || error.code != "invalid_api_key")
        return error.message;
    // OLLAMA_HOST is a host and port only: Ollama clients need a header option for the key.
    return error.message
        + u" Ollama clients send it as a header: the ollama JS library's `new Ollama({host, headers: "
          u"{Authorization: 'Bearer <key>'}})`, the Python library's `Client(host=…, headers={…})`, Open WebUI's "
          u"API key of the Ollama connection. OLLAMA_HOST cannot carry a key."_s;
}

QByteArray errorJson(const ApiError& error)
{
    JsonWriter w;
    w.beginObject().key("error").string(clientMessage(error)).endObject();
    return w.take();
}

ApiError errorFrom(int status, const QByteArray& body)
{
    ApiError error;
    error.status = status >= 400 ? status : 502;
    error.type = status >= 500 ? "api_error" : "invalid_request_error";
    error.code = "upstream_error";
    if (status == 429)
        error.type = "rate_limit_error";
    if (const std::optional<JsonBody> json = JsonBody::parse(body, nullptr)) {
        error.message = json->string("error").value_or(QString());
        if (error.message.isEmpty()) {
            if (const std::optional<JsonBody> inner = json->object("error")) // behind an OpenAI-shaped proxy
                error.message = inner->string("message").value_or(QString());
        }
    }
    if (error.message.isEmpty())
        error.message
            = u"The backend answered HTTP %1: %2"_s.arg(status).arg(QString::fromUtf8(body.left(300)).simplified());
    if (status < 400)
        error.message = u"The backend answered with unexpected HTTP status %1."_s.arg(status);
    return error;
}

std::optional<TokenUsage> usageFrom(const JsonBody& json)
{
    const std::optional<qint64> prompt = json.integer("prompt_eval_count");
    const std::optional<qint64> eval = json.integer("eval_count");
    if (!prompt && !eval)
        return std::nullopt;
    TokenUsage usage;
    usage.promptTokens = prompt.value_or(0);
    usage.completionTokens = eval.value_or(0);
    return usage;
}

QByteArray doneReason(const QByteArray& finishReason)
{
    // Ollama says "stop" after tool calls too; it has no word for a content filter.
    return finishReason == "length" ? QByteArrayLiteral("length") : QByteArrayLiteral("stop");
}

QByteArray finishReason(const QByteArray& doneReason)
{
    return doneReason == "length" ? QByteArrayLiteral("length") : QByteArrayLiteral("stop");
}

QByteArray createdAt()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toLatin1();
}

QByteArray nativeRoot(const Deployment& deployment)
{
    QByteArray root = deployment.basePath;
    if (root.endsWith("/v1"))
        root.chop(3);
    return root;
}

} // namespace sy::OllamaWire
