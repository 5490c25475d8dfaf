#include "gateway/dialects/responses/ResponsesDecoder.h"

#include "gateway/core/JsonBody.h"
#include "gateway/dialects/responses/ResponsesWire.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

QByteArray finishReasonOf(const JsonBody& response, bool usedTools)
{
    const QString status = response.string("status").value_or(u"completed"_s);
    if (status == u"incomplete") {
        const std::optional<JsonBody> details = response.object("incomplete_details");
        const QString reason = details ? details->string("reason").value_or(QString()) : QString();
        return reason == u"content_filter" ? QByteArrayLiteral("content_filter") : QByteArrayLiteral("length");
    }
    return usedTools ? QByteArrayLiteral("tool_calls") : QByteArrayLiteral("stop");
}

QString partsText(const JsonBody& item, QByteArrayView key, QByteArrayView textKey)
{
    QString text;
    for (const JsonBody::Span& span : item.elements(key)) {
        if (const std::optional<JsonBody> part = item.objectAt(span))
            text += part->string(textKey).value_or(QString());
    }
    return text;
}

} // namespace

void ResponsesDecoder::decode(const SseEvent& event, QList<ChatDelta>& out)
{
    const std::optional<JsonBody> json = JsonBody::parse(event.data.trimmed(), nullptr);
    if (!json)
        return; // a comment, or [DONE]
    const QByteArray type = json->string("type").value_or(QString::fromLatin1(event.event)).toUtf8();
    ChatDelta delta;
    if (type == "response.output_text.delta") {
        delta.text = json->string("delta").value_or(QString());
    } else if (type == "response.reasoning_text.delta" || type == "response.reasoning_summary_text.delta") {
        delta.reasoning = json->string("delta").value_or(QString());
    } else if (type == "response.function_call_arguments.delta") {
        const int byIndex = m_tools.value(int(json->integer("output_index").value_or(-1)), -1);
        const int tool = byIndex >= 0
            ? byIndex
            : m_toolIds.value(json->string("item_id").value_or(QString()).toUtf8(), m_lastTool);
        if (tool < 0)
            return;
        delta.toolCalls.append({tool, {}, {}, json->string("delta").value_or(QString())});
    } else if (type == "response.output_item.added") {
        itemAdded(json->bytes(), out);
        return;
    } else if (type == "response.completed" || type == "response.incomplete" || type == "response.failed"
               || type == "error") {
        finished(type, json->bytes(), out);
        return;
    } else {
        return;
    }
    out.append(std::move(delta));
}

void ResponsesDecoder::itemAdded(const QByteArray& data, QList<ChatDelta>& out)
{
    const std::optional<JsonBody> json = JsonBody::parse(data, nullptr);
    const std::optional<JsonBody> item = json ? json->object("item") : std::nullopt;
    if (!item || item->string("type") != u"function_call")
        return;
    const int tool = int(m_toolIds.size());
    m_toolIds.insert(item->string("id").value_or(item->string("call_id").value_or(QString())).toUtf8(), tool);
    if (const std::optional<qint64> index = json->integer("output_index"))
        m_tools.insert(int(*index), tool);
    m_lastTool = tool;
    ChatDelta delta;
    delta.toolCalls.append({tool,
                            item->string("call_id").value_or(QString()),
                            item->string("name").value_or(QString()),
                            item->string("arguments").value_or(QString())});
    out.append(std::move(delta));
}

void ResponsesDecoder::finished(const QByteArray& type, const QByteArray& data, QList<ChatDelta>& out)
{
    const std::optional<JsonBody> json = JsonBody::parse(data, nullptr);
    const std::optional<JsonBody> response = json ? json->object("response") : std::nullopt;
    if (type == "error" || type == "response.failed") {
        const std::optional<JsonBody> inner
            = type == "error" ? json : (response ? response->object("error") : std::nullopt);
        const QString message = inner ? inner->string("message").value_or(QString()) : QString();
        m_error = ApiError::badGateway(u"The backend reported an error inside the stream: %1"_s.arg(message),
                                       "upstream_stream_error");
        return;
    }
    m_ended = true;
    ChatDelta delta;
    if (response) {
        delta.finishReason = finishReasonOf(*response, !m_toolIds.isEmpty());
        if (const std::optional<JsonBody> usage = response->object("usage"))
            delta.usage = ResponsesWire::usageFrom(*usage);
    }
    out.append(std::move(delta));
}

std::optional<ChatCompletion> ResponsesDecoder::decodeWhole(const QByteArray& body, QString* why)
{
    const std::optional<JsonBody> json = JsonBody::parse(body, nullptr);
    if (!json || !json->has("output")) {
        *why = json ? u"the answer has no output"_s : u"the answer is not JSON"_s;
        return std::nullopt;
    }
    ChatCompletion answer;
    answer.id = json->string("id").value_or(QString());
    for (const JsonBody::Span& span : json->elements("output")) {
        const std::optional<JsonBody> item = json->objectAt(span);
        if (!item)
            continue;
        const QString type = item->string("type").value_or(QString());
        if (type == u"message")
            answer.text += partsText(*item, "content", "text");
        else if (type == u"reasoning")
            answer.reasoning += partsText(*item, "content", "text") + partsText(*item, "summary", "text");
        else if (type == u"function_call")
            answer.toolCalls.append({item->string("call_id").value_or(QString()),
                                     item->string("name").value_or(QString()),
                                     item->string("arguments").value_or(QString())});
    }
    answer.finishReason = finishReasonOf(*json, !answer.toolCalls.isEmpty());
    if (const std::optional<JsonBody> usage = json->object("usage"))
        answer.usage = ResponsesWire::usageFrom(*usage);
    return answer;
}

} // namespace sy
