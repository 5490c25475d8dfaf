#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/core/TokenUsage.h"
#include "gateway/streaming/SseEventSplitter.h"

#include <QByteArray>

#include <optional>

namespace sy {

/**
 * Watches an answer that passes through unchanged, because the backend speaks the client's
 * dialect: it reads the token usage, counts delivered text for estimates, notes the end and
 * any in-stream error, and puts back the model name the client asked for. It parses only the
 * few events that carry these, never every token.
 */
class INativeFilter
{
public:
    virtual ~INativeFilter() = default;

    /** The bytes to forward for @p event; empty when it is dropped or held back. */
    virtual QByteArray process(const SseEvent& event) = 0;
    /** What was held back, to go out with the end of a complete stream. */
    virtual QByteArray finish() = 0;
    virtual bool ended() const = 0;
    virtual std::optional<ApiError> streamError() const = 0;
    virtual std::optional<TokenUsage> usage() const = 0;
    /** Generated text forwarded so far, in characters: the estimate when no usage comes. */
    virtual qint64 deliveredChars() const = 0;

    /** A whole answer: returns the body to send and sets @p usage when the answer has it;
        nullopt when @p body is not a valid JSON object (validated in the same pass where the
        filter can). */
    virtual std::optional<QByteArray> filterWhole(const QByteArray& body, std::optional<TokenUsage>* usage) = 0;
    /** The finished answer as one object (Responses' `response`, its id and model the
        gateway's), for stored conversations; empty where none is kept or it did not finish. */
    virtual QByteArray finalAnswer() const { return {}; }
    /** The end of a stream broken after it started, continuing what passed through (Responses'
        numbered events), which ends it as IAnswerEncoder::failureEndsStream() does; empty: the
        client dialect's encoder writes its error event. */
    virtual QByteArray fail(const ApiError& error)
    {
        Q_UNUSED(error);
        return {};
    }
};

} // namespace sy
