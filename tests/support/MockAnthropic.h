#pragma once

#include "tests/support/MockKnobs.h"

#include <QByteArray>
#include <QList>

namespace sy::testing {

/**
 * The mock backend's Anthropic Messages answers (POST /v1/messages, /v1/messages/count_tokens),
 * in the shapes Anthropic's API sends: a message, or the stream message_start,
 * content_block_start/delta/stop per block (text, thinking with a signature, tool_use built from
 * input_json_delta pieces), ping, message_delta with the stop reason and usage, message_stop.
 * Errors are Anthropic's {"type":"error","error":{…}}.
 */
namespace MockAnthropic {

struct Answer
{
    QByteArray id;
    QByteArray modelJson; ///< ready-to-paste JSON string
    int tokens = 5; ///< text tokens: "tok0 ", "tok1 ", …
    int inputTokens = 1;
    bool toolUse = false;
    bool thinking = false;
};

QByteArray message(const Answer& answer);
/** The stream, one server-sent event per element, in order. */
QList<QByteArray> streamEvents(const Answer& answer);
QByteArray countTokens(int inputTokens);
QByteArray errorBody(int status, const QString& message);

} // namespace MockAnthropic

} // namespace sy::testing
