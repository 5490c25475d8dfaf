#pragma once

#include "FuzzInput.h"
#include "gateway/core/JsonBody.h"
#include "gateway/dialects/DialectAdapter.h"
#include "gateway/dialects/DialectRegistry.h"
#include "gateway/streaming/NdjsonSplitter.h"
#include "gateway/streaming/SseEventSplitter.h"

#include <QList>

#include <cstdlib>
#include <memory>
#include <vector>

namespace sy::fuzz {

/**
 * One dialect's translators, fed what a backend or a client of that dialect controls (issue
 * #15): the input is a backend's stream in the dialect, cut into reads and events as the relay
 * cuts them, run through the dialect's answer decoder and on through every dialect's encoder
 * (a translated relay), and through the dialect's native filter (a pass-through relay); the
 * same bytes as a whole answer (decodeWhole, filterWhole), and as a client's request body (parse,
 * toOpenAi, then every dialect's fromOpenAi). Whatever comes out must be well-formed: every
 * event or line the gateway writes carries valid JSON.
 */
class DialectFuzzer
{
public:
    DialectFuzzer(Dialect dialect, QList<Endpoint> endpoints)
        : m_dialect(dialect)
        , m_adapter(DialectRegistry::adapter(dialect))
        , m_endpoints(std::move(endpoints))
    { }

    int run(const uint8_t* data, size_t size)
    {
        FuzzInput input(data, size);
        const uint8_t split = input.choice();
        const uint8_t flags = input.choice();
        const QByteArray all = input.rest();
        const Endpoint endpoint = m_endpoints.at(flags % m_endpoints.size());
        const Operation operation = (flags & 0x80) ? Operation::Completion : Operation::Chat;
        streamThrough(all, split, endpoint, operation);
        wholeThrough(all, endpoint, operation);
        requestThrough(all);
        return 0;
    }

private:
    struct Encoding
    {
        Dialect dialect;
        std::unique_ptr<IAnswerEncoder> encoder;
        QByteArray out;
    };

    static AnswerContext context()
    {
        return AnswerContext{QStringLiteral("fuzz-model"),
                             7,
                             1700000000,
                             true,
                             QByteArrayLiteral("{\"model\":\"fuzz-model\",\"input\":\"hi\",\"stream\":true}")};
    }

    /** Each dialect's client encoder, on the endpoint its clients stream chats on. */
    static std::vector<Encoding> encoders()
    {
        std::vector<Encoding> out;
        const std::pair<Dialect, Endpoint> clients[] = {{Dialect::OpenAi, Endpoint::ChatCompletions},
                                                        {Dialect::Anthropic, Endpoint::Messages},
                                                        {Dialect::Responses, Endpoint::Responses},
                                                        {Dialect::Ollama, Endpoint::OllamaChat},
                                                        {Dialect::Ollama, Endpoint::OllamaGenerate}};
        for (const auto& [dialect, endpoint] : clients) {
            if (auto encoder = DialectRegistry::adapter(dialect).encoder(endpoint, context()))
                out.push_back({dialect, std::move(encoder), {}});
        }
        return out;
    }

    /** The backend's events, as RelayStage cuts them (SSE, or NDJSON lines for Ollama). */
    QList<SseEvent> eventsOf(const QByteArray& all, uint8_t split) const
    {
        QList<SseEvent> events;
        SseEventSplitter sse;
        NdjsonSplitter lines;
        FuzzInput::inPieces(all, split, [&](QByteArrayView piece) {
            if (m_dialect == Dialect::Ollama) {
                for (const QByteArray& line : lines.feed(piece.toByteArray()))
                    events.append(SseEvent{line + '\n', {}, line});
            } else {
                for (const QByteArray& raw : sse.feed(piece.toByteArray()))
                    events.append(SseEvent::parse(raw));
            }
        });
        return events;
    }

    void streamThrough(const QByteArray& all, uint8_t split, Endpoint endpoint, Operation operation) const
    {
        const QList<SseEvent> events = eventsOf(all, split);
        std::vector<Encoding> encodings = encoders();
        for (Encoding& e : encodings)
            e.out += e.encoder->begin() + e.encoder->keepAlive();
        if (auto decoder = m_adapter.decoder(operation)) {
            for (const SseEvent& event : events) {
                QList<ChatDelta> deltas;
                decoder->decode(event, deltas);
                for (const ChatDelta& delta : std::as_const(deltas)) {
                    for (Encoding& e : encodings)
                        e.out += e.encoder->encode(delta);
                }
            }
            const std::optional<ApiError> error = decoder->streamError();
            for (Encoding& e : encodings) {
                e.out += error ? e.encoder->fail(*error) : e.encoder->finish();
                e.encoder->finalAnswer();
                checkWritten(e.dialect, e.out);
            }
        }
        if (auto filter = m_adapter.nativeFilter(endpoint, context())) {
            for (const SseEvent& event : events)
                filter->process(event);
            if (const auto error = filter->streamError())
                filter->fail(*error);
            else
                filter->finish();
            filter->usage();
            filter->finalAnswer();
            if (filter->deliveredChars() < 0)
                std::abort();
        }
    }

    void wholeThrough(const QByteArray& all, Endpoint endpoint, Operation operation) const
    {
        if (auto decoder = m_adapter.decoder(operation)) {
            QString why;
            if (const auto answer = decoder->decodeWhole(all, &why)) {
                for (Encoding& e : encoders()) {
                    if (!JsonBody::parse(e.encoder->encodeWhole(*answer), nullptr))
                        std::abort(); // a whole answer is one JSON object
                }
            }
        }
        if (auto filter = m_adapter.nativeFilter(endpoint, context())) {
            std::optional<TokenUsage> usage;
            const std::optional<QByteArray> body = filter->filterWhole(all, &usage);
            if (body.has_value() != JsonBody::isValid(all))
                std::abort(); // a filter takes exactly the answers the relay may pass on
            if (body && !JsonBody::isValid(*body))
                std::abort(); // and what it passes on is one JSON object still
            if (usage && (usage->promptTokens < 0 || usage->completionTokens < 0))
                std::abort();
        }
        QString why;
        m_adapter.fromOpenAiWhole(endpoint, all, context(), &why);
        m_adapter.errorFrom(500, all);
    }

    void requestThrough(const QByteArray& all) const
    {
        const std::optional<JsonBody> body = JsonBody::parse(all, nullptr);
        if (!body)
            return;
        for (const Endpoint endpoint : m_endpoints) {
            ParsedRequest parsed;
            if (m_adapter.parse(endpoint, *body, &parsed))
                continue; // refused, with an error for the client
            m_adapter.nativeBody(*body, QStringLiteral("backend/model"), parsed);
            ApiError error;
            const std::optional<QByteArray> openAi = m_adapter.toOpenAi(endpoint, *body, parsed, &error);
            if (!openAi)
                continue;
            const std::optional<JsonBody> chat = JsonBody::parse(*openAi, nullptr);
            if (!chat)
                std::abort(); // the translation is JSON
            for (const Dialect wire : {Dialect::OpenAi, Dialect::Anthropic, Dialect::Responses, Dialect::Ollama}) {
                const auto out = DialectRegistry::adapter(wire).fromOpenAi(
                    operationOf(endpoint), *chat, QStringLiteral("backend/model"), &error);
                if (out && !JsonBody::parse(*out, nullptr))
                    std::abort();
            }
        }
    }

    /** What the gateway writes to a client: SSE events or NDJSON lines, each with JSON in it. */
    static void checkWritten(Dialect dialect, const QByteArray& out)
    {
        if (dialect == Dialect::Ollama) {
            NdjsonSplitter lines;
            for (const QByteArray& line : lines.feed(out)) {
                if (!JsonBody::parse(line, nullptr))
                    std::abort();
            }
            return;
        }
        SseEventSplitter sse;
        for (const QByteArray& raw : sse.feed(out)) {
            const SseEvent event = SseEvent::parse(raw);
            if (!event.data.isEmpty() && event.data != "[DONE]" && !JsonBody::parse(event.data, nullptr))
                std::abort();
        }
    }

    Dialect m_dialect;
    const DialectAdapter& m_adapter;
    QList<Endpoint> m_endpoints;
};

} // namespace sy::fuzz
