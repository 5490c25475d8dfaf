#pragma once

#include "gateway/dialects/AnswerContext.h"
#include "gateway/dialects/IAnswerEncoder.h"

#include <QSet>

namespace sy {

class JsonWriter;

/**
 * Writes Anthropic Messages answers from the common vocabulary, for Anthropic clients (Claude
 * Code, the Anthropic SDKs) of backends that speak another dialect. A stream goes out in
 * Anthropic's order: message_start, then per block content_block_start, content_block_delta
 * (text_delta, thinking_delta, input_json_delta) and content_block_stop, then message_delta
 * with the stop reason and usage, and message_stop. Pings keep an idle stream open.
 */
class MessagesEncoder : public IAnswerEncoder
{
public:
    explicit MessagesEncoder(const AnswerContext& context);

    QByteArray streamContentType() const override { return QByteArrayLiteral("text/event-stream"); }
    QByteArray begin() override;
    QByteArray keepAlive() override;
    QByteArray encode(const ChatDelta& delta) override;
    QByteArray finish() override;
    QByteArray fail(const ApiError& error) override;
    QByteArray encodeWhole(const ChatCompletion& answer) override;

private:
    enum class Block
    {
        None,
        Text,
        Thinking,
        Tool,
    };

    QByteArray openBlock(Block kind, const QByteArray& blockJson);
    QByteArray closeBlock();
    QByteArray toolDelta(const ToolCallDelta& call);
    void writeMessageHead(JsonWriter& w) const;

    AnswerContext m_context;
    QByteArray m_id;
    bool m_begun = false;
    Block m_open = Block::None;
    int m_openTool = -1; ///< the chat tool index of the open tool block
    int m_nextIndex = 0; ///< the next content block's index
    QSet<int> m_toolsSeen; ///< chat tool indexes that had a block
    QByteArray m_finishReason;
    QString m_stopSequence;
    std::optional<TokenUsage> m_usage;
};

} // namespace sy
