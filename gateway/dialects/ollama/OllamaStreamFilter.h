#pragma once

#include "gateway/dialects/AnswerContext.h"
#include "gateway/dialects/INativeFilter.h"

namespace sy {

/**
 * Watches an Ollama answer passing through from an Ollama backend: every line goes on as sent
 * but for `model`, which becomes the name the client asked for. The final object (`"done":true`)
 * is parsed for prompt_eval_count and eval_count; a line with `"error"` is the backend's failure
 * (held back when it is the first: then the request can still go elsewhere). Per line it does
 * byte scans only.
 */
class OllamaStreamFilter : public INativeFilter
{
public:
    explicit OllamaStreamFilter(const AnswerContext& context);

    QByteArray process(const SseEvent& event) override;
    QByteArray finish() override { return {}; }
    bool ended() const override { return m_ended; }
    std::optional<ApiError> streamError() const override { return m_error; }
    std::optional<TokenUsage> usage() const override { return m_usage; }
    qint64 deliveredChars() const override { return m_deliveredChars; }
    std::optional<QByteArray> filterWhole(const QByteArray& body, std::optional<TokenUsage>* usage) override;

private:
    QByteArray withClientModel(const QByteArray& json) const;

    QByteArray m_model; ///< quoted
    std::optional<TokenUsage> m_usage;
    std::optional<ApiError> m_error;
    qint64 m_deliveredChars = 0;
    bool m_ended = false;
    bool m_forwarded = false; ///< a line went to the client
};

} // namespace sy
