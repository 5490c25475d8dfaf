#pragma once

#include "gateway/dialects/IAnswerDecoder.h"

#include <QHash>

namespace sy {

/**
 * Reads a Responses answer (stream events or a whole response object) into the common
 * vocabulary, for clients of other dialects whose deployment speaks only the Responses API.
 * Text and reasoning deltas pass through; each function_call item becomes a tool call, its
 * arguments streamed; the final response gives the finish reason and usage.
 */
class ResponsesDecoder : public IAnswerDecoder
{
public:
    void decode(const SseEvent& event, QList<ChatDelta>& out) override;
    bool ended() const override { return m_ended; }
    std::optional<ApiError> streamError() const override { return m_error; }
    std::optional<ChatCompletion> decodeWhole(const QByteArray& body, QString* why) override;

private:
    void finished(const QByteArray& type, const QByteArray& data, QList<ChatDelta>& out);
    void itemAdded(const QByteArray& data, QList<ChatDelta>& out);

    QHash<int, int> m_tools; ///< output_index → chat tool index
    QHash<QByteArray, int> m_toolIds; ///< item id → chat tool index
    int m_lastTool = -1;
    bool m_ended = false;
    std::optional<ApiError> m_error;
};

} // namespace sy
