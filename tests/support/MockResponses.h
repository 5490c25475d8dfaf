#pragma once

#include "tests/support/RequestBodyInfo.h"

#include <QByteArray>

namespace sy::testing {

/** Builds the bytes the mock backend writes. Bodies are assembled by hand: the benchmark needs them cheap. */
class MockResponses
{
public:
    // Parameters shared by the completion builders. JSON fields hold ready-to-paste JSON literals.
    struct Completion
    {
        // The API answered: OpenAI's, or Ollama's /api/chat or /api/generate (MockOllama).
        enum class Wire
        {
            OpenAi,
            OllamaChat,
            OllamaGenerate,
        };
        Wire wire = Wire::OpenAi;
        bool chat = true;
        QByteArray id;
        qint64 created = 0;
        QByteArray modelJson;
        QByteArray fingerprintJson;
        int tokens = 0;
        int promptTokens = 1;
        bool includeUsage = false; // streams only: add "usage":null to chunks and a final usage chunk
        bool noUsage = false; // like a server that never reports usage
        QList<QByteArray> reply; // the "reply" knob's pieces (JSON-escaped) instead of "tokN "
        bool toolCall = false; // answer with a call of get_weather({"city":"Paris"}) instead of text
        QByteArray reportedUsage; // raw JSON sent as "usage" instead of the real counts (knob)
    };

    // Status line and headers. contentLength < 0 selects chunked transfer coding.
    static QByteArray head(int status,
                           QByteArrayView contentType,
                           qint64 contentLength,
                           QByteArrayView backendId,
                           QByteArrayView extraHeaders = {},
                           bool close = false);
    static QByteArrayView reasonPhrase(int status);
    static QByteArray chunk(QByteArrayView data);
    static QByteArrayView lastChunk() { return "0\r\n\r\n"; }

    static QByteArray errorBody(int status, const QString& message, const char* code = nullptr);
    static QByteArray contextErrorBody(int promptTokens);
    static QByteArray completion(const Completion& c);
    // Stream event `index`: 0..tokens-1 carry tokens, `tokens` is the finish chunk, then the usage chunk.
    static QByteArray streamEvent(const Completion& c, int index);
    static QByteArray doneEvent() { return "data: [DONE]\n\n"; }
    static QByteArray embeddings(const RequestBodyInfo& info, const QByteArray& modelJson, int dimension);
    /** The deterministic embedding of one input (the same for OpenAI's and Ollama's API). */
    static QList<float> embeddingOf(QByteArrayView input, int dimension);
    /** Stream events of a tool-call answer: the call's start, two argument pieces. */
    static constexpr int kToolCallEvents = 3;

private:
    static void appendUsage(QByteArray& out, const Completion& c);
    static void appendToolDelta(QByteArray& out, int index);
    static void appendPrefix(QByteArray& out, const Completion& c, bool chunk);
    static QByteArray tokenText(const Completion& c, int from, int to);
};

} // namespace sy::testing
