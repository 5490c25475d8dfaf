#pragma once

#include "gateway/dialects/IAnswerDecoder.h"

namespace sy {

/** Reads an OpenAI chat completion (stream chunks or a whole answer) into the common vocabulary. */
class ChatAnswerDecoder : public IAnswerDecoder
{
public:
    void decode(const SseEvent& event, QList<ChatDelta>& out) override;
    bool ended() const override { return m_ended; }
    std::optional<ApiError> streamError() const override { return m_error; }
    std::optional<ChatCompletion> decodeWhole(const QByteArray& body, QString* why) override;

private:
    bool m_ended = false;
    std::optional<ApiError> m_error;
};

} // namespace sy
