#include "KeyTestSupport.h"

#include <QTest>

using namespace sy::testing;
using namespace Qt::StringLiterals;

namespace {

// Each line of an NDJSON body as JSON.
QList<QJsonObject> linesOf(const QByteArray& body)
{
    QList<QJsonObject> out;
    for (const QByteArray& line : body.split('\n')) {
        if (!line.trimmed().isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    }
    return out;
}

QString contentOf(const QList<QJsonObject>& lines)
{
    QString text;
    for (const QJsonObject& line : lines)
        text += line.value(u"message"_s).toObject().value(u"content"_s).toString()
            + line.value(u"response"_s).toString();
    return text;
}

QByteArray chat(const QByteArray& model, const QByteArray& extra = {})
{
    QByteArray body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"say three words\"}]";
    return body + (extra.isEmpty() ? QByteArray() : ',' + extra) + '}';
}

} // namespace

// Ollama's API on Switchyard's port (and gateway.ollama_port), over a native Ollama backend and an
// OpenAI-compatible one: the answers an Ollama client gets, the requests each backend gets, the
// fault matrix, and keys, limits and usage as for chat.
class TestOllamaApi : public QObject
{
    Q_OBJECT

private:
    MockBackendThread* m_ollama = nullptr; // answers Ollama's native API
    MockBackendThread* m_compat = nullptr; // answers OpenAI's
    GatewayProcess* m_gateway = nullptr;
    quint16 m_port = 0;
    quint16 m_ollamaPort = 0;

    MockBackendThread* mockFor(const QByteArray& group) const { return group == "llama3.2" ? m_ollama : m_compat; }

    QJsonObject lastRequest(const QByteArray& group) const
    {
        return mockFor(group)->backend()->stats().value(u"last_request"_s).toObject();
    }

    static std::optional<RawHttpResponse> api(quint16 port,
                                              const QByteArray& method,
                                              const QByteArray& path,
                                              const QByteArray& body = {},
                                              const RawHttpClient::Headers& headers = authHeaders())
    {
        return RawHttpClient::fetch(port, method, path, body, headers, 15'000);
    }

    void setKnobs(const QByteArray& group, const QJsonObject& knobs)
    {
        MockKnobs k;
        QString error;
        QVERIFY2(k.apply(knobs, &error), qPrintable(error));
        mockFor(group)->backend()->setDefaults(k);
    }

private slots:
    void initTestCase()
    {
        MockBackend::Options ollama;
        ollama.id = u"ollama"_s;
        ollama.models = QStringList{u"llama3.2:latest"_s};
        m_ollama = new MockBackendThread(ollama);
        QVERIFY(m_ollama->start());
        MockBackend::Options compat;
        compat.id = u"studio"_s;
        compat.models = QStringList{u"qwen2.5-7b-instruct"_s};
        m_compat = new MockBackendThread(compat);
        QVERIFY(m_compat->start());
        const QByteArray models = "  - model_name: llama3.2\n    litellm_params:\n      model: ollama/llama3.2:latest\n"
                                  "      api_base: http://127.0.0.1:"
            + QByteArray::number(m_ollama->port())
            + "\n      timeout: 2\n    model_info:\n      max_input_tokens: 8192\n"
              "  - model_name: qwen\n    litellm_params:\n      model: lm_studio/qwen2.5-7b-instruct\n"
              "      api_base: http://127.0.0.1:"
            + QByteArray::number(m_compat->port()) + "/v1\n      timeout: 2\n"
            + "  - model_name: flaky\n    litellm_params:\n      model: ollama/llama3.2:latest\n"
              "      api_base: http://127.0.0.1:"
            + QByteArray::number(m_ollama->port()) + "\n      order: 1\n"
            + "  - model_name: flaky\n    litellm_params:\n      model: lm_studio/qwen2.5-7b-instruct\n"
              "      api_base: http://127.0.0.1:"
            + QByteArray::number(m_compat->port()) + "/v1\n      order: 2\n";
        m_gateway = new GatewayProcess;
        m_port = m_gateway->start(gatewayConfig(models, "ollama_port: 0"));
        QVERIFY2(m_port != 0, m_gateway->stderrText().constData());
        // "Ollama API also listening on http://127.0.0.1:N"
        QTRY_VERIFY_WITH_TIMEOUT(m_gateway->stderrText().contains("Ollama API also listening on"), 10'000);
        const QByteArray log = m_gateway->stderrText();
        const qsizetype at = log.indexOf("Ollama API also listening on http://127.0.0.1:");
        m_ollamaPort = quint16(log.mid(at + 46).split('\n').first().split(',').first().trimmed().toInt());
        QVERIFY2(m_ollamaPort != 0 && m_ollamaPort != m_port, log.constData());
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
        delete m_gateway;
        delete m_ollama;
        delete m_compat;
    }

    void init()
    {
        for (MockBackendThread* mock : {m_ollama, m_compat}) {
            mock->backend()->setDefaults(MockKnobs{});
            mock->backend()->resetStats();
        }
    }

    // ---- A server Ollama clients recognise ----

    void rootAndVersionNeedNoKey()
    {
        for (const quint16 port : {m_port, m_ollamaPort}) {
            const auto root = api(port, "GET", "/", {}, {});
            QCOMPARE(root->status, 200);
            QCOMPARE(root->body, QByteArray("Ollama is running"));
            const auto head = api(port, "HEAD", "/", {}, {});
            QCOMPARE(head->status, 200);
            QVERIFY(head->body.isEmpty());
            const auto version = api(port, "GET", "/api/version", {}, {});
            QCOMPARE(version->status, 200);
            QCOMPARE(version->json().value(u"version"_s).toString(), u"0.9.0"_s);
        }
    }

    void aMissingKeyIsAnOllamaErrorThatSaysHowToSendOne()
    {
        const auto r = api(m_port, "GET", "/api/tags", {}, {});
        QCOMPARE(r->status, 401);
        QVERIFY(r->header("content-type").startsWith("application/json"));
        const QJsonValue error = r->json().value(u"error"_s);
        QVERIFY(error.isString()); // never an object: the ollama library would show "[object Object]"
        QVERIFY(error.toString().contains(u"headers"));
        const auto chatted = api(m_port, "POST", "/api/chat", chat("llama3.2"), {});
        QCOMPARE(chatted->status, 401);
        QVERIFY(chatted->json().value(u"error"_s).isString());
    }

    void tagsShowAndPs()
    {
        const auto tags = api(m_port, "GET", "/api/tags");
        QCOMPARE(tags->status, 200);
        QStringList names;
        for (const QJsonValue& m : tags->json().value(u"models"_s).toArray())
            names.append(m.toObject().value(u"name"_s).toString());
        QCOMPARE(names, (QStringList{u"llama3.2"_s, u"qwen"_s, u"flaky"_s}));

        const auto show = api(m_port, "POST", "/api/show", "{\"model\":\"llama3.2:latest\"}");
        QCOMPARE(show->status, 200);
        const QJsonObject info = show->json().value(u"model_info"_s).toObject();
        QCOMPARE(info.value(info.value(u"general.architecture"_s).toString() + u".context_length"_s).toInt(), 8192);
        const auto unknown = api(m_port, "POST", "/api/show", "{\"model\":\"mistral\"}");
        QCOMPARE(unknown->status, 404);
        QVERIFY(unknown->json().value(u"error"_s).toString().contains(u"mistral"));

        // /api/ps answers at once from what the backends last said, and asks them again meanwhile.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto ps = api(m_port, "GET", "/api/ps");
                const QJsonArray models = ps->json().value(u"models"_s).toArray();
                return !models.isEmpty() && models.first().toObject().value(u"name"_s).toString() == u"llama3.2"
                    && models.first().toObject().value(u"size_vram"_s).toInteger() > 0;
            }(),
            10'000);
        QVERIFY(m_ollama->backend()->stats().value(u"requests_by_path"_s).toObject().contains(u"/api/ps"_s));
    }

    void otherOllamaEndpointsAreNotSupportedInOllamasShape()
    {
        const auto pull = api(m_port, "POST", "/api/pull", "{\"model\":\"llama3.2\"}");
        QCOMPARE(pull->status, 404);
        QVERIFY(pull->json().value(u"error"_s).toString().contains(u"does not support POST /api/pull"));
        const auto wrongMethod = api(m_port, "GET", "/api/chat");
        QCOMPARE(wrongMethod->status, 405);
        QVERIFY(wrongMethod->json().value(u"error"_s).isString());
    }

    // ---- Chat, generate, embeddings over both kinds of backend ----

    void chatStreamsByDefault_data()
    {
        QTest::addColumn<QByteArray>("group");
        QTest::addColumn<QByteArray>("backendPath");
        QTest::newRow("native") << QByteArray("llama3.2") << QByteArray("/api/chat");
        QTest::newRow("translated") << QByteArray("qwen") << QByteArray("/v1/chat/completions");
    }

    void chatStreamsByDefault()
    {
        QFETCH(QByteArray, group);
        QFETCH(QByteArray, backendPath);
        const QByteArray asked = group + ":latest";
        const auto r
            = api(m_port, "POST", "/api/chat", chat(asked, "\"options\":{\"temperature\":0.1,\"num_ctx\":4096}"));
        QCOMPARE(r->status, 200);
        QVERIFY(r->header("content-type").startsWith("application/x-ndjson"));
        QCOMPARE(r->header("x-litellm-model-group"), group);
        const QList<QJsonObject> lines = linesOf(r->body);
        QCOMPARE(lines.size(), 6); // five tokens, then done
        QCOMPARE(contentOf(lines), u"tok0 tok1 tok2 tok3 tok4 "_s);
        for (const QJsonObject& line : lines)
            QCOMPARE(line.value(u"model"_s).toString(), QString::fromUtf8(asked)); // the name asked for
        const QJsonObject done = lines.last();
        QCOMPARE(done.value(u"done"_s).toBool(), true);
        QCOMPARE(done.value(u"done_reason"_s).toString(), u"stop"_s);
        QCOMPARE(done.value(u"prompt_eval_count"_s).toInt(), 3);
        QCOMPARE(done.value(u"eval_count"_s).toInt(), 5);
        QVERIFY(done.value(u"eval_duration"_s).isDouble());

        const QJsonObject sent = lastRequest(group);
        QCOMPARE(sent.value(u"path"_s).toString().toUtf8(), backendPath);
        const QJsonObject body = jsonOf(sent.value(u"body"_s).toString().toUtf8());
        if (group == "llama3.2") {
            // Native: every option kept, only the model named as the backend knows it.
            QCOMPARE(body.value(u"model"_s).toString(), u"llama3.2:latest"_s);
            QCOMPARE(body.value(u"options"_s).toObject().value(u"num_ctx"_s).toInt(), 4096);
        } else {
            QCOMPARE(body.value(u"model"_s).toString(), u"qwen2.5-7b-instruct"_s);
            QCOMPARE(body.value(u"stream"_s).toBool(), true);
            QCOMPARE(body.value(u"temperature"_s).toDouble(), 0.1);
            QCOMPARE(body.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool(), true);
        }
    }

    void linesArriveAsTheyAreGenerated()
    {
        for (const QByteArray& group : {QByteArray("llama3.2"), QByteArray("qwen")}) {
            setKnobs(group, {{u"token_delay_ms"_s, 500}, {u"tokens"_s, 4}});
            RawHttpClient client;
            QVERIFY(client.connectToHost(QHostAddress::LocalHost, m_port));
            client.send(client.buildRequest("POST", "/api/chat", chat(group), authHeaders()));
            // The first token comes while the backend is still generating the rest.
            QTRY_VERIFY_WITH_TIMEOUT(client.received().contains("tok0"), 10'000);
            QVERIFY2(!client.received().contains("\"done\":true"), group.constData());
            const auto r = client.readResponse(15'000);
            QVERIFY(r && r->complete);
            QCOMPARE(linesOf(r->body).last().value(u"done"_s).toBool(), true);
        }
    }

    void chatWithoutStreaming_data() { chatStreamsByDefault_data(); }

    void chatWithoutStreaming()
    {
        QFETCH(QByteArray, group);
        const auto r = api(m_port, "POST", "/api/chat", chat(group, "\"stream\":false"));
        QCOMPARE(r->status, 200);
        const QJsonObject answer = r->json();
        QCOMPARE(answer.value(u"message"_s).toObject().value(u"content"_s).toString(), u"tok0 tok1 tok2 tok3 tok4 "_s);
        QCOMPARE(answer.value(u"done"_s).toBool(), true);
        QCOMPARE(answer.value(u"eval_count"_s).toInt(), 5);
        QCOMPARE(answer.value(u"model"_s).toString(), QString::fromUtf8(group));
    }

    void toolCalls_data() { chatStreamsByDefault_data(); }

    void toolCalls()
    {
        QFETCH(QByteArray, group);
        setKnobs(group, {{u"tool_call"_s, true}});
        const QByteArray tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                                 "\"parameters\":{\"type\":\"object\"}}}]";
        for (const QByteArray& stream : {QByteArray("true"), QByteArray("false")}) {
            const auto r = api(m_port, "POST", "/api/chat", chat(group, tools + ",\"stream\":" + stream));
            QCOMPARE(r->status, 200);
            QJsonArray calls;
            for (const QJsonObject& line : linesOf(r->body)) {
                for (const QJsonValue& call : line.value(u"message"_s).toObject().value(u"tool_calls"_s).toArray())
                    calls.append(call);
            }
            QCOMPARE(calls.size(), 1);
            const QJsonObject function = calls[0].toObject().value(u"function"_s).toObject();
            QCOMPARE(function.value(u"name"_s).toString(), u"get_weather"_s);
            QCOMPARE(function.value(u"arguments"_s).toObject().value(u"city"_s).toString(), u"Paris"_s);
        }
        QVERIFY(jsonOf(lastRequest(group).value(u"body"_s).toString().toUtf8()).contains(u"tools"_s));
    }

    void generate_data() { chatStreamsByDefault_data(); }

    void generate()
    {
        QFETCH(QByteArray, group);
        const auto streamed
            = api(m_port, "POST", "/api/generate", "{\"model\":\"" + group + "\",\"prompt\":\"say hi\"}");
        QCOMPARE(streamed->status, 200);
        const QList<QJsonObject> lines = linesOf(streamed->body);
        QCOMPARE(contentOf(lines), u"tok0 tok1 tok2 tok3 tok4 "_s);
        QVERIFY(!lines.first().contains(u"message"_s));
        QCOMPARE(lines.last().value(u"done"_s).toBool(), true);
        const auto whole = api(
            m_port, "POST", "/api/generate", "{\"model\":\"" + group + "\",\"prompt\":\"say hi\",\"stream\":false}");
        QCOMPARE(whole->json().value(u"response"_s).toString(), u"tok0 tok1 tok2 tok3 tok4 "_s);
    }

    void anEmptyPromptLoadsTheModel_data() { chatStreamsByDefault_data(); }

    void anEmptyPromptLoadsTheModel()
    {
        QFETCH(QByteArray, group);
        const qint64 before = mockFor(group)->backend()->stats().value(u"requests"_s).toInteger();
        const auto r = api(m_port, "POST", "/api/generate", "{\"model\":\"" + group + "\"}");
        QCOMPARE(r->status, 200);
        const QJsonObject answer = linesOf(r->body).last();
        QCOMPARE(answer.value(u"done"_s).toBool(), true);
        QCOMPARE(answer.value(u"response"_s).toString(), QString());
        const qint64 after = mockFor(group)->backend()->stats().value(u"requests"_s).toInteger();
        // An Ollama backend is asked to load it; another generates nothing at all.
        QCOMPARE(after - before, group == "llama3.2" ? 1 : 0);
        if (group != "llama3.2")
            QCOMPARE(answer.value(u"done_reason"_s).toString(), u"load"_s);
    }

    void embeddings_data() { chatStreamsByDefault_data(); }

    void embeddings()
    {
        QFETCH(QByteArray, group);
        const auto embed
            = api(m_port, "POST", "/api/embed", "{\"model\":\"" + group + "\",\"input\":[\"one\",\"two\"]}");
        QCOMPARE(embed->status, 200);
        const QJsonObject e = embed->json();
        QCOMPARE(e.value(u"model"_s).toString(), QString::fromUtf8(group));
        QCOMPARE(e.value(u"embeddings"_s).toArray().size(), 2);
        QCOMPARE(e.value(u"embeddings"_s).toArray().first().toArray().size(), 8);
        const auto older = api(m_port, "POST", "/api/embeddings", "{\"model\":\"" + group + "\",\"prompt\":\"one\"}");
        QCOMPARE(older->status, 200);
        // The same vector through either API: the mock's for "one".
        QCOMPARE(older->json().value(u"embedding"_s).toArray(), e.value(u"embeddings"_s).toArray().first().toArray());
    }

    // ---- Failures, in Ollama's shape ----

    void faultMatrix_data()
    {
        QTest::addColumn<QByteArray>("group");
        QTest::addColumn<QJsonObject>("knobs");
        QTest::addColumn<int>("status");
        for (const QByteArray& group : {QByteArray("llama3.2"), QByteArray("qwen")}) {
            const char* g = group.constData();
            QTest::addRow("%s 503", g) << group << QJsonObject{{u"status"_s, 503}} << 503;
            QTest::addRow("%s 429", g) << group << QJsonObject{{u"status"_s, 429}} << 429;
            QTest::addRow("%s 400", g) << group << QJsonObject{{u"status"_s, 400}} << 400;
            QTest::addRow("%s hang", g) << group << QJsonObject{{u"behavior"_s, u"hang"_s}} << 504;
            QTest::addRow("%s close", g) << group << QJsonObject{{u"behavior"_s, u"close"_s}} << 502;
            QTest::addRow("%s garbage", g) << group << QJsonObject{{u"behavior"_s, u"garbage"_s}} << 502;
        }
    }

    void faultMatrix()
    {
        QFETCH(QByteArray, group);
        QFETCH(QJsonObject, knobs);
        QFETCH(int, status);
        setKnobs(group, knobs);
        for (const QByteArray& stream : {QByteArray("true"), QByteArray("false")}) {
            const auto r = api(m_port, "POST", "/api/chat", chat(group, "\"stream\":" + stream));
            QVERIFY(r);
            QCOMPARE(r->status, status);
            QVERIFY(r->header("content-type").startsWith("application/json"));
            QVERIFY2(r->json().value(u"error"_s).isString(), r->body.constData());
            QCOMPARE(r->json().keys(), QStringList{u"error"_s});
        }
    }

    void aBrokenStreamEndsWithAnErrorNeverDone_data() { chatStreamsByDefault_data(); }

    void aBrokenStreamEndsWithAnErrorNeverDone()
    {
        QFETCH(QByteArray, group);
        setKnobs(group, {{u"behavior"_s, u"cut"_s}, {u"cut_after"_s, 2}});
        RawHttpClient client;
        QVERIFY(client.connectToHost(QHostAddress::LocalHost, m_port));
        client.send(client.buildRequest("POST", "/api/chat", chat(group), authHeaders()));
        const auto r = client.readResponse(15'000);
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QVERIFY(!r->complete); // the connection is cut: no client can take it for a whole answer
        const QList<QJsonObject> lines = linesOf(r->body);
        QVERIFY(lines.size() >= 2);
        QVERIFY(contentOf(lines).startsWith(u"tok0 tok1"));
        QVERIFY2(lines.last().value(u"error"_s).isString(), r->body.constData());
        for (const QJsonObject& line : lines)
            QVERIFY(!line.value(u"done"_s).toBool());
    }

    void failoverBeforeTheFirstByte()
    {
        // The Ollama backend gets the body as sent, and fails it; the OpenAI-compatible one gets it
        // translated, without the mock's knob, and answers: failover across dialects, unseen.
        const auto r = api(m_port, "POST", "/api/chat", chat("flaky", "\"mock\":{\"status\":503}"));
        QCOMPARE(r->status, 200);
        QCOMPARE(r->header("x-switchyard-attempts"), QByteArray("2"));
        QCOMPARE(contentOf(linesOf(r->body)), u"tok0 tok1 tok2 tok3 tok4 "_s);
    }

    void unknownModelIsAnOllamaError()
    {
        const auto r = api(m_port, "POST", "/api/chat", chat("mistral:7b"));
        QCOMPARE(r->status, 404);
        QVERIFY(r->json().value(u"error"_s).toString().contains(u"mistral:7b"));
    }

    // ---- Keys, limits, usage and metrics apply as for chat ----

    void keysLimitsAndUsage()
    {
        const QJsonObject generated
            = generateKey(m_port, {{u"models"_s, QJsonArray{u"llama3.2"_s}}, {u"rpm_limit"_s, 2}});
        const QByteArray key = generated.value(u"key"_s).toString().toUtf8();
        QVERIFY(!key.isEmpty());
        const auto tags = api(m_port, "GET", "/api/tags", {}, bearer(key));
        QCOMPARE(tags->json().value(u"models"_s).toArray().size(), 1);
        const auto denied = api(m_port, "POST", "/api/chat", chat("qwen"), bearer(key));
        QCOMPARE(denied->status, 401);
        QVERIFY(denied->json().value(u"error"_s).isString());
        const auto first = api(m_port, "POST", "/api/chat", chat("llama3.2:latest"), bearer(key));
        QCOMPARE(first->status, 200);
        QCOMPARE(api(m_port,
                     "POST",
                     "/api/generate",
                     "{\"model\":\"llama3.2\",\"prompt\":\"x y\",\"stream\":false}",
                     bearer(key))
                     ->status,
                 200);
        const auto limited = api(m_port, "POST", "/api/chat", chat("llama3.2"), bearer(key));
        QCOMPARE(limited->status, 429);
        QVERIFY(!limited->header("retry-after").isEmpty());
        QVERIFY(limited->json().value(u"error"_s).isString());

        // Usage: one record per request, with the tokens the backend counted.
        QJsonArray records;
        QTRY_VERIFY_WITH_TIMEOUT(
            (records
             = QJsonDocument::fromJson(adminCall(m_port, "GET", "/spend/logs?api_key=" + tokenOf(key).toUtf8())->body)
                   .array())
                    .size()
                >= 2,
            10'000);
        for (const QJsonValue& value : std::as_const(records)) {
            const QJsonObject record = value.toObject();
            if (record.value(u"status"_s).toInt() != 200)
                continue;
            QCOMPARE(record.value(u"model_group"_s).toString(), u"llama3.2"_s);
            QCOMPARE(record.value(u"completion_tokens"_s).toInt(), 5);
            QVERIFY(record.value(u"prompt_tokens"_s).toInt() >= 2);
        }
        const QByteArray metrics = api(m_port, "GET", "/metrics", {}, {})->body;
        QVERIFY(metrics.contains(
            "litellm_proxy_total_requests_metric_total{requested_model=\"llama3.2\",status_code=\"200\"}"));
        QVERIFY(metrics.contains(
            "litellm_proxy_total_requests_metric_total{requested_model=\"llama3.2\",status_code=\"429\"}"));
        QVERIFY(metrics.contains("litellm_output_tokens_metric_total{requested_model=\"llama3.2\""));
    }
};

QTEST_GUILESS_MAIN(TestOllamaApi)
#include "TestOllamaApi.moc"
