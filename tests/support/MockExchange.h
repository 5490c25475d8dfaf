#pragma once

#include "tests/support/MockHttpRequest.h"
#include "tests/support/MockKnobs.h"
#include "tests/support/MockResponses.h"
#include "tests/support/RequestBodyInfo.h"

#include <QObject>

#include <memory>

namespace sy::testing {

class GzipEncoder;
class MockConnection;
class MockState;

/**
 * One request/response exchange on a MockConnection: resolves the knobs, waits, and writes the
 * response (plain, chunked, gzip, SSE) or misbehaves on purpose. Timers are parented to the
 * exchange, so they die with it when the client disconnects.
 */
class MockExchange : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MockExchange)

public:
    MockExchange(MockHttpRequest request, MockConnection* connection, MockState* state);
    ~MockExchange() override;

    void start();
    // The client went away. Counts as cancelled unless the response was already complete.
    void cancel();
    bool isFinished() const { return m_finished; }

private:
    enum class Route
    {
        Models,
        Tags,
        Health,
        ChatCompletions,
        Completions,
        Embeddings,
        Responses,
        Messages, // Anthropic
        CountTokens, // Anthropic
        // Ollama's native API (MockOllama) and LM Studio's model states
        OllamaChat,
        OllamaGenerate,
        OllamaEmbed,
        OllamaEmbeddings,
        OllamaPs,
        OllamaVersion,
        LmStudioModels,
        Unknown
    };

    void startApi();
    bool checkAzure();
    bool prepareBody(Route route);
    bool resolveKnobs();
    void respond();
    void respondRoute();
    bool respondOllama();
    void startCompletion(MockResponses::Completion::Wire wire);
    void startStream();
    void respondMessages(const QByteArray& model);
    bool respondScripted(const QByteArray& model);
    void startScriptedStream(QList<QByteArray> events);
    void sendEvents();
    bool usageIsNext() const;
    bool sendOneEvent();
    void sendBody(int status, QByteArrayView contentType, QByteArray body, QByteArray extraHeaders = {});
    void sendError(int status, const QString& message, const char* code = nullptr);
    void sendStatusError();
    void finish(bool close);

    static Route routeFor(QByteArrayView path);
    static bool isPostRoute(Route route);
    static bool isOllamaRoute(Route route);

    MockHttpRequest m_request;
    MockConnection* m_connection;
    MockState* m_state;
    MockKnobs m_knobs; // stays default-constructed (plain answers) for /mock/* control requests
    RequestBodyInfo m_info;
    Route m_route = Route::Unknown;
    MockResponses::Completion m_completion;
    std::unique_ptr<GzipEncoder> m_gzip;
    QList<QByteArray> m_events; ///< a stream built up front (Anthropic, Responses, tool calls); empty for OpenAI text
    int m_nextEvent = 0;
    int m_eventCount = 0;
    bool m_isApi = false;
    bool m_finished = false;
};

} // namespace sy::testing
