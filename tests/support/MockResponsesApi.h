#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace sy::testing {

/**
 * The mock's answers beyond plain chat text: OpenAI's Responses API in llama.cpp's llama-server
 * shape (no sequence_number, output_index or content_index; a minimal response in
 * response.created; function calls without an item id), and chat tool calls. Built with
 * QJsonDocument: these paths are for compatibility tests, not the benchmark.
 */
namespace MockResponsesApi {

struct Answer
{
    QByteArray modelJson; ///< the request's model, as a JSON string token
    int tokens = 5;
    int promptTokens = 1;
    bool noUsage = false;
    QString toolName; ///< non-empty: the answer is a call of this tool
    QString toolArguments; ///< the call's arguments; empty: {"text":"tok0 …"} of `tokens` words
    qint64 serial = 0; ///< makes ids unique
};

/** The first tool's name when @p body (chat or Responses) offers tools and does not end with
    a tool's result; empty otherwise. */
QString toolToCall(const QByteArray& body);

/** A whole Responses answer (POST /v1/responses). */
QByteArray responsesWhole(const Answer& answer);
/** A streamed Responses answer: one SSE event per list element, in llama.cpp's shape. */
QList<QByteArray> responsesStream(const Answer& answer);

/** A chat completion whose message calls answer.toolName. */
QByteArray chatToolCall(const Answer& answer);
/** The same as a stream: chunks with the call and its arguments in pieces, the finish chunk,
    the usage chunk when @p includeUsage, and [DONE]. */
QList<QByteArray> chatToolCallStream(const Answer& answer, bool includeUsage);

} // namespace MockResponsesApi

} // namespace sy::testing
