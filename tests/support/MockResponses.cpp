#include "tests/support/MockResponses.h"

#include <QtEndian>

#include <cstring>

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sy::testing {

QByteArray MockResponses::head(int status,
                               QByteArrayView contentType,
                               qint64 contentLength,
                               QByteArrayView backendId,
                               QByteArrayView extraHeaders,
                               bool close)
{
    QByteArray out;
    out.reserve(160 + extraHeaders.size());
    out.append("HTTP/1.1 ").append(QByteArray::number(status)).append(' ').append(reasonPhrase(status));
    out.append("\r\nContent-Type: ").append(contentType);
    if (contentLength >= 0)
        out.append("\r\nContent-Length: ").append(QByteArray::number(contentLength));
    else
        out.append("\r\nTransfer-Encoding: chunked");
    out.append("\r\nx-mock-backend: ").append(backendId).append("\r\n").append(extraHeaders);
    if (close)
        out.append("Connection: close\r\n");
    out.append("\r\n");
    return out;
}

QByteArrayView MockResponses::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return status < 400 ? "OK" : "Error";
    }
}

QByteArray MockResponses::chunk(QByteArrayView data)
{
    QByteArray out = QByteArray::number(data.size(), 16);
    out.reserve(out.size() + data.size() + 4);
    return out.append("\r\n").append(data).append("\r\n");
}

QByteArray MockResponses::errorBody(int status, const QString& message, const char* code)
{
    // OpenAI's error types by status; code is null unless the caller has a specific one.
    const QString type = status == 401 ? u"authentication_error"_s
        : status == 403                ? u"permission_error"_s
        : status == 429                ? u"rate_limit_error"_s
        : status >= 500                ? u"server_error"_s
                                       : u"invalid_request_error"_s;
    const QJsonObject error{{u"message"_s, message},
                            {u"type"_s, type},
                            {u"param"_s, QJsonValue::Null},
                            {u"code"_s, code ? QJsonValue(QString::fromLatin1(code)) : QJsonValue(QJsonValue::Null)}};
    return QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact);
}

QByteArray MockResponses::contextErrorBody(int promptTokens)
{
    const QString message = u"This model's maximum context length is 4096 tokens. However, your messages resulted in "
                            u"%1 tokens. Please reduce the length of the messages."_s.arg(promptTokens + 4096);
    const QJsonObject error{{u"message"_s, message},
                            {u"type"_s, u"invalid_request_error"_s},
                            {u"param"_s, u"messages"_s},
                            {u"code"_s, u"context_length_exceeded"_s}};
    return QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact);
}

QByteArray MockResponses::completion(const Completion& c)
{
    QByteArray out;
    out.reserve(320 + c.tokens * 8);
    appendPrefix(out, c, false);
    if (c.chat && c.toolCall) {
        out.append(R"("choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[)");
        out.append(R"({"id":"call_mock_0","type":"function","function":{"name":"get_weather",)");
        out.append(R"("arguments":"{\"city\":\"Paris\"}"}}]},"logprobs":null,"finish_reason":"tool_calls"}])");
    } else {
        out.append(c.chat ? R"("choices":[{"index":0,"message":{"role":"assistant","content":")"
                          : R"("choices":[{"index":0,"text":")");
        out.append(tokenText(c, 0, c.tokens));
        out.append(c.chat ? R"("},"logprobs")" : R"(","logprobs")");
        out.append(R"(:null,"finish_reason":"stop"}])");
    }
    if (!c.noUsage) {
        out.append(',');
        appendUsage(out, c);
    }
    out.append('}');
    return out;
}

QByteArray MockResponses::streamEvent(const Completion& c, int index)
{
    QByteArray out;
    out.reserve(320);
    out.append("data: ");
    appendPrefix(out, c, true);
    if (index > c.tokens) {
        out.append(R"("choices":[],)");
        appendUsage(out, c);
        return out.append("}\n\n");
    }
    const bool finish = index == c.tokens;
    if (c.chat && c.toolCall) {
        if (finish) {
            out.append(R"("choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}])");
            if (c.includeUsage)
                out.append(R"(,"usage":null)");
            return out.append("}\n\n");
        }
        appendToolDelta(out, index);
    } else if (c.chat) {
        out.append(R"("choices":[{"index":0,"delta":{)");
        if (index == 0)
            out.append(R"("role":"assistant",)");
        if (!finish)
            out.append(R"("content":")").append(tokenText(c, index, index + 1)).append('"');
        if (finish && index == 0)
            out.chop(1); // no trailing comma after "role" when there are no tokens at all
        out.append("},");
    } else {
        out.append(R"("choices":[{"index":0,"text":")")
            .append(finish ? QByteArray() : tokenText(c, index, index + 1))
            .append("\",");
    }
    out.append(finish ? R"("logprobs":null,"finish_reason":"stop"}])" : R"("logprobs":null,"finish_reason":null}])");
    if (c.includeUsage)
        out.append(R"(,"usage":null)");
    return out.append("}\n\n");
}

void MockResponses::appendToolDelta(QByteArray& out, int index)
{
    // The call's id and name first, then its arguments in two pieces, as servers stream them.
    out.append(R"("choices":[{"index":0,"delta":{)");
    if (index == 0)
        out.append(R"("role":"assistant","tool_calls":[{"index":0,"id":"call_mock_0","type":"function",)"
                   R"("function":{"name":"get_weather","arguments":""}}]},)");
    else if (index == 1)
        out.append(R"("tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},)");
    else
        out.append(R"("tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},)");
}

void MockResponses::appendPrefix(QByteArray& out, const Completion& c, bool chunk)
{
    const char* object = c.chat ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion";
    out.append(R"({"id":")").append(c.id).append(R"(","object":")").append(object);
    out.append(R"(","created":)").append(QByteArray::number(c.created));
    out.append(R"(,"model":)").append(c.modelJson);
    out.append(R"(,"system_fingerprint":)").append(c.fingerprintJson).append(',');
}

void MockResponses::appendUsage(QByteArray& out, const Completion& c)
{
    if (!c.reportedUsage.isEmpty()) {
        out.append(R"("usage":)").append(c.reportedUsage);
        return;
    }
    out.append(R"("usage":{"prompt_tokens":)").append(QByteArray::number(c.promptTokens));
    out.append(R"(,"completion_tokens":)").append(QByteArray::number(c.tokens));
    out.append(R"(,"total_tokens":)").append(QByteArray::number(c.promptTokens + c.tokens)).append('}');
}

QByteArray MockResponses::tokenText(const Completion& c, int from, int to)
{
    QByteArray out;
    if (!c.reply.isEmpty()) {
        for (int i = from; i < to && i < c.reply.size(); ++i)
            out.append(c.reply[i]);
        return out;
    }
    out.reserve((to - from) * 8);
    for (int i = from; i < to; ++i)
        out.append("tok").append(QByteArray::number(i)).append(' ');
    return out;
}

QList<float> MockResponses::embeddingOf(QByteArrayView input, int dimension)
{
    // FNV-1a of the input seeds a deterministic, reproducible-everywhere vector.
    quint32 hash = 2166136261u;
    for (const char ch : input)
        hash = (hash ^ static_cast<quint8>(ch)) * 16777619u;
    QList<float> vector;
    for (int d = 0; d < dimension; ++d)
        vector.append(float(std::sin(hash % 1000 + d * 0.7)));
    return vector;
}

QByteArray MockResponses::embeddings(const RequestBodyInfo& info, const QByteArray& modelJson, int dimension)
{
    QByteArray out = R"({"object":"list","data":[)";
    for (qsizetype i = 0; i < info.inputs.size(); ++i) {
        out.append(i ? "," : "").append(R"({"object":"embedding","index":)").append(QByteArray::number(i));
        const QList<float> vector = embeddingOf(info.inputs[i], dimension);
        if (info.base64Embeddings) {
            // OpenAI's base64 format: the float32 values, little-endian, base64-encoded.
            QByteArray raw;
            for (float f : vector) {
                quint32 bits;
                std::memcpy(&bits, &f, sizeof bits);
                const quint32 le = qToLittleEndian(bits);
                raw.append(reinterpret_cast<const char*>(&le), sizeof le);
            }
            out.append(R"(,"embedding":")").append(raw.toBase64()).append("\"}");
            continue;
        }
        out.append(R"(,"embedding":[)");
        for (int d = 0; d < dimension; ++d)
            out.append(d ? "," : "").append(QByteArray::number(vector[d], 'f', 6));
        out.append("]}");
    }
    const int tokens = std::max(1, info.promptWords);
    out.append(R"(],"model":)").append(modelJson).append(R"(,"usage":{"prompt_tokens":)");
    out.append(QByteArray::number(tokens))
        .append(R"(,"total_tokens":)")
        .append(QByteArray::number(tokens))
        .append("}}");
    return out;
}

} // namespace sy::testing
