#pragma once

#include "tests/support/MockResponses.h"
#include "tests/support/RequestBodyInfo.h"

#include <QByteArray>

namespace sy::testing {

/**
 * The mock backend's answers in Ollama's native API, so one mock can stand in for an Ollama
 * server: /api/chat and /api/generate (NDJSON streams, one object per token and a final
 * `"done":true` object with the counts and durations; or one object), /api/embed,
 * /api/embeddings, /api/ps, /api/show and /api/version, and errors as `{"error":"…"}`.
 * Tokens and counts follow the OpenAI answers (`tok0 `, `tok1 `, …; prompt words).
 */
class MockOllama
{
public:
    /** Stream line @p index: 0..tokens-1 carry tokens (or the tool call), the last is the done object. */
    static QByteArray streamLine(const MockResponses::Completion& c, int index);
    /** Lines of a stream: one per token (one for a tool call), then the done object. */
    static int streamLines(const MockResponses::Completion& c);
    static QByteArray whole(const MockResponses::Completion& c);
    static QByteArray embed(const RequestBodyInfo& info, const QByteArray& modelJson, int dimension);
    static QByteArray embeddings(const RequestBodyInfo& info, int dimension);
    /** /api/ps: every model loaded, with a context length of 8192. */
    static QByteArray ps(const QStringList& models);
    static QByteArray errorBody(const QString& message);
    /** LM Studio's /api/v0/models: the first model loaded, the others not. */
    static QByteArray lmStudioModels(const QStringList& models);

private:
    static void appendHead(QByteArray& out, const MockResponses::Completion& c);
    static void appendContent(QByteArray& out, const MockResponses::Completion& c, const QByteArray& text, bool tool);
    static void appendDone(QByteArray& out, const MockResponses::Completion& c);
    static QByteArray vector(QByteArrayView input, int dimension);
};

} // namespace sy::testing
