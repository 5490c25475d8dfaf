#pragma once

#include "gateway/dialects/AnswerContext.h"
#include "gateway/dialects/INativeFilter.h"

namespace sy {

/**
 * Watches an Anthropic Messages answer passing through from a backend that speaks it (Anthropic
 * itself, or a local server with `dialects: [anthropic]`). Every byte goes through as sent, but
 * for the model name in message_start; usage comes from message_start and message_delta, which
 * are parsed, and the text of each delta is counted with a byte scan.
 */
class MessagesFilter : public INativeFilter
{
public:
    explicit MessagesFilter(const AnswerContext& context);

    QByteArray process(const SseEvent& event) override;
    QByteArray finish() override { return {}; }
    bool ended() const override { return m_ended; }
    std::optional<ApiError> streamError() const override { return m_error; }
    std::optional<TokenUsage> usage() const override { return m_usage; }
    qint64 deliveredChars() const override { return m_deliveredChars; }
    std::optional<QByteArray> filterWhole(const QByteArray& body, std::optional<TokenUsage>* usage) override;

private:
    QByteArray messageStart(const SseEvent& event);
    void messageDelta(const SseEvent& event);

    QByteArray m_model; ///< quoted
    std::optional<TokenUsage> m_usage;
    std::optional<ApiError> m_error;
    qint64 m_deliveredChars = 0;
    bool m_ended = false;
};

} // namespace sy
