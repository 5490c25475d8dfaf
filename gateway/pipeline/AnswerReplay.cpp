#include "gateway/pipeline/AnswerReplay.h"

#include "gateway/dialects/IAnswerEncoder.h"
#include "gateway/http/ResponseChannel.h"
#include "gateway/pipeline/RequestContext.h"

namespace sy::AnswerReplay {

namespace {

TokenUsage usageOf(const ChatCompletion& answer, qint64 chars)
{
    if (answer.usage)
        return *answer.usage;
    TokenUsage estimate;
    estimate.completionTokens = (chars + 3) / 4;
    estimate.estimated = true;
    return estimate;
}

} // namespace

void chat(RequestContext& ctx,
          ResponseChannel& channel,
          IAnswerEncoder& encoder,
          const ChatCompletion& answer,
          HttpHeaders headers)
{
    qint64 chars = answer.text.size() + answer.reasoning.size();
    for (const ToolCall& call : answer.toolCalls)
        chars += call.name.size() + call.arguments.size();
    ctx.deliveredChars = chars;
    ctx.usage = usageOf(answer, chars);
    ctx.contentStarted = true;
    ctx.status = 200;
    if (!ctx.stream) {
        const QByteArray body = encoder.encodeWhole(answer);
        ctx.bytesOut += body.size();
        channel.send(200, std::move(headers), body);
        return;
    }
    // The content in one delta, then the finish and usage, as a backend's last events say them.
    ChatDelta content;
    content.text = answer.text;
    content.reasoning = answer.reasoning;
    for (qsizetype i = 0; i < answer.toolCalls.size(); ++i) {
        const ToolCall& call = answer.toolCalls[i];
        content.toolCalls.append({int(i), call.id, call.name, call.arguments});
    }
    ChatDelta end;
    end.finishReason = answer.finishReason.isEmpty() ? QByteArrayLiteral("stop") : answer.finishReason;
    end.stopSequence = answer.stopSequence;
    end.usage = ctx.usage;
    QByteArray bytes = encoder.begin();
    bytes += encoder.encode(content);
    bytes += encoder.encode(end);
    bytes += encoder.finish();
    if (!channel.hasStarted()) // a held stream may have been opened by keep-alive events
        channel.beginStream(200, std::move(headers));
    ctx.firstTokenMs = ctx.elapsedMs();
    ctx.bytesOut += bytes.size();
    channel.endStream(bytes);
}

void body(RequestContext& ctx, ResponseChannel& channel, const QByteArray& body, HttpHeaders headers)
{
    ctx.contentStarted = true;
    ctx.status = 200;
    ctx.bytesOut += body.size();
    channel.send(200, std::move(headers), body);
}

} // namespace sy::AnswerReplay
