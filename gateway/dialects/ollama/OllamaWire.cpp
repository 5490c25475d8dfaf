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
    return createdAt(QDateTime::currentMSecsSinceEpoch());
}

// Every answer line carries one, streamed ones too: QDateTime's formatting cost ~2 µs a line,
// so the date and time of day are worked out here (Howard Hinnant's civil-from-days).
QByteArray createdAt(qint64 msecsSinceEpoch)
{
    const qint64 ms = msecsSinceEpoch >= 0 ? msecsSinceEpoch : 0;
    const qint64 seconds = ms / 1000;
    const qint64 days = seconds / 86400;
    const int secondOfDay = int(seconds % 86400);
    const qint64 z = days + 719468;
    const qint64 era = z / 146097;
    const qint64 dayOfEra = z - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

    char text[] = "0000-00-00T00:00:00.000Z";
    const auto put = [&text](int at, qint64 value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    put(0, year % 10000, 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, secondOfDay / 3600, 2);
    put(14, secondOfDay / 60 % 60, 2);
    put(17, secondOfDay % 60, 2);
    put(20, ms % 1000, 3);
    return QByteArray(text, sizeof text - 1);
}

QByteArray nativeRoot(const Deployment& deployment)
{
    QByteArray root = deployment.basePath;
    if (root.endsWith("/v1"))
        root.chop(3);
    return root;
}

} // namespace sy::OllamaWire
