#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/dialects/ChatDelta.h"

#include <QByteArray>

namespace sy {

/**
 * Writes an answer in the client's dialect from the common vocabulary: a stream event by
 * event, or a whole answer at once. One per request: it lives across retries, so what went
 * out before the first token (Anthropic's message_start and pings) is not repeated when
 * another deployment takes over. An incremental state machine, as IAnswerDecoder.
 */
class IAnswerEncoder
{
public:
    virtual ~IAnswerEncoder() = default;

    /** Content type of the stream: text/event-stream, or application/x-ndjson for Ollama. */
    virtual QByteArray streamContentType() const = 0;
    /** What opens the stream before any content (message_start; response.created); may be empty.
        Returns the bytes once; later calls return nothing. */
    virtual QByteArray begin() = 0;
    /** An event that keeps an idle stream open through proxies (Anthropic's ping); empty: none. */
    virtual QByteArray keepAlive() = 0;
    virtual QByteArray encode(const ChatDelta& delta) = 0;
    /** The end of a complete stream (after begin() and every encode()). */
    virtual QByteArray finish() = 0;
    /** The end of a broken stream: an error event, never what finish() sends. */
    virtual QByteArray fail(const ApiError& error) = 0;
    /** True when fail()'s events end the answer as the dialect's own servers end a failed one
        (Responses' response.failed): the stream then closes cleanly, since clients read the
        failure from those events and take a cut connection for a network error. False: the
        connection is cut after them, so no client mistakes the answer for a complete one. */
    virtual bool failureEndsStream() const { return false; }

    /** A whole answer, as the body of a non-stream response (JSON). */
    virtual QByteArray encodeWhole(const ChatCompletion& answer) = 0;
    /** The finished answer as one object in the client's dialect (Responses' `response`), once
        finish() or encodeWhole() wrote it, for stored conversations; empty where none is kept. */
    virtual QByteArray finalAnswer() const { return {}; }
};

} // namespace sy
