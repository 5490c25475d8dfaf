#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace sy::testing {

/**
 * The mock backend's behaviour knobs. Process defaults come from the command line or
 * MockBackend::Options and can be changed at runtime (POST /mock/config); each request may
 * override them with a top-level "mock" object in its JSON body or with x-mock-<knob> headers.
 */
struct MockKnobs
{
    enum class Behavior
    {
        Normal,
        Hang, // read the request, never answer, keep the socket open
        Close, // close the connection without answering
        Garbage, // write bytes that are not HTTP, then close
        Cut, // stream: head plus cutAfter events then close; otherwise a short body then close
        BadJson // 200 with Content-Type application/json and an invalid body
    };

    int latencyMs = 0; // delay before the response head
    int tokenDelayMs = 0; // delay between SSE events; non-stream responses wait tokens * tokenDelayMs
    int tokens = 5;
    int status = 200;
    int retryAfter = 1; // seconds, sent with status 429
    Behavior behavior = Behavior::Normal;
    int cutAfter = 2;
    bool gzip = false;
    bool chunked = false;
    bool contextError = false;
    bool noUsage = false; // report no token usage: no "usage" in completions, no usage chunk in streams
    bool toolCalls = false; // a request with tools gets a call of its first tool, unless it ends with a tool result
    QString toolArguments; // the call's arguments (JSON text); empty: {"text":"tok0 ..."}
    bool step = false; // stream: after the first event, send each next one only when the test releases it
    bool toolCall = false; // chat: answer with a call of get_weather({"city":"Paris"}) instead of text
    int embeddingDim = 8;
    bool toolUse = false; // Anthropic answers: a text block, then a tool_use block (get_weather)
    bool thinking = false; // Anthropic answers: a thinking block first
    /** What to answer instead of "tok0 tok1 …": one streamed event per piece (sets tokens),
        each piece already escaped for a JSON string. */
    QList<QByteArray> reply;
    // Raw JSON sent as the "usage" object instead of the real counts, e.g. a backend reporting
    // {"prompt_tokens":1,"completion_tokens":9223372036854775807}; empty: the real counts.
    QByteArray reportedUsage;

    // Applies every knob present in `object` (snake_case keys). Returns false and leaves an
    // explanation in `error` when a value has the wrong type or is out of range.
    bool apply(const QJsonObject& object, QString* error);
    // Applies one header knob; `name` is the part after "x-mock-" (dashes or underscores).
    bool applyHeader(QByteArrayView name, QByteArrayView value, QString* error);
    QJsonObject toJson() const;

    static std::optional<Behavior> parseBehavior(QStringView name);
    static QString behaviorName(Behavior behavior);
};

} // namespace sy::testing
