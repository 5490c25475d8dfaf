#pragma once

#include "gateway/core/ApiError.h"
#include "gateway/core/JsonBody.h"
#include "gateway/core/TokenUsage.h"

#include <QByteArray>
#include <QList>
#include <QPair>

namespace sy {

class JsonWriter;

/** Pieces of OpenAI's Responses API shared by its encoder, filter, decoder and stored conversations. */
namespace ResponsesWire {

/** A new id with @p prefix ("resp_", "msg_", "fc_", …): 24 random bytes in hex, unique across
    instances and restarts, since stored responses are found by it. */
QByteArray newId(QByteArrayView prefix);

/** One server-sent event: `event: <type>` and its JSON. */
QByteArray event(QByteArrayView type, const QByteArray& json);

/** The usage object: input, output and total tokens, with cached and reasoning details. */
void writeUsage(JsonWriter& w, const TokenUsage& usage);
/** A Responses usage object (input_tokens includes the cached ones) as the gateway counts it. */
TokenUsage usageFrom(const JsonBody& usage);

/** The response.error object of a failed response: {"code":…,"message":…}. */
void writeError(JsonWriter& w, const ApiError& error);
/** The `error` event of a stream that breaks: {"type":"error","code","message","param","sequence_number"}. */
QByteArray errorEvent(const ApiError& error, qint64 sequenceNumber);

/** The request parameters a response object repeats (instructions, tools, temperature, …), as
    JSON text per member, with OpenAI's defaults for those the request left out. */
using Echo = QList<QPair<QByteArray, QByteArray>>;
Echo echoOf(const QByteArray& requestBody);
/** Writes @p echo's members into the response object being written. */
void writeEcho(JsonWriter& w, const Echo& echo);

/** OpenAI finish_reason → the response's incomplete_details.reason; empty when it completed. */
QByteArray incompleteReason(const QByteArray& finishReason);

} // namespace ResponsesWire

} // namespace sy
