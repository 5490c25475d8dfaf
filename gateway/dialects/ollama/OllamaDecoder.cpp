#include "gateway/dialects/ollama/OllamaDecoder.h"

#include "gateway/core/JsonBody.h"
#include "gateway/dialects/ollama/OllamaWire.h"

using namespace Qt::StringLiterals;

namespace sy {

ChatDelta OllamaDecoder::contentOf(const JsonBody& json)
{
    ChatDelta delta;
    const std::optional<JsonBody> message = json.object("message");
    const JsonBody& source = message ? *message : json;
    delta.text = source.string(message ? "content" : "response").value_or(QString());
    delta.reasoning = source.string("thinking").value_or(QString());
    for (const JsonBody::Span& span : source.elements("tool_calls")) {
        const std::optional<JsonBody> call = source.objectAt(span);
        const std::optional<JsonBody> function = call ? call->object("function") : std::nullopt;
        if (!function)
            continue;
        const int index = m_nextTool++;
        QString id = call->string("id").value_or(QString());
        if (id.isEmpty())
            id = u"call_sy_%1"_s.arg(index);
        const QByteArrayView arguments = function->raw("arguments");
        delta.toolCalls.append({index,
                                id,
                                function->string("name").value_or(QString()),
                                arguments.isEmpty() ? u"{}"_s : QString::fromUtf8(arguments)});
    }
    return delta;
}

void OllamaDecoder::decode(const SseEvent& event, QList<ChatDelta>& out)
{
    const std::optional<JsonBody> json = JsonBody::parse(event.data, nullptr);
    if (!json)
        return;
    if (const std::optional<QString> message = json->string("error")) {
        m_error = ApiError::badGateway(u"The backend reported an error inside the stream: %1"_s.arg(*message),
                                       "upstream_stream_error");
        return;
    }
    ChatDelta delta = contentOf(*json);
    if (json->boolean("done").value_or(false)) {
        m_ended = true;
        delta.finishReason = OllamaWire::finishReason(json->string("done_reason").value_or(QString()).toUtf8());
        if (!delta.toolCalls.isEmpty() || m_nextTool > 0)
            delta.finishReason = "tool_calls";
        delta.usage = OllamaWire::usageFrom(*json);
    }
    out.append(std::move(delta));
}

std::optional<ChatCompletion> OllamaDecoder::decodeWhole(const QByteArray& body, QString* why)
{
    const std::optional<JsonBody> json = JsonBody::parse(body, nullptr);
    if (!json || (!json->has("message") && !json->has("response"))) {
        *why = json ? u"the answer has no message"_s : u"the answer is not JSON"_s;
        return std::nullopt;
    }
    const ChatDelta delta = contentOf(*json);
    ChatCompletion answer;
    answer.text = delta.text;
    answer.reasoning = delta.reasoning;
    for (const ToolCallDelta& call : delta.toolCalls)
        answer.toolCalls.append({call.id, call.name, call.arguments});
    answer.finishReason = answer.toolCalls.isEmpty()
        ? OllamaWire::finishReason(json->string("done_reason").value_or(QString()).toUtf8())
        : QByteArrayLiteral("tool_calls");
    answer.usage = OllamaWire::usageFrom(*json);
    return answer;
}

} // namespace sy
