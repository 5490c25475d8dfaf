#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/dialects/ChatDelta.h"
#include "gateway/streaming/SseEventSplitter.h"

#include <QList>

#include <optional>

namespace sy {

/**
 * Reads a backend's answer in its dialect into the common vocabulary (ChatDelta for streams,
 * ChatCompletion for whole answers), for a client that speaks another dialect. One per
 * attempt. An incremental state machine: it holds only what the next events need (open
 * blocks, tool indexes), never the whole answer, and parses each event without a DOM.
 */
class IAnswerDecoder
{
public:
    virtual ~IAnswerDecoder() = default;

    /** One event of the backend's stream (an SSE event, or an NDJSON line as `data`). */
    virtual void decode(const SseEvent& event, QList<ChatDelta>& out) = 0;
    /** True once the backend's stream said it is complete ([DONE], message_stop, …). */
    virtual bool ended() const = 0;
    /** An error the backend reported inside its stream. */
    virtual std::optional<ApiError> streamError() const = 0;

    /** A whole answer; nullopt with @p why when it is not one. */
    virtual std::optional<ChatCompletion> decodeWhole(const QByteArray& body, QString* why) = 0;
};

} // namespace sy
