#include "gateway/pipeline/AnswerTap.h"

#include "gateway/dialects/DialectAdapter.h"
#include "gateway/dialects/DialectRegistry.h"
#include "gateway/pipeline/RequestContext.h"

namespace sy {

AnswerTap::AnswerTap(const RequestContext& ctx, Options options)
    : m_ctx(ctx)
    , m_capture(options.capture || options.hold)
    , m_hold(options.hold)
    , m_scanner(std::move(options.scanner))
    , m_violation(std::move(options.violation))
{
    if (m_scanner && m_scanner->isEmpty())
        m_scanner.reset();
    if (ctx.wire == ctx.dialect && (m_capture || m_scanner))
        m_sideDecoder = DialectRegistry::adapter(ctx.wire).decoder(ctx.operation);
}

AnswerTap::~AnswerTap() = default;

void AnswerTap::gather(const ChatDelta& delta)
{
    m_answer.text += delta.text;
    m_answer.reasoning += delta.reasoning;
    for (const ToolCallDelta& piece : delta.toolCalls) {
        if (piece.index < 0 || piece.index > 1024)
            continue; // not a call index any answer has
        while (m_answer.toolCalls.size() <= piece.index)
            m_answer.toolCalls.append(ToolCall());
        ToolCall& call = m_answer.toolCalls[piece.index];
        if (!piece.id.isEmpty())
            call.id = piece.id;
        if (!piece.name.isEmpty())
            call.name = piece.name;
        call.arguments += piece.arguments;
    }
    if (!delta.finishReason.isEmpty()) {
        m_answer.finishReason = delta.finishReason;
        m_complete = true;
    }
    if (!delta.stopSequence.isEmpty())
        m_answer.stopSequence = delta.stopSequence;
    if (delta.usage)
        m_answer.usage = delta.usage;
}

std::optional<ApiError> AnswerTap::scan(const ChatDelta& delta)
{
    std::optional<Violation> v = m_scanner->feed(delta.text);
    if (!v)
        v = m_scanner->feed(delta.reasoning);
    for (qsizetype i = 0; !v && i < delta.toolCalls.size(); ++i)
        v = m_scanner->feed(delta.toolCalls[i].arguments);
    if (!v)
        return std::nullopt;
    m_violated = true;
    return m_violation(*v);
}

std::optional<ApiError> AnswerTap::observe(const QList<ChatDelta>& deltas)
{
    for (const ChatDelta& delta : deltas) {
        if (m_capture)
            gather(delta);
        if (m_scanner && !m_hold) {
            if (std::optional<ApiError> error = scan(delta))
                return error;
        }
    }
    return std::nullopt;
}

std::optional<ApiError> AnswerTap::observe(const SseEvent& event)
{
    if (!m_sideDecoder)
        return std::nullopt;
    QList<ChatDelta> deltas;
    m_sideDecoder->decode(event, deltas);
    return observe(deltas);
}

void AnswerTap::observeWhole(const QByteArray& clientBody, const QByteArray& wireBody, const ChatCompletion* decoded)
{
    m_clientBody = clientBody;
    if (m_ctx.operation != Operation::Chat) {
        // Embeddings and legacy completions are cached as OpenAI's body, which every dialect can
        // translate; a body in another dialect is not.
        if (m_ctx.wire == Dialect::OpenAi)
            m_openAiBody = m_ctx.wire == m_ctx.dialect ? clientBody : wireBody;
    }
    std::optional<ChatCompletion> answer;
    if (decoded) {
        answer = *decoded;
    } else if (m_ctx.operation != Operation::Embedding) {
        const std::unique_ptr<IAnswerDecoder> decoder = DialectRegistry::adapter(m_ctx.wire).decoder(m_ctx.operation);
        QString why;
        answer = decoder->decodeWhole(m_ctx.wire == m_ctx.dialect ? clientBody : wireBody, &why);
    }
    if (answer)
        m_answer = *answer;
    m_complete = answer.has_value() || !m_openAiBody.isEmpty();
}

} // namespace sy
