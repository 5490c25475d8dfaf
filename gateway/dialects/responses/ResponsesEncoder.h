#pragma once

#include "gateway/dialects/AnswerContext.h"
#include "gateway/dialects/IAnswerEncoder.h"
#include "gateway/dialects/responses/ResponsesWire.h"

#include <QHash>
#include <QList>

namespace sy {

class JsonWriter;

/**
 * Writes OpenAI Responses answers from the common vocabulary, for Responses clients (Codex, the
 * Agents SDK, the Vercel AI SDK) of backends that speak chat completions. A stream goes out as
 * Responses' semantic events, each with its sequence_number: response.created and
 * response.in_progress; per output item (reasoning, message, function call) output_item.added,
 * its content part, its deltas, their .done events and output_item.done; then
 * response.completed (or response.incomplete at max_output_tokens) with the whole response and
 * its usage. A broken stream ends with an `error` event and response.failed, never completed.
 *
 * The .done events and the final response repeat the whole text, as the protocol wants, so this
 * encoder keeps the answer's items; it parses nothing.
 */
class ResponsesEncoder : public IAnswerEncoder
{
public:
    explicit ResponsesEncoder(const AnswerContext& context);

    QByteArray streamContentType() const override { return QByteArrayLiteral("text/event-stream"); }
    QByteArray begin() override;
    QByteArray keepAlive() override;
    QByteArray encode(const ChatDelta& delta) override;
    QByteArray finish() override;
    QByteArray fail(const ApiError& error) override;
    bool failureEndsStream() const override { return true; }
    QByteArray encodeWhole(const ChatCompletion& answer) override;
    QByteArray finalAnswer() const override { return m_final; }

    const QByteArray& responseId() const { return m_id; }

private:
    enum class Kind
    {
        Reasoning,
        Message,
        FunctionCall,
    };
    struct Item
    {
        Kind kind = Kind::Message;
        QByteArray id;
        QString callId;
        QString name;
        QString text; ///< the message's text, the reasoning, or the call's arguments
        bool done = false;
    };

    QByteArray finishEvent(QByteArrayView type, JsonWriter& w);
    void startEvent(JsonWriter& w, QByteArrayView type);
    QByteArray openItem(Kind kind, const QString& callId = {}, const QString& name = {});
    QByteArray closeItem();
    QByteArray textDelta(Kind kind, const QString& text);
    QByteArray toolDelta(const ToolCallDelta& call);
    void writeItem(JsonWriter& w, const Item& item, bool cutShort) const;
    void writePart(JsonWriter& w, const Item& item) const;
    void writeResponse(JsonWriter& w, QByteArrayView status, const ApiError* error) const;
    QByteArray lifecycle(QByteArrayView type, QByteArrayView status, const ApiError* error = nullptr);

    AnswerContext m_context;
    ResponsesWire::Echo m_echo;
    QByteArray m_id;
    qint64 m_sequence = 0;
    bool m_begun = false;
    QList<Item> m_items; ///< the output, in order; the open one is last and not done
    QHash<int, int> m_toolItems; ///< chat tool index → output index
    QByteArray m_finishReason;
    std::optional<TokenUsage> m_usage;
    QByteArray m_final;
};

} // namespace sy
