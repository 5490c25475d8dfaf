#pragma once

#include "gateway/dialects/IAnswerDecoder.h"

namespace sy {

class JsonBody;

/**
 * Reads Ollama answers (/api/chat or /api/generate: NDJSON lines, or one whole object) into the
 * common vocabulary, for clients of another dialect served by a deployment that speaks only
 * Ollama's API. Each line is parsed on its own (a line is one token); tool calls arrive whole
 * and become one delta each, with their arguments object as JSON text.
 */
class OllamaDecoder : public IAnswerDecoder
{
public:
    void decode(const SseEvent& event, QList<ChatDelta>& out) override;
    bool ended() const override { return m_ended; }
    std::optional<ApiError> streamError() const override { return m_error; }
    std::optional<ChatCompletion> decodeWhole(const QByteArray& body, QString* why) override;

private:
    /** Text, thinking and tool calls of one object, chat's message or generate's top level. */
    ChatDelta contentOf(const JsonBody& json);

    int m_nextTool = 0;
    bool m_ended = false;
    std::optional<ApiError> m_error;
};

} // namespace sy
