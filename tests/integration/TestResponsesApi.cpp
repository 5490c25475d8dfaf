#include "IntegrationSupport.h"
#include "KeyTestSupport.h"
#include "tests/support/GzipEncoder.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sy::testing;

// OpenAI's Responses API through the real binary (issue 13): translated to chat for
// OpenAI-compatible backends, passed through (and repaired) for backends that speak it, stored
// conversations, per-key isolation, the fault matrix, and compressed request bodies.
class TestResponsesApi : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_chat = nullptr; ///< an OpenAI-compatible backend (chat completions)
    MockBackendThread* m_native = nullptr; ///< a llama.cpp-like backend that speaks /v1/responses
    GatewayProcess* m_gateway = nullptr;
    quint16 m_port = 0;

    static QByteArray responsesBody(const QByteArray& model, const QByteArray& extra = {})
    {
        QByteArray body = "{\"model\":\"" + model + "\",\"input\":\"say three words\"";
        if (!extra.isEmpty())
            body += ',' + extra;
        return body + '}';
    }

    std::optional<RawHttpResponse> respond(const QByteArray& body,
                                           const RawHttpClient::Headers& headers = authHeaders())
    {
        return RawHttpClient::fetch(m_port, "POST", "/v1/responses", body, headers);
    }

    std::optional<RawHttpResponse>
    call(const QByteArray& method, const QByteArray& path, const RawHttpClient::Headers& headers = authHeaders())
    {
        return RawHttpClient::fetch(m_port, method, path, {}, headers);
    }

    static QList<QJsonObject> eventsOf(const QByteArray& body)
    {
        QList<QJsonObject> events;
        for (const QByteArray& block : body.split('\n')) {
            if (block.startsWith("data: "))
                events.append(jsonOf(block.mid(6)));
        }
        return events;
    }

    QJsonObject lastChatRequest() const
    {
        const QJsonObject last = m_chat->backend()->stats().value(u"last_request").toObject();
        return jsonOf(last.value(u"body").toString().toUtf8());
    }

    static void verifyStreamWellFormed(const QList<QJsonObject>& events)
    {
        QVERIFY(!events.isEmpty());
        for (qsizetype i = 0; i < events.size(); ++i) {
            QCOMPARE(events[i].value(u"sequence_number").toInt(-1), int(i));
            const QString type = events[i].value(u"type").toString();
            if (type.startsWith(u"response.output_item.") || type.contains(u".delta"))
                QVERIFY2(events[i].value(u"output_index").isDouble(), qPrintable(type));
        }
    }

private slots:
    void initTestCase()
    {
        MockBackend::Options chat;
        chat.id = u"chat-backend"_s;
        m_chat = new MockBackendThread(chat);
        MockBackend::Options native;
        native.id = u"native-backend"_s;
        m_native = new MockBackendThread(native);
        QVERIFY(m_chat->start());
        QVERIFY(m_native->start());
        const QByteArray models = mockModelEntry("chat", m_chat->port()) + mockModelEntry("native", m_native->port())
            + "    model_info: {dialects: [openai, responses]}\n";
        m_gateway = new GatewayProcess;
        m_port = m_gateway->start(keysConfig(models, "max_request_size_mb: 1"));
        QVERIFY2(m_port != 0, m_gateway->stderrText().constData());
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
        delete m_gateway;
        delete m_chat;
        delete m_native;
    }

    void init()
    {
        m_chat->backend()->setDefaults(MockKnobs{});
        m_native->backend()->setDefaults(MockKnobs{});
    }

    // ---- Translated: an OpenAI-compatible (chat) backend ----

    void translatedAnswer()
    {
        const auto r = respond(responsesBody("chat", "\"instructions\":\"Be brief.\",\"max_output_tokens\":64"));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("x-switchyard-dialect"), QByteArray("responses->openai"));
        const QJsonObject response = r->json();
        QCOMPARE(response.value(u"object").toString(), u"response"_s);
        QCOMPARE(response.value(u"status").toString(), u"completed"_s);
        QCOMPARE(response.value(u"model").toString(), u"chat"_s); // what the client asked for
        QCOMPARE(response.value(u"output_text").toString(), u"tok0 tok1 tok2 tok3 tok4 "_s);
        QCOMPARE(response.value(u"instructions").toString(), u"Be brief."_s);
        const QJsonObject usage = response.value(u"usage").toObject();
        QCOMPARE(usage.value(u"input_tokens").toInt(), 5); // "Be brief." + "say three words"
        QCOMPARE(usage.value(u"output_tokens").toInt(), 5);
        QCOMPARE(usage.value(u"total_tokens").toInt(), 10);
        // The backend got a chat request.
        const QJsonObject sent = lastChatRequest();
        QCOMPARE(sent.value(u"model").toString(), u"backend-chat"_s);
        QCOMPARE(sent.value(u"max_tokens").toInt(), 64);
        QCOMPARE(sent.value(u"messages").toArray().size(), 2);
    }

    void translatedStream()
    {
        const auto r = respond(responsesBody("chat", "\"stream\":true"));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("content-type"), QByteArray("text/event-stream"));
        const QList<QJsonObject> events = eventsOf(r->body);
        verifyStreamWellFormed(events);
        QCOMPARE(events.first().value(u"type").toString(), u"response.created"_s);
        QCOMPARE(events.last().value(u"type").toString(), u"response.completed"_s);
        QString text;
        for (const QJsonObject& e : events) {
            if (e.value(u"type").toString() == u"response.output_text.delta")
                text += e.value(u"delta").toString();
        }
        QCOMPARE(text, u"tok0 tok1 tok2 tok3 tok4 "_s);
        const QJsonObject done = events.last().value(u"response").toObject();
        QCOMPARE(done.value(u"usage").toObject().value(u"output_tokens").toInt(), 5);
        QCOMPARE(done.value(u"model").toString(), u"chat"_s);
        QVERIFY(!r->body.contains("[DONE]"));
        QVERIFY(lastChatRequest().value(u"stream_options").toObject().value(u"include_usage").toBool());
    }

    void translatedFunctionCall()
    {
        MockKnobs knobs;
        knobs.toolCalls = true;
        knobs.tokens = 2;
        m_chat->backend()->setDefaults(knobs);
        const QByteArray tools = "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":"
                                 "\"object\"}},{\"type\":\"web_search\"}]";
        for (const bool stream : {false, true}) {
            const auto r = respond(responsesBody("chat", tools + (stream ? ",\"stream\":true" : "")));
            QVERIFY(r);
            QCOMPARE(r->status, 200);
            const QJsonObject response = stream ? eventsOf(r->body).last().value(u"response").toObject() : r->json();
            const QJsonObject call = response.value(u"output").toArray().last().toObject();
            QCOMPARE(call.value(u"type").toString(), u"function_call"_s);
            QCOMPARE(call.value(u"name").toString(), u"get_weather"_s);
            QVERIFY(call.value(u"call_id").toString().startsWith(u"call_mock"));
            QCOMPARE(jsonOf(call.value(u"arguments").toString().toUtf8()).value(u"text").toString(), u"tok0 tok1 "_s);
            QCOMPARE(lastChatRequest().value(u"tools").toArray().size(), 1); // web_search dropped
        }
    }

    // ---- Native: a backend that speaks the Responses API (llama.cpp's shape) ----

    void nativeStreamIsRepaired()
    {
        const auto r = respond(responsesBody("native", "\"stream\":true"));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("x-switchyard-dialect"), QByteArray("responses->responses"));
        const QList<QJsonObject> events = eventsOf(r->body);
        verifyStreamWellFormed(events); // llama.cpp sends neither sequence_number nor output_index
        const QJsonObject done = events.last().value(u"response").toObject();
        QCOMPARE(events.last().value(u"type").toString(), u"response.completed"_s);
        QCOMPARE(done.value(u"model").toString(), u"native"_s);
        QCOMPARE(events.first().value(u"response").toObject().value(u"model").toString(), u"native"_s);
        const QJsonObject last = m_native->backend()->stats().value(u"last_request").toObject();
        QCOMPARE(last.value(u"path").toString(), u"/v1/responses"_s);
        QCOMPARE(jsonOf(last.value(u"body").toString().toUtf8()).value(u"model").toString(), u"backend-native"_s);
    }

    void nativeAnswerAndFunctionCall()
    {
        MockKnobs knobs;
        knobs.toolCalls = true;
        m_native->backend()->setDefaults(knobs);
        const auto r
            = respond(responsesBody("native", "\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":{}}]"));
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const QJsonObject call = r->json().value(u"output").toArray().first().toObject();
        QCOMPARE(call.value(u"type").toString(), u"function_call"_s);
        QVERIFY(call.value(u"id").toString().startsWith(u"fc_")); // llama.cpp gives none
        QCOMPARE(r->json().value(u"model").toString(), u"native"_s);
    }

    // ---- Stored conversations ----

    void previousResponseIdContinuesTheConversation()
    {
        for (const QByteArray& group : {QByteArray("chat"), QByteArray("native")}) {
            const auto first = respond(responsesBody(group));
            QCOMPARE(first->status, 200);
            const QString id = first->json().value(u"id").toString();
            QVERIFY(id.startsWith(u"resp_"));

            const auto stored = call("GET", "/v1/responses/" + id.toUtf8());
            QCOMPARE(stored->status, 200);
            QCOMPARE(stored->json(), first->json());

            const auto second = respond("{\"model\":\"" + group + "\",\"previous_response_id\":\"" + id.toUtf8()
                                        + "\",\"input\":\"and two more\",\"stream\":true}");
            QCOMPARE(second->status, 200);
            MockBackendThread* backend = group == "chat" ? m_chat : m_native;
            const QJsonObject sent = jsonOf(
                backend->backend()->stats().value(u"last_request").toObject().value(u"body").toString().toUtf8());
            if (group == "chat") {
                const QJsonArray messages = sent.value(u"messages").toArray();
                QCOMPARE(messages.size(), 3); // user, the stored answer, user
                QCOMPARE(messages[1].toObject().value(u"content").toString(), u"tok0 tok1 tok2 tok3 tok4 "_s);
            } else {
                QCOMPARE(sent.value(u"input").toArray().size(), 3);
                QVERIFY(!sent.contains(u"previous_response_id")); // the backend does not know our ids
            }
            const QString secondId
                = eventsOf(second->body).last().value(u"response").toObject().value(u"id").toString();
            const auto items = call("GET", "/v1/responses/" + secondId.toUtf8() + "/input_items?order=asc");
            QCOMPARE(items->status, 200);
            QCOMPARE(items->json().value(u"object").toString(), u"list"_s);
            QCOMPARE(items->json().value(u"data").toArray().size(), 3);

            const auto deleted = call("DELETE", "/v1/responses/" + id.toUtf8());
            QCOMPARE(deleted->status, 200);
            QVERIFY(deleted->json().value(u"deleted").toBool());
            QCOMPARE(call("GET", "/v1/responses/" + id.toUtf8())->status, 404);
            QCOMPARE(call("DELETE", "/v1/responses/" + id.toUtf8())->status, 404);
        }
    }

    void unknownPreviousResponseIsNotFound()
    {
        const auto r = respond("{\"model\":\"chat\",\"previous_response_id\":\"resp_nope\",\"input\":\"x\"}");
        QCOMPARE(r->status, 404);
        const QJsonObject error = errorOf(*r);
        QCOMPARE(error.value(u"param").toString(), u"previous_response_id"_s);
        QCOMPARE(error.value(u"code").toString(), u"previous_response_not_found"_s);
    }

    void storeFalseKeepsNothing()
    {
        const auto r = respond(responsesBody("chat", "\"store\":false"));
        QCOMPARE(r->status, 200);
        QCOMPARE(call("GET", "/v1/responses/" + r->json().value(u"id").toString().toUtf8())->status, 404);
    }

    void itemReferencesAreResolved()
    {
        const auto first = respond(responsesBody("chat"));
        const QString itemId = first->json().value(u"output").toArray()[0].toObject().value(u"id").toString();
        const auto r = respond("{\"model\":\"chat\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"},{\"type\":"
                               "\"item_reference\",\"id\":\""
                               + itemId.toUtf8() + "\"},{\"role\":\"user\",\"content\":\"more\"}]}");
        QCOMPARE(r->status, 200);
        const QJsonArray messages = lastChatRequest().value(u"messages").toArray();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages[1].toObject().value(u"content").toString(), u"tok0 tok1 tok2 tok3 tok4 "_s);
        const auto missing = respond("{\"model\":\"chat\",\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_x\"}]}");
        QCOMPARE(missing->status, 404);
    }

    void aKeyReadsOnlyItsOwnResponses()
    {
        const QByteArray alice = generateKey(m_port, {{u"key_alias"_s, u"alice"_s}}).value(u"key").toString().toUtf8();
        const QByteArray bob = generateKey(m_port, {{u"key_alias"_s, u"bob"_s}}).value(u"key").toString().toUtf8();
        QVERIFY(!alice.isEmpty() && !bob.isEmpty());
        const auto mine = respond(responsesBody("chat"), bearer(alice));
        QCOMPARE(mine->status, 200);
        const QByteArray path = "/v1/responses/" + mine->json().value(u"id").toString().toUtf8();
        QCOMPARE(call("GET", path, bearer(alice))->status, 200);
        QCOMPARE(call("GET", path, bearer(bob))->status, 404);
        QCOMPARE(call("GET", path)->status, 404); // the master key's responses are its own too
        QCOMPARE(call("DELETE", path, bearer(bob))->status, 404);
        const auto stolen = respond("{\"model\":\"chat\",\"previous_response_id\":\""
                                        + mine->json().value(u"id").toString().toUtf8() + "\",\"input\":\"x\"}",
                                    bearer(bob));
        QCOMPARE(stolen->status, 404);
        QCOMPARE(call("GET", path, {})->status, 401);
    }

    // ---- Keys, limits, usage and metrics, as for chat ----

    void limitsAndUsageApply()
    {
        const QByteArray key = generateKey(m_port, {{u"key_alias"_s, u"limited"_s}, {u"rpm_limit"_s, 1}})
                                   .value(u"key")
                                   .toString()
                                   .toUtf8();
        QCOMPARE(respond(responsesBody("chat"), bearer(key))->status, 200);
        const auto limited = respond(responsesBody("chat"), bearer(key));
        QCOMPARE(limited->status, 429);
        QCOMPARE(errorOf(*limited).value(u"code").toString(), u"rpm_limit_exceeded"_s);
        QVERIFY(!limited->header("retry-after").isEmpty());
        const QByteArray metrics = call("GET", "/metrics")->body;
        QVERIFY(metrics.contains("litellm_proxy_total_requests_metric"));
        // Both requests are in the usage log with their endpoint and key (newest first): the
        // answer with its tokens, and the one the limit refused.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto logs = call("GET", "/spend/logs?api_key=" + key);
                const QJsonArray rows = QJsonDocument::fromJson(logs->body).array();
                return rows.size() == 2 && rows[0].toObject().value(u"call_type").toString() == u"responses"
                    && rows[0].toObject().value(u"metadata").toObject().value(u"status_code").toInt() == 429
                    && rows[1].toObject().value(u"call_type").toString() == u"responses"
                    && rows[1].toObject().value(u"completion_tokens").toInt() == 5;
            }(),
            10'000);
        const auto unknown = respond(responsesBody("gpt-9"));
        QCOMPARE(unknown->status, 404);
        QCOMPARE(errorOf(*unknown).value(u"code").toString(), u"model_not_found"_s);
    }

    // ---- Compressed request bodies (issue 13, item 3), for every dialect ----

    void gzipBodiesAreDecompressed()
    {
        RawHttpClient::Headers gzip = authHeaders();
        gzip.append(qMakePair(QByteArray("Content-Encoding"), QByteArray("gzip")));
        const auto responses = respond(GzipEncoder::gzip(responsesBody("chat")), gzip);
        QCOMPARE(responses->status, 200);
        QCOMPARE(responses->json().value(u"output_text").toString(), u"tok0 tok1 tok2 tok3 tok4 "_s);
        const auto chat
            = RawHttpClient::fetch(m_port, "POST", "/v1/chat/completions", GzipEncoder::gzip(chatBody("chat")), gzip);
        QCOMPARE(chat->status, 200);
        // Within the body limit (1 MiB here) after decompression: a bomb stops there.
        const QByteArray bomb
            = GzipEncoder::gzip("{\"model\":\"chat\",\"input\":\"" + QByteArray(8 << 20, 'a') + "\"}");
        QVERIFY(bomb.size() < 100'000);
        const auto big = respond(bomb, gzip);
        QCOMPARE(big->status, 413);
        QCOMPARE(errorOf(*big).value(u"code").toString(), u"request_too_large"_s);
        const auto corrupt = respond("not gzip at all", gzip);
        QCOMPARE(corrupt->status, 400);
        RawHttpClient::Headers brotli = authHeaders();
        brotli.append(qMakePair(QByteArray("Content-Encoding"), QByteArray("br")));
        const auto unsupported = respond(responsesBody("chat"), brotli);
        QCOMPARE(unsupported->status, 415);
        QCOMPARE(errorOf(*unsupported).value(u"code").toString(), u"unsupported_content_encoding"_s);
    }
};

QTEST_GUILESS_MAIN(TestResponsesApi)
#include "TestResponsesApi.moc"
