#pragma once

#include "gateway/dialects/IAnswerDecoder.h"

#include <QHash>

namespace sy {

/**
 * Reads Anthropic Messages answers (stream events or a whole message) into the common
 * vocabulary, for clients of a `anthropic/` deployment that speak another dialect. It keeps
 * which content block is which tool call, and the usage of message_start until message_delta
 * completes it.
 */
class MessagesDecoder : public IAnswerDecoder
{
public:
    void decode(const SseEvent& event, QList<ChatDelta>& out) override;
    bool ended() const override { return m_ended; }
    std::optional<ApiError> streamError() const override { return m_error; }
    std::optional<ChatCompletion> decodeWhole(const QByteArray& body, QString* why) override;

private:
    void blockStart(const JsonBody& json, QList<ChatDelta>& out);
    void blockDelta(const JsonBody& json, QList<ChatDelta>& out);
    void messageDelta(const JsonBody& json, QList<ChatDelta>& out);

    QHash<qint64, int> m_toolOfBlock; ///< Anthropic block index → chat tool index
    int m_nextTool = 0;
    TokenUsage m_usage;
    bool m_ended = false;
    std::optional<ApiError> m_error;
};

} // namespace sy
