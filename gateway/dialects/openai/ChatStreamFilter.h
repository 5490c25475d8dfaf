#pragma once

#include "gateway/core/JsonBody.h"
#include "gateway/dialects/AnswerContext.h"
#include "gateway/dialects/INativeFilter.h"

namespace sy {

/**
 * Watches an OpenAI completion stream (chat or legacy completions) on its way to an OpenAI
 * client. It reads the token usage (the gateway asks every backend for it with
 * stream_options.include_usage), drops the usage-only chunk when the client did not ask for
 * one, holds back `data: [DONE]` so it goes out with the end of the stream, and writes the
 * client's model name over the backend's. Per chunk it does byte scans only; the few chunks
 * that mention usage or an error are parsed.
 */
class ChatStreamFilter : public INativeFilter
{
public:
    ChatStreamFilter(const AnswerContext& context, bool stripUsageChunk);

    QByteArray process(const SseEvent& event) override;
    QByteArray finish() override { return m_done; }
    bool ended() const override { return !m_done.isEmpty(); }
    std::optional<ApiError> streamError() const override { return m_error; }
    std::optional<TokenUsage> usage() const override { return m_usage; }
    qint64 deliveredChars() const override { return m_deliveredChars; }
    std::optional<QByteArray> filterWhole(const QByteArray& body, std::optional<TokenUsage>* usage) override;

    /** @p json with its top-level "model" set to the client's, if it says another. */
    QByteArray withClientModel(const QByteArray& json) const;

private:
    QByteArray withClientModel(const QByteArray& json, const std::optional<JsonBody::Span>& model) const;

    QByteArray m_model; ///< the client's model name, quoted
    bool m_strip;
    QByteArray m_done;
    std::optional<ApiError> m_error;
    std::optional<TokenUsage> m_usage;
    qint64 m_deliveredChars = 0;
};

} // namespace sy
