#include "gateway/dialects/responses/ResponsesWire.h"

#include "gateway/core/JsonScan.h"
#include "gateway/core/JsonWriter.h"

#include <QRandomGenerator>

namespace sy::ResponsesWire {

QByteArray newId(QByteArrayView prefix)
{
    quint32 words[6];
    QRandomGenerator::global()->fillRange(words);
    const QByteArray random(reinterpret_cast<const char*>(words), sizeof(words));
    return prefix.toByteArray() + random.toHex();
}

QByteArray event(QByteArrayView type, const QByteArray& json)
{
    QByteArray out;
    out.reserve(type.size() + json.size() + 16);
    out += "event: ";
    out += type;
    out += "\ndata: ";
    out += json;
    out += "\n\n";
    return out;
}

void writeUsage(JsonWriter& w, const TokenUsage& usage)
{
    w.beginObject();
    w.key("input_tokens").number(usage.promptTokens);
    w.key("input_tokens_details").beginObject().key("cached_tokens").number(usage.cacheReadTokens).endObject();
    w.key("output_tokens").number(usage.completionTokens);
    w.key("output_tokens_details").beginObject().key("reasoning_tokens").number(qint64(0)).endObject();
    w.key("total_tokens").number(usage.totalTokens());
    w.endObject();
}

TokenUsage usageFrom(const JsonBody& usage)
{
    TokenUsage out;
    out.promptTokens = usage.integer("input_tokens").value_or(0);
    out.completionTokens = usage.integer("output_tokens").value_or(0);
    if (const std::optional<JsonBody> details = usage.object("input_tokens_details"))
        out.cacheReadTokens = details->integer("cached_tokens").value_or(0);
    return out;
}

void writeError(JsonWriter& w, const ApiError& error)
{
    w.beginObject();
    w.key("code").stringUtf8(error.code.isEmpty() ? QByteArrayLiteral("server_error") : error.code);
    w.key("message").string(error.message);
    w.endObject();
}

QByteArray errorEvent(const ApiError& error, qint64 sequenceNumber)
{
    JsonWriter w;
    w.beginObject().key("type").stringUtf8("error");
    w.key("code").stringUtf8(error.code.isEmpty() ? QByteArrayLiteral("server_error") : error.code);
    w.key("message").string(error.message);
    w.key("param");
    if (error.param.isEmpty())
        w.null();
    else
        w.stringUtf8(error.param);
    w.key("sequence_number").number(sequenceNumber);
    w.endObject();
    return event("error", w.take());
}

Echo echoOf(const QByteArray& requestBody)
{
    static const Echo kDefaults{
        {"instructions", "null"},
        {"max_output_tokens", "null"},
        {"metadata", "{}"},
        {"parallel_tool_calls", "true"},
        {"previous_response_id", "null"},
        {"reasoning", "{\"effort\":null,\"summary\":null}"},
        {"store", "true"},
        {"temperature", "1"},
        {"text", "{\"format\":{\"type\":\"text\"}}"},
        {"tool_choice", "\"auto\""},
        {"tools", "[]"},
        {"top_p", "1"},
        {"truncation", "\"disabled\""},
        {"user", "null"},
    };
    static const QList<QByteArrayView> kKeys = [] {
        QList<QByteArrayView> keys;
        for (const auto& [key, value] : kDefaults)
            keys.append(key);
        return keys;
    }();
    // One pass over the request's top level, which the pipeline has validated already: a third
    // parse of it cost more than writing the whole response object.
    Echo echo = kDefaults;
    JsonScan::forEachMember(requestBody, kKeys.constData(), kKeys.size(), [&](const JsonScan::Member& m) {
        if (m.depth != 1)
            return;
        const auto span = JsonScan::valueSpan(requestBody, m.valueAt);
        if (span && span->end > span->begin)
            echo[m.key].second = requestBody.sliced(span->begin, span->end - span->begin);
    });
    return echo;
}

void writeEcho(JsonWriter& w, const Echo& echo)
{
    for (const auto& [key, value] : echo)
        w.key(key).raw(value);
}

QByteArray incompleteReason(const QByteArray& finishReason)
{
    if (finishReason == "length")
        return "max_output_tokens";
    if (finishReason == "content_filter")
        return "content_filter";
    return {};
}

} // namespace sy::ResponsesWire
