#pragma once

#include "gateway/dialects/AnswerContext.h"
#include "gateway/dialects/IAnswerEncoder.h"

#include <QSet>

namespace sy {

/** Writes OpenAI chat completions (chunks or a whole answer) from the common vocabulary, for
    OpenAI clients of a backend that speaks another dialect (Anthropic). */
class ChatAnswerEncoder : public IAnswerEncoder
{
public:
    explicit ChatAnswerEncoder(const AnswerContext& context);

    QByteArray streamContentType() const override { return QByteArrayLiteral("text/event-stream"); }
    QByteArray begin() override { return {}; }
    QByteArray keepAlive() override { return {}; }
    QByteArray encode(const ChatDelta& delta) override;
    QByteArray finish() override;
    QByteArray fail(const ApiError& error) override;
    QByteArray encodeWhole(const ChatCompletion& answer) override;

private:
    QByteArray chunk(const QByteArray& deltaJson, const QByteArray& finishReason) const;

    AnswerContext m_context;
    QByteArray m_id;
    QByteArray m_finishReason;
    std::optional<TokenUsage> m_usage;
    bool m_roleSent = false;
    QSet<int> m_toolsStarted;
};

/** Writes OpenAI's `usage` object. */
void writeOpenAiUsage(class JsonWriter& w, const TokenUsage& usage);

} // namespace sy
