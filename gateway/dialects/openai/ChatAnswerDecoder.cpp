#include "gateway/dialects/openai/ChatAnswerDecoder.h"

#include "gateway/core/JsonBody.h"

using namespace Qt::StringLiterals;

namespace sy {

namespace {

// Reasoning text: llama.cpp, vLLM and DeepSeek say reasoning_content; OpenRouter and Ollama reasoning.
QString reasoningOf(const JsonBody& message)
{
    if (std::optional<QString> text = message.string("reasoning_content"))
        return *text;
    return message.string("reasoning").value_or(QString());
}

void readToolCalls(const JsonBody& message, QList<ToolCallDelta>& out)
{
    const QList<JsonBody::Span> calls = message.elements("tool_calls");
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const std::optional<JsonBody> call = message.objectAt(calls[i]);
        if (!call)
            continue;
        ToolCallDelta delta;
        delta.index = int(call->integer("index").value_or(i));
        delta.id = call->string("id").value_or(QString());
        if (const std::optional<JsonBody> function = call->object("function")) {
            delta.name = function->string("name").value_or(QString());
            delta.arguments = function->string("arguments").value_or(QString());
        }
        out.append(delta);
    }
}

std::optional<JsonBody> firstChoice(const JsonBody& json)
{
    const QList<JsonBody::Span> choices = json.elements("choices");
    return choices.isEmpty() ? std::nullopt : json.objectAt(choices.first());
}

} // namespace

void ChatAnswerDecoder::decode(const SseEvent& event, QList<ChatDelta>& out)
{
    const QByteArray data = event.data.trimmed();
    if (data == "[DONE]") {
        m_ended = true;
        return;
    }
    const std::optional<JsonBody> json = JsonBody::parse(data, nullptr);
    if (event.event == "error" || (json && json->member("error"))) {
        m_error = ApiError::badGateway(
            u"The backend reported an error inside the stream: %1"_s.arg(QString::fromUtf8(data.left(500))),
            "upstream_stream_error");
        return;
    }
    if (!json)
        return; // a comment or keep-alive
    ChatDelta delta;
    delta.usage = TokenUsage::fromResponse(*json);
    if (const std::optional<JsonBody> choice = firstChoice(*json)) {
        if (const std::optional<JsonBody> d = choice->object("delta")) {
            delta.text = d->string("content").value_or(QString());
            delta.reasoning = reasoningOf(*d);
            readToolCalls(*d, delta.toolCalls);
        }
        delta.text += choice->string("text").value_or(QString()); // legacy completions
        delta.finishReason = choice->string("finish_reason").value_or(QString()).toUtf8();
    }
    out.append(std::move(delta));
}

std::optional<ChatCompletion> ChatAnswerDecoder::decodeWhole(const QByteArray& body, QString* why)
{
    const std::optional<JsonBody> json = JsonBody::parse(body, nullptr);
    const std::optional<JsonBody> choice = json ? firstChoice(*json) : std::nullopt;
    if (!choice) {
        *why = json ? u"the answer has no choices"_s : u"the answer is not JSON"_s;
        return std::nullopt;
    }
    ChatCompletion answer;
    answer.id = json->string("id").value_or(QString());
    answer.usage = TokenUsage::fromResponse(*json);
    answer.finishReason = choice->string("finish_reason").value_or(u"stop"_s).toUtf8();
    if (const std::optional<JsonBody> message = choice->object("message")) {
        answer.text = message->string("content").value_or(QString());
        answer.reasoning = reasoningOf(*message);
        QList<ToolCallDelta> calls;
        readToolCalls(*message, calls);
        for (const ToolCallDelta& call : std::as_const(calls))
            answer.toolCalls.append({call.id, call.name, call.arguments});
    }
    answer.text += choice->string("text").value_or(QString());
    return answer;
}

} // namespace sy
