#pragma once

#include "gateway/core/TokenUsage.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace sy {

/** A piece of a tool call as it streams: the first piece names it, later ones add arguments. */
struct ToolCallDelta
{
    int index = 0; ///< which call of the answer, from 0
    QString id; ///< set on the first piece
    QString name; ///< set on the first piece
    QString arguments; ///< a fragment of the JSON arguments
};

/**
 * One step of a streamed answer in the translators' common vocabulary, OpenAI chat's: what a
 * backend's stream decoder produces and what a client's stream encoder consumes. A decoder
 * emits zero or more per backend event; finishReason and usage come once, near the end.
 */
struct ChatDelta
{
    QString text;
    QString reasoning; ///< thinking text (reasoning_content, Anthropic thinking)
    QList<ToolCallDelta> toolCalls;
    QByteArray finishReason; ///< "stop", "length", "tool_calls", "content_filter"; empty until the end
    QString stopSequence; ///< the stop sequence that ended it, where the backend says
    std::optional<TokenUsage> usage;
};

struct ToolCall
{
    QString id;
    QString name;
    QString arguments; ///< JSON text
};

/** A whole (non-streamed) answer, in the same vocabulary. */
struct ChatCompletion
{
    QString id;
    QString text;
    QString reasoning;
    QList<ToolCall> toolCalls;
    QByteArray finishReason = "stop";
    QString stopSequence;
    std::optional<TokenUsage> usage;
};

} // namespace sy
