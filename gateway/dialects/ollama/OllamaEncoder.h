#pragma once

#include "gateway/dialects/AnswerContext.h"
#include "gateway/dialects/IAnswerEncoder.h"

#include <QElapsedTimer>
#include <QMap>

namespace sy {

class JsonWriter;

/**
 * Writes Ollama answers (/api/chat or /api/generate) from the common vocabulary, for Ollama
 * clients of backends that speak another dialect. A stream is NDJSON: one object per line and
 * per token, `{"model","created_at","message":{"role","content","thinking"},"done":false}` (or
 * `"response"` for generate), then a last object with `"done":true`, `done_reason`, the token
 * counts and the durations in nanoseconds, measured from when the encoder was made (the
 * request's start): time to the first token counts as prompt evaluation, the rest as generation.
 * Tool calls go out whole, with arguments as a JSON object, as Ollama sends them: their pieces
 * are collected until the answer ends.
 */
class OllamaEncoder : public IAnswerEncoder
{
public:
    enum class Shape
    {
        Chat, ///< message.content, message.thinking, message.tool_calls
        Generate, ///< response, thinking
    };

    OllamaEncoder(const AnswerContext& context, Shape shape);

    QByteArray streamContentType() const override { return QByteArrayLiteral("application/x-ndjson"); }
    QByteArray begin() override { return {}; }
    QByteArray keepAlive() override { return {}; }
    QByteArray encode(const ChatDelta& delta) override;
    QByteArray finish() override;
    QByteArray fail(const ApiError& error) override;
    QByteArray encodeWhole(const ChatCompletion& answer) override;

private:
    struct Call
    {
        QString id;
        QString name;
        QString arguments;
    };

    void writeHead(JsonWriter& w) const;
    void writeContent(JsonWriter& w, const QString& text, const QString& reasoning, const QList<Call>& calls) const;
    void writeDone(JsonWriter& w, const QByteArray& finishReason, const std::optional<TokenUsage>& usage) const;
    QByteArray line(const QString& text, const QString& reasoning, const QList<Call>& calls) const;

    AnswerContext m_context;
    Shape m_shape;
    QByteArray m_model; ///< quoted
    QElapsedTimer m_clock;
    qint64 m_firstContentNs = -1;
    qint64 m_chars = 0; ///< generated characters, for an estimate when the backend counts nothing
    QByteArray m_finishReason;
    std::optional<TokenUsage> m_usage;
    QMap<int, Call> m_calls; ///< by the tool call's index
};

} // namespace sy
