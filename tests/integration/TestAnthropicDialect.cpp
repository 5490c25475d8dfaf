#include "IntegrationSupport.h"

#include <QTest>

using namespace sy::testing;

namespace {

RawHttpClient::Headers anthropicHeaders(const QByteArray& key = kMasterKey)
{
    return {{"x-api-key", key}, {"anthropic-version", "2023-06-01"}, {"content-type", "application/json"}};
}

QByteArray messagesBody(const QByteArray& model, const QByteArray& extra = {})
{
    QByteArray body = "{\"model\":\"" + model
        + "\",\"max_tokens\":64,\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"say three "
          "words\"}]";
    if (!extra.isEmpty())
        body += ',' + extra;
    return body + '}';
}

QStringList namesOf(const QList<SseEvent>& events)
{
    QStringList names;
    for (const SseEvent& e : events)
        names.append(QString::fromLatin1(e.event));
    return names;
}

QString textOf(const QList<SseEvent>& events)
{
    QString text;
    for (const SseEvent& e : events) {
        if (e.event == "content_block_delta")
            text += e.json()["delta"].toObject()["text"].toString();
    }
    return text;
}

} // namespace

// The Anthropic Messages dialect through the real binary: Anthropic clients on local OpenAI
// models, OpenAI clients on Anthropic, pass-through, errors, failover and keep-alive.
class TestAnthropicDialect : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_mock = nullptr;
    MockBackendThread* m_down = nullptr; ///< answers everything with 529 overloaded
    GatewayProcess* m_gateway = nullptr;
    quint16 m_port = 0;

    QJsonObject lastRequest() const { return m_mock->backend()->stats()["last_request"].toObject(); }

    // Translated requests lose the body's "mock" knobs (they are not part of either API), so
    // the mock's defaults steer those.
    void setKnobs(const QByteArray& knobs)
    {
        const auto r = RawHttpClient::fetch(m_mock->port(), "POST", "/mock/config", "{\"reset\":true," + knobs + "}");
        QVERIFY(r && r->status == 200);
    }

    std::optional<RawHttpResponse> messages(const QByteArray& body,
                                            const RawHttpClient::Headers& headers = anthropicHeaders(),
                                            const QByteArray& path = "/v1/messages")
    {
        return RawHttpClient::fetch(m_port, "POST", path, body, headers, 10'000);
    }

    std::unique_ptr<RawHttpClient>
    openStream(const QByteArray& path, const QByteArray& body, const RawHttpClient::Headers& headers)
    {
        auto client = std::make_unique<RawHttpClient>();
        if (!client->connectToHost(QHostAddress::LocalHost, m_port))
            return nullptr;
        client->send(client->buildRequest("POST", path, body, headers));
        return client;
    }

private slots:
    void initTestCase()
    {
        m_mock = new MockBackendThread;
        QVERIFY(m_mock->start());
        MockBackend::Options down;
        down.knobs.status = 529;
        m_down = new MockBackendThread(down);
        QVERIFY(m_down->start());
        const QByteArray mock = "http://127.0.0.1:" + QByteArray::number(m_mock->port());
        const QByteArray list = mockModelEntry("local", m_mock->port())
            // Anthropic itself, played by the mock's /v1/messages.
            + "  - model_name: claude-3-5-sonnet\n    litellm_params:\n      model: "
              "anthropic/claude-3-5-sonnet-20241022\n"
              "      api_base: "
            + mock
            + "\n      api_key: sk-ant-backend\n"
            // A local server that also speaks /v1/messages (llama.cpp, LM Studio, vLLM, Ollama ≥ 0.14).
            + mockModelEntry("native", m_mock->port())
            + "    model_info:\n      dialects: [openai, anthropic]\n"
            // Failover: an overloaded Anthropic first, a local model next.
            + "  - model_name: fo\n    litellm_params:\n      model: anthropic/claude-x\n      api_base: "
              "http://127.0.0.1:"
            + QByteArray::number(m_down->port()) + "\n      api_key: k\n      order: 1\n"
            + "  - model_name: fo\n    litellm_params:\n      model: openai/backend-fo\n      api_base: " + mock
            + "/v1\n      order: 2\n";
        const QByteArray yaml = gatewayConfig(list, "stream_keepalive: 0.2")
            + "router_settings:\n  num_retries: 2\n  model_group_alias:\n    claude-sonnet-4-5: local\n";
        m_gateway = new GatewayProcess;
        m_port = m_gateway->start(yaml);
        QVERIFY2(m_port != 0, m_gateway->stderrText().constData());
    }

    void init() { setKnobs("\"tokens\":5"); }

    void cleanupTestCase()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
        delete m_gateway;
        delete m_mock;
        delete m_down;
    }

    void anthropicClientOnALocalModel()
    {
        setKnobs("\"tokens\":3");
        const auto r = messages(messagesBody("local", "\"metadata\":{\"user_id\":\"u-1\"}"));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("x-switchyard-dialect"), QByteArray("anthropic->openai"));
        const QJsonObject m = r->json();
        QCOMPARE(m["type"].toString(), QString("message"));
        QCOMPARE(m["role"].toString(), QString("assistant"));
        QCOMPARE(m["model"].toString(), QString("local"));
        QCOMPARE(m["content"].toArray()[0].toObject()["text"].toString(), QString("tok0 tok1 tok2 "));
        QCOMPARE(m["stop_reason"].toString(), QString("end_turn"));
        QCOMPARE(m["usage"].toObject()["output_tokens"].toInt(), 3);
        // The backend got an OpenAI chat request: system first, user after, the user id kept.
        const QJsonObject forwarded = jsonOf(lastRequest()["body"].toString().toUtf8());
        QCOMPARE(lastRequest()["path"].toString(), QString("/v1/chat/completions"));
        QCOMPARE(forwarded["model"].toString(), QString("backend-local"));
        QCOMPARE(forwarded["messages"].toArray()[0].toObject()["role"].toString(), QString("system"));
        QCOMPARE(forwarded["user"].toString(), QString("u-1"));
        QCOMPARE(forwarded["max_tokens"].toInt(), 64);
    }

    void anthropicClientStreamsFromALocalModel()
    {
        setKnobs("\"tokens\":4");
        auto client
            = openStream("/v1/messages", messagesBody("claude-sonnet-4-5", "\"stream\":true"), anthropicHeaders());
        const auto head = client->waitForHead();
        QVERIFY(head);
        QCOMPARE(head->status, 200);
        QCOMPARE(head->header("content-type"), QByteArray("text/event-stream"));
        const QList<SseEvent> events = client->readAllEvents(5000);
        QVERIFY(client->streamEnded());
        QCOMPARE(namesOf(events).first(), QString("message_start"));
        QCOMPARE(namesOf(events).last(), QString("message_stop"));
        QCOMPARE(textOf(events), QString("tok0 tok1 tok2 tok3 "));
        QCOMPARE(events.first().json()["message"].toObject()["model"].toString(), QString("claude-sonnet-4-5"));
        const QJsonObject delta = events[events.size() - 2].json();
        QCOMPARE(delta["type"].toString(), QString("message_delta"));
        QCOMPARE(delta["usage"].toObject()["output_tokens"].toInt(), 4);
    }

    void anthropicToAnthropicIsAPassThrough()
    {
        // cache_control, thinking and beta headers reach Anthropic as sent; only the model changes.
        const QByteArray body = "{\"model\": \"claude-3-5-sonnet\", \"max_tokens\": 64, \"thinking\": "
                                "{\"type\":\"enabled\",\"budget_tokens\":1024},\"system\":[{\"type\":\"text\",\"text\":"
                                "\"cached\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[{\"role\":"
                                "\"user\",\"content\":\"hi\"}],\"mock\":{\"thinking\":true}}";
        RawHttpClient::Headers headers = anthropicHeaders();
        headers.append(qMakePair(QByteArray("anthropic-beta"), QByteArray("prompt-caching-2024-07-31")));
        const auto r = messages(body, headers);
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("x-switchyard-dialect"), QByteArray("anthropic->anthropic"));
        QCOMPARE(lastRequest()["path"].toString(), QString("/v1/messages"));
        QByteArray expected = body;
        expected.replace("\"claude-3-5-sonnet\"", "\"claude-3-5-sonnet-20241022\"");
        QCOMPARE(lastRequest()["body"].toString().toUtf8(), expected);
        const QJsonObject sent = lastRequest()["headers"].toObject();
        QCOMPARE(sent["x-api-key"].toString(), QString("sk-ant-backend")); // the backend's key, never the client's
        QCOMPARE(sent["anthropic-version"].toString(), QString("2023-06-01"));
        QCOMPARE(sent["anthropic-beta"].toString(), QString("prompt-caching-2024-07-31"));
        QVERIFY(!sent.contains("authorization"));
        const QJsonObject m = r->json();
        QCOMPARE(m["model"].toString(), QString("claude-3-5-sonnet"));
        QCOMPARE(m["content"].toArray()[0].toObject()["type"].toString(), QString("thinking"));
    }

    void aLocalServerSpeakingMessagesGetsThemNatively()
    {
        const auto r = messages(messagesBody("native"));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(lastRequest()["path"].toString(), QString("/v1/messages"));
        QCOMPARE(r->header("x-switchyard-dialect"), QByteArray("anthropic->anthropic"));
    }

    void openAiClientOnAnthropic()
    {
        setKnobs("\"tokens\":2,\"tool_use\":true");
        const auto r = post(m_port, "/v1/chat/completions", chatBody("claude-3-5-sonnet"));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(lastRequest()["path"].toString(), QString("/v1/messages"));
        const QJsonObject sent = jsonOf(lastRequest()["body"].toString().toUtf8());
        QCOMPARE(sent["model"].toString(), QString("claude-3-5-sonnet-20241022"));
        QVERIFY(sent["max_tokens"].toInt() > 0); // Anthropic requires it
        QCOMPARE(lastRequest()["headers"].toObject()["anthropic-version"].toString(), QString("2023-06-01"));
        const QJsonObject choice = r->json()["choices"].toArray()[0].toObject();
        QCOMPARE(choice["message"].toObject()["content"].toString(), QString("tok0 tok1 "));
        const QJsonObject call = choice["message"].toObject()["tool_calls"].toArray()[0].toObject();
        QCOMPARE(call["function"].toObject()["name"].toString(), QString("get_weather"));
        QCOMPARE(jsonOf(call["function"].toObject()["arguments"].toString().toUtf8())["location"].toString(),
                 QString("San Francisco, CA"));
        QCOMPARE(choice["finish_reason"].toString(), QString("tool_calls"));
        QCOMPARE(r->json()["model"].toString(), QString("claude-3-5-sonnet"));
    }

    void openAiClientStreamsFromAnthropic()
    {
        setKnobs("\"tokens\":3");
        auto client
            = openStream("/v1/chat/completions",
                         chatBody("claude-3-5-sonnet", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"),
                         authHeaders());
        const QList<SseEvent> events = client->readAllEvents(5000);
        QVERIFY(client->streamEnded());
        QString text;
        QJsonObject usage;
        for (const SseEvent& e : events) {
            for (const QJsonValue& c : e.json()["choices"].toArray())
                text += c.toObject()["delta"].toObject()["content"].toString();
            if (e.json()["usage"].isObject())
                usage = e.json()["usage"].toObject();
        }
        QCOMPARE(text, QString("tok0 tok1 tok2 "));
        QCOMPARE(usage["completion_tokens"].toInt(), 3);
        QCOMPARE(events.last().data, QByteArray("[DONE]"));
    }

    void errorsComeInAnthropicsShape_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::newRow("wrong key") << messagesBody("local") << QByteArray("sk-wrong") << 401
                                   << QString("authentication_error");
        QTest::newRow("unknown model") << messagesBody("no-such-model") << kMasterKey << 404
                                       << QString("not_found_error");
        QTest::newRow("no messages") << QByteArray("{\"model\":\"local\",\"max_tokens\":5}") << kMasterKey << 400
                                     << QString("invalid_request_error");
        QTest::newRow("not JSON") << QByteArray("{\"model\":") << kMasterKey << 400 << QString("invalid_request_error");
    }

    void errorsComeInAnthropicsShape()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, key);
        QFETCH(int, status);
        QFETCH(QString, type);
        const auto r = messages(body, anthropicHeaders(key));
        QVERIFY(r);
        QCOMPARE(r->status, status);
        QCOMPARE(r->json()["type"].toString(), QString("error"));
        QCOMPARE(r->json()["error"].toObject()["type"].toString(), type);
        QVERIFY(!r->json()["error"].toObject()["message"].toString().isEmpty());
    }

    void aBearerKeyWorksToo()
    {
        const auto r = messages(messagesBody("local"), {{"Authorization", "Bearer " + kMasterKey}});
        QVERIFY(r);
        QCOMPARE(r->status, 200);
    }

    void tokensAreCounted()
    {
        // A local model has no count_tokens: the gateway estimates.
        const auto local = messages(messagesBody("local"), anthropicHeaders(), "/v1/messages/count_tokens");
        QVERIFY(local);
        QCOMPARE(local->status, 200);
        QVERIFY(local->json()["input_tokens"].toInt() > 0);
        // Anthropic counts itself.
        const auto anthropic
            = messages(messagesBody("claude-3-5-sonnet"), anthropicHeaders(), "/v1/messages/count_tokens");
        QVERIFY(anthropic);
        QCOMPARE(anthropic->status, 200);
        QCOMPARE(lastRequest()["path"].toString(), QString("/v1/messages/count_tokens"));
        QCOMPARE(anthropic->json()["input_tokens"].toInt(), 3); // the mock counts the user's words
    }

    void anOverloadedAnthropicFailsOverBeforeTheFirstByte()
    {
        const auto r = messages(messagesBody("fo"));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("x-switchyard-attempts"), QByteArray("2"));
        QCOMPARE(r->header("x-switchyard-dialect"), QByteArray("anthropic->openai"));
        QVERIFY(m_down->backend()->stats()["requests"].toInt() >= 1);
    }

    void aStreamBrokenAfterItStartedEndsWithAnErrorEvent()
    {
        // Anthropic client, OpenAI backend that cuts after two events: no failover is possible any
        // more, and the client must not mistake the answer for a complete one.
        setKnobs("\"tokens\":6,\"behavior\":\"cut\",\"cut_after\":2");
        auto client = openStream("/v1/messages", messagesBody("local", "\"stream\":true"), anthropicHeaders());
        const QList<SseEvent> events = client->readAllEvents(5000);
        QVERIFY(!events.isEmpty());
        QCOMPARE(events.last().event, QByteArray("error"));
        QCOMPARE(events.last().json()["type"].toString(), QString("error"));
        QVERIFY(!namesOf(events).contains("message_stop"));
        // OpenAI client, Anthropic backend cut mid-stream: an SSE error, never [DONE].
        setKnobs("\"tokens\":6,\"behavior\":\"cut\",\"cut_after\":4");
        auto openAi
            = openStream("/v1/chat/completions", chatBody("claude-3-5-sonnet", "\"stream\":true"), authHeaders());
        const QList<SseEvent> chunks = openAi->readAllEvents(5000);
        QVERIFY(!chunks.isEmpty());
        QCOMPARE(chunks.last().event, QByteArray("error"));
        for (const SseEvent& e : chunks)
            QVERIFY(e.data != "[DONE]");
    }

    void aSilentBackendGetsPings()
    {
        // The backend thinks for 1 s before its first token; the client hears message_start and
        // pings meanwhile (gateway.stream_keepalive: 0.2), then the answer.
        setKnobs("\"tokens\":2,\"latency_ms\":1000");
        auto client = openStream("/v1/messages", messagesBody("local", "\"stream\":true"), anthropicHeaders());
        const QList<SseEvent> events = client->readAllEvents(8000);
        QVERIFY(client->streamEnded());
        const QStringList names = namesOf(events);
        QCOMPARE(names.first(), QString("message_start"));
        QCOMPARE(names.count("message_start"), 1);
        const qsizetype firstContent = names.indexOf("content_block_start");
        QVERIFY(firstContent > 1);
        QVERIFY2(names.mid(1, firstContent - 1).count("ping") >= 2, qPrintable(names.join(u' ')));
        QCOMPARE(names.last(), QString("message_stop"));
        QCOMPARE(textOf(events), QString("tok0 tok1 "));
    }
};

QTEST_GUILESS_MAIN(TestAnthropicDialect)
#include "TestAnthropicDialect.moc"
