#pragma once

#include "gateway/dialects/ChatDelta.h"
#include "gateway/http/HttpHeaders.h"

#include <QByteArray>

namespace sy {

class IAnswerEncoder;
class ResponseChannel;
struct RequestContext;

/**
 * Sends an answer the gateway already has whole (a cache hit, or an answer held for the
 * guardrails) to the client in its dialect: a stream as a proper stream (the dialect's opening
 * events, the content, the finish and usage events, its end: SSE or NDJSON, whatever the
 * client's encoder writes), anything else as one JSON body. Sets the context's status, usage
 * and byte counts as the relay would.
 */
namespace AnswerReplay {

/** A chat answer through the client's @p encoder (not null). */
void chat(RequestContext& ctx,
          ResponseChannel& channel,
          IAnswerEncoder& encoder,
          const ChatCompletion& answer,
          HttpHeaders headers);

/** A whole JSON body in the client's dialect (embeddings, legacy completions, a native answer). */
void body(RequestContext& ctx, ResponseChannel& channel, const QByteArray& body, HttpHeaders headers);

} // namespace AnswerReplay

} // namespace sy
