#include "tests/support/MockExchange.h"

#include "tests/support/GzipEncoder.h"
#include "tests/support/MockAnthropic.h"
#include "tests/support/MockConnection.h"
#include "tests/support/MockControlApi.h"
#include "tests/support/MockOllama.h"
#include "tests/support/MockResponsesApi.h"
#include "tests/support/MockState.h"
#include "tests/support/RequestBodyScanner.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <climits>

using namespace Qt::StringLiterals;

namespace sy::testing {

namespace {
std::atomic<quint64> g_completionIds{0};
constexpr QByteArrayView JsonType = "application/json";
constexpr QByteArrayView MockHeaderPrefix = "x-mock-";
} // namespace

MockExchange::MockExchange(MockHttpRequest request, MockConnection* connection, MockState* state)
    : QObject(connection)
    , m_request(std::move(request))
    , m_connection(connection)
    , m_state(state)
{ }

MockExchange::~MockExchange() = default;

void MockExchange::start()
{
    if (!m_request.parseError.isEmpty()) {
        m_request.keepAlive = false;
        sendError(400, u"malformed HTTP request: "_s + QString::fromLatin1(m_request.parseError));
        return;
    }
    if (m_request.path.startsWith("/mock/")) {
        const MockControlApi::Reply reply = MockControlApi::handle(m_request, *m_state);
        sendBody(reply.status, JsonType, reply.body);
        return;
    }
    startApi();
}

void MockExchange::cancel()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_isApi)
        m_state->apiRequestFinished(true);
}

void MockExchange::startApi()
{
    m_isApi = true;
    m_state->apiRequestStarted(m_request);
    m_route = routeFor(m_request.path);
    if (!checkAzure() || !prepareBody(m_route) || !resolveKnobs())
        return; // a 400, 401, 404 or 405 has been sent
    switch (m_knobs.behavior) {
    case MockKnobs::Behavior::Hang:
        return; // never answer; the exchange ends when the client gives up
    case MockKnobs::Behavior::Close:
        finish(true);
        return;
    case MockKnobs::Behavior::Garbage:
        m_connection->write("NOT HTTP AT ALL\r\n\r\n");
        finish(true);
        return;
    default:
        break;
    }
    // A non-stream completion "generates" its tokens before answering, like a real server.
    const bool completes = m_route == Route::ChatCompletions || m_route == Route::Completions
        || m_route == Route::Messages || m_route == Route::OllamaChat || m_route == Route::OllamaGenerate
        || m_route == Route::Responses;
    const bool streamed = isOllamaRoute(m_route) && !m_info.streamGiven ? true : m_info.stream;
    const bool generates = completes && !streamed && m_knobs.behavior == MockKnobs::Behavior::Normal
        && m_knobs.status < 300 && !m_knobs.contextError;
    const qint64 delay = m_knobs.latencyMs + (generates ? qint64(m_knobs.tokens) * m_knobs.tokenDelayMs : 0);
    if (delay <= 0)
        respond();
    else
        QTimer::singleShot(
            static_cast<int>(std::min<qint64>(delay, INT_MAX)), Qt::PreciseTimer, this, &MockExchange::respond);
}

bool MockExchange::prepareBody(Route route)
{
    if (route == Route::Unknown)
        return true;
    const bool post = isPostRoute(route);
    if (m_request.method != (post ? "POST" : "GET")) {
        sendError(405,
                  u"method %1 not allowed on %2"_s.arg(QString::fromLatin1(m_request.method),
                                                       QString::fromUtf8(m_request.path)));
        return false;
    }
    if (!post)
        return true;
    RequestBodyScanner scanner(m_request.body);
    if (scanner.scan(&m_info))
        return true;
    sendError(400, u"invalid JSON body: "_s + QString::fromLatin1(scanner.errorString()));
    return false;
}

bool MockExchange::resolveKnobs()
{
    m_knobs = m_state->defaults();
    QString error;
    if (!m_info.mock.isEmpty()) {
        const QJsonDocument document = QJsonDocument::fromJson(m_info.mock);
        if (!document.isObject())
            error = u"\"mock\" must be a JSON object of knobs"_s;
        else
            m_knobs.apply(document.object(), &error);
    }
    for (const auto& [name, value] : m_request.headers) {
        if (error.isEmpty() && name.startsWith(MockHeaderPrefix))
            m_knobs.applyHeader(QByteArrayView(name).sliced(MockHeaderPrefix.size()), value, &error);
    }
    if (error.isEmpty())
        return true;
    m_knobs = {};
    sendError(400, error);
    return false;
}

void MockExchange::respond()
{
    if (m_finished)
        return;
    if (m_knobs.status >= 300)
        sendStatusError();
    else if (m_knobs.contextError)
        sendBody(400, JsonType, MockResponses::contextErrorBody(std::max(1, m_info.promptWords)));
    else if (m_knobs.behavior == MockKnobs::Behavior::BadJson)
        sendBody(200, JsonType, R"({"id":"mock-broken","object":"chat.completion","choices":[{"index":0,"message":)");
    else
        respondRoute();
}

bool MockExchange::respondOllama()
{
    const QByteArray& model = m_info.model.isEmpty() ? m_state->firstModelJson() : m_info.model;
    using Wire = MockResponses::Completion::Wire;
    switch (m_route) {
    case Route::OllamaChat:
        startCompletion(Wire::OllamaChat);
        return true;
    case Route::OllamaGenerate:
        startCompletion(Wire::OllamaGenerate);
        return true;
    case Route::OllamaEmbed:
        sendBody(200, JsonType, MockOllama::embed(m_info, model, m_knobs.embeddingDim));
        return true;
    case Route::OllamaEmbeddings:
        sendBody(200, JsonType, MockOllama::embeddings(m_info, m_knobs.embeddingDim));
        return true;
    case Route::OllamaPs:
        sendBody(200, JsonType, MockOllama::ps(m_state->models()));
        return true;
    case Route::OllamaVersion:
        sendBody(200, JsonType, R"({"version":"0.12.3"})");
        return true;
    case Route::LmStudioModels:
        sendBody(200, JsonType, MockOllama::lmStudioModels(m_state->models()));
        return true;
    default:
        return false;
    }
}

void MockExchange::respondRoute()
{
    if (respondOllama())
        return;
    const QByteArray& model = m_info.model.isEmpty() ? m_state->firstModelJson() : m_info.model;
    switch (m_route) {
    case Route::Models:
        return sendBody(200, JsonType, m_state->modelsBody());
    case Route::Tags:
        return sendBody(200, JsonType, m_state->tagsBody());
    case Route::Health:
        return sendBody(200, JsonType, R"({"status":"ok"})");
    case Route::Embeddings:
        return sendBody(200, JsonType, MockResponses::embeddings(m_info, model, m_knobs.embeddingDim));
    case Route::Unknown:
        return sendError(
            404,
            u"Invalid URL (%1 %2)"_s.arg(QString::fromLatin1(m_request.method), QString::fromUtf8(m_request.path)));
    case Route::CountTokens:
        return sendBody(200, JsonType, MockAnthropic::countTokens(std::max(1, m_info.promptWords)));
    case Route::Messages:
        return respondMessages(model);
    default:
        break;
    }
    if (respondScripted(model))
        return;
    startCompletion(MockResponses::Completion::Wire::OpenAi);
}

void MockExchange::startCompletion(MockResponses::Completion::Wire wire)
{
    const QByteArray& model = m_info.model.isEmpty() ? m_state->firstModelJson() : m_info.model;
    const bool chat = m_route != Route::Completions;
    const bool ollama = wire != MockResponses::Completion::Wire::OpenAi;
    m_completion.wire = wire;
    m_completion.chat = chat;
    m_completion.id = (chat ? "chatcmpl-mock-" : "cmpl-mock-") + QByteArray::number(++g_completionIds);
    m_completion.created = QDateTime::currentSecsSinceEpoch();
    m_completion.modelJson = model;
    m_completion.fingerprintJson = m_state->idJson();
    m_completion.toolCall = m_knobs.toolCall && chat;
    m_completion.tokens = m_completion.toolCall ? (ollama ? 1 : MockResponses::kToolCallEvents) : m_knobs.tokens;
    m_completion.reply = m_knobs.reply;
    m_completion.promptTokens = std::max(1, m_info.promptWords);
    m_completion.noUsage = m_knobs.noUsage;
    m_completion.reportedUsage = m_knobs.reportedUsage;
    const bool streamed = ollama && !m_info.streamGiven ? true : m_info.stream; // Ollama streams by default
    m_completion.includeUsage = streamed && m_info.includeUsage && !m_knobs.noUsage;
    if (streamed)
        startStream();
    else
        sendBody(200, JsonType, ollama ? MockOllama::whole(m_completion) : MockResponses::completion(m_completion));
}

void MockExchange::respondMessages(const QByteArray& model)
{
    MockAnthropic::Answer answer;
    answer.id = "msg_mock" + QByteArray::number(++g_completionIds);
    answer.modelJson = model;
    answer.tokens = m_knobs.tokens;
    answer.inputTokens = std::max(1, m_info.promptWords);
    answer.toolUse = m_knobs.toolUse;
    answer.thinking = m_knobs.thinking;
    if (!m_info.stream) {
        sendBody(200, JsonType, MockAnthropic::message(answer));
        return;
    }
    m_events = MockAnthropic::streamEvents(answer);
    m_eventCount = int(m_events.size());
    const QByteArray head = MockResponses::head(
        200, "text/event-stream", -1, m_state->id(), "Cache-Control: no-cache\r\n", !m_request.keepAlive);
    if (m_connection->write(head))
        sendEvents();
}

void MockExchange::startStream()
{
    // Token events, the finish chunk, the optional usage chunk, then [DONE]; Ollama: lines, then done.
    const bool ollama = m_completion.wire != MockResponses::Completion::Wire::OpenAi;
    m_eventCount = ollama ? MockOllama::streamLines(m_completion)
                          : m_completion.tokens + 1 + (m_completion.includeUsage ? 1 : 0) + 1;
    QByteArray extra = "Cache-Control: no-cache\r\n";
    if (m_knobs.gzip) {
        extra += "Content-Encoding: gzip\r\n";
        m_gzip = std::make_unique<GzipEncoder>();
    }
    const QByteArray head = MockResponses::head(
        200, ollama ? "application/x-ndjson" : "text/event-stream", -1, m_state->id(), extra, !m_request.keepAlive);
    if (m_connection->write(head))
        sendEvents();
}

bool MockExchange::respondScripted(const QByteArray& model)
{
    const QString tool = m_knobs.toolCalls ? MockResponsesApi::toolToCall(m_request.body) : QString();
    if (m_route != Route::Responses && tool.isEmpty())
        return false;
    MockResponsesApi::Answer answer;
    answer.modelJson = model;
    answer.tokens = m_knobs.tokens;
    answer.promptTokens = std::max(1, m_info.promptWords);
    answer.noUsage = m_knobs.noUsage;
    answer.toolName = tool;
    answer.toolArguments = m_knobs.toolArguments;
    answer.serial = qint64(++g_completionIds);
    if (m_route == Route::Responses) {
        if (m_info.stream)
            startScriptedStream(MockResponsesApi::responsesStream(answer));
        else
            sendBody(200, JsonType, MockResponsesApi::responsesWhole(answer));
    } else if (m_info.stream) {
        startScriptedStream(MockResponsesApi::chatToolCallStream(answer, m_info.includeUsage));
    } else {
        sendBody(200, JsonType, MockResponsesApi::chatToolCall(answer));
    }
    return true;
}

void MockExchange::startScriptedStream(QList<QByteArray> events)
{
    m_events = std::move(events); // the last one goes out with the end of the chunked body
    m_eventCount = int(m_events.size());
    QByteArray extra = "Cache-Control: no-cache\r\n";
    if (m_knobs.gzip) {
        extra += "Content-Encoding: gzip\r\n";
        m_gzip = std::make_unique<GzipEncoder>();
    }
    const QByteArray head
        = MockResponses::head(200, "text/event-stream", -1, m_state->id(), extra, !m_request.keepAlive);
    if (m_connection->write(head))
        sendEvents();
}

void MockExchange::sendEvents()
{
    for (;;) {
        // A stepped stream sends its first event at once, then one per event the test releases;
        // it looks for a release every few milliseconds (a test double may poll).
        if (m_knobs.step && m_nextEvent > 0 && !m_state->takeStepCredit()) {
            if (!m_finished)
                QTimer::singleShot(5, this, &MockExchange::sendEvents);
            return;
        }
        if (!sendOneEvent())
            return;
        if (!m_knobs.step && m_knobs.tokenDelayMs > 0 && !usageIsNext()) {
            QTimer::singleShot(m_knobs.tokenDelayMs, Qt::PreciseTimer, this, &MockExchange::sendEvents);
            return;
        }
    }
}

bool MockExchange::usageIsNext() const
{
    // OpenAI and vLLM send the usage chunk right behind the finish chunk, not a token's time
    // later: pacing it like a token would add a gap that no real stream has.
    return m_events.isEmpty() && m_completion.wire == MockResponses::Completion::Wire::OpenAi
        && m_completion.includeUsage && m_nextEvent == m_completion.tokens + 1;
}

bool MockExchange::sendOneEvent()
{
    if (m_finished)
        return false;
    // "cut" always stops before [DONE], even when cut_after exceeds the number of events.
    if (m_knobs.behavior == MockKnobs::Behavior::Cut && m_nextEvent >= std::min(m_knobs.cutAfter, m_eventCount - 1)) {
        finish(true);
        return false;
    }
    const int index = m_nextEvent++;
    const bool last = m_nextEvent == m_eventCount;
    QByteArray event = !m_events.isEmpty()                             ? m_events[index]
        : m_completion.wire != MockResponses::Completion::Wire::OpenAi ? MockOllama::streamLine(m_completion, index)
        : last                                                         ? MockResponses::doneEvent()
               : MockResponses::streamEvent(m_completion, index);
    if (m_gzip)
        event = m_gzip->compress(event, last);
    QByteArray out = MockResponses::chunk(event);
    if (last)
        out += MockResponses::lastChunk();
    if (!m_connection->write(out))
        return false; // peer gone: cancel() does the accounting
    if (last)
        finish(!m_request.keepAlive);
    return !last;
}

void MockExchange::sendBody(int status, QByteArrayView contentType, QByteArray body, QByteArray extraHeaders)
{
    const bool cut = m_knobs.behavior == MockKnobs::Behavior::Cut;
    if (m_knobs.gzip) {
        body = GzipEncoder::gzip(body);
        extraHeaders += "Content-Encoding: gzip\r\n";
    }
    const bool close = cut || !m_request.keepAlive;
    const QByteArrayView id = m_state->id();
    QByteArray out;
    if (m_knobs.chunked && !cut) {
        // Two data chunks, so a client that only handles a single chunk is caught out.
        const qsizetype half = body.size() / 2;
        out = MockResponses::head(status, contentType, -1, id, extraHeaders, close);
        if (half > 0)
            out += MockResponses::chunk(QByteArrayView(body).first(half));
        out += MockResponses::chunk(QByteArrayView(body).sliced(half));
        out += MockResponses::lastChunk();
    } else {
        // "cut" promises more bytes than it sends, then closes: a truncated body.
        out = MockResponses::head(status, contentType, body.size() + (cut ? 64 : 0), id, extraHeaders, close && !cut);
        out += body;
    }
    m_connection->write(out);
    finish(close);
}

void MockExchange::sendError(int status, const QString& message, const char* code)
{
    const QByteArray extra
        = status == 429 ? "Retry-After: " + QByteArray::number(m_knobs.retryAfter) + "\r\n" : QByteArray();
    const bool anthropic = m_route == Route::Messages || m_route == Route::CountTokens;
    const QByteArray body = anthropic ? MockAnthropic::errorBody(status, message)
        : isOllamaRoute(m_route)      ? MockOllama::errorBody(message)
                                      : MockResponses::errorBody(status, message, code);
    sendBody(status, JsonType, body, extra);
}

void MockExchange::sendStatusError()
{
    const int status = m_knobs.status;
    const char* code = status == 429 ? "rate_limit_exceeded" : status == 503 ? "service_unavailable" : nullptr;
    sendError(
        status, u"mock backend %1 answering with status %2"_s.arg(QString::fromUtf8(m_state->id())).arg(status), code);
}

void MockExchange::finish(bool close)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_isApi)
        m_state->apiRequestFinished(false);
    m_connection->exchangeFinished(this, m_request.keepAlive && !close);
}

bool MockExchange::checkAzure()
{
    // Azure OpenAI refuses a deployment path without its api-version, or a request without a key.
    if (!m_request.path.startsWith("/openai/deployments/"))
        return true;
    if (!m_request.target.contains("?api-version=")) {
        sendError(404, u"Resource not found: no api-version"_s);
        return false;
    }
    if (m_request.header("api-key").isEmpty() && m_request.header("authorization").isEmpty()) {
        sendError(401, u"Access denied due to missing subscription key"_s);
        return false;
    }
    return true;
}

MockExchange::Route MockExchange::routeFor(QByteArrayView path)
{
    // Azure OpenAI: /openai/deployments/NAME/chat/completions and so on.
    if (const QByteArray azure = "/openai/deployments/"; path.startsWith(azure)) {
        const qsizetype slash = path.toByteArray().indexOf('/', azure.size());
        path = slash > 0 ? path.sliced(slash) : QByteArrayView();
    }
    if (path.startsWith("/v1/"))
        path = path.sliced(3); // the mock answers with and without the /v1 prefix
    if (path == "/models")
        return Route::Models;
    if (path == "/chat/completions")
        return Route::ChatCompletions;
    if (path == "/completions")
        return Route::Completions;
    if (path == "/embeddings")
        return Route::Embeddings;
    if (path == "/responses")
        return Route::Responses;
    if (path == "/api/tags")
        return Route::Tags;
    const std::pair<QByteArrayView, Route> ollama[] = {{"/api/chat", Route::OllamaChat},
                                                       {"/api/generate", Route::OllamaGenerate},
                                                       {"/api/embed", Route::OllamaEmbed},
                                                       {"/api/embeddings", Route::OllamaEmbeddings},
                                                       {"/api/ps", Route::OllamaPs},
                                                       {"/api/version", Route::OllamaVersion},
                                                       {"/api/v0/models", Route::LmStudioModels}};
    for (const auto& [known, route] : ollama) {
        if (path == known)
            return route;
    }
    if (path == "/health")
        return Route::Health;
    if (path == "/messages")
        return Route::Messages;
    if (path == "/messages/count_tokens")
        return Route::CountTokens;
    return Route::Unknown;
}

bool MockExchange::isPostRoute(Route route)
{
    return route == Route::ChatCompletions || route == Route::Completions || route == Route::Embeddings
        || route == Route::Messages || route == Route::CountTokens || route == Route::OllamaChat
        || route == Route::OllamaGenerate || route == Route::OllamaEmbed || route == Route::OllamaEmbeddings
        || route == Route::Responses;
}

bool MockExchange::isOllamaRoute(Route route)
{
    return route == Route::OllamaChat || route == Route::OllamaGenerate || route == Route::OllamaEmbed
        || route == Route::OllamaEmbeddings || route == Route::OllamaPs || route == Route::OllamaVersion;
}

} // namespace sy::testing
