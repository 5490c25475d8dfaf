#include "KeyTestSupport.h"

#include <QRegularExpression>
#include <QTest>

using namespace sy::testing;
using namespace Qt::StringLiterals;

namespace {

QByteArray cacheConfig(quint16 port, const QByteArray& params = {})
{
    QByteArray yaml = keysConfig(pricedModel("chat", port) + mockModelEntry("embed", port));
    yaml += "litellm_settings:\n  cache: true\n";
    if (!params.isEmpty())
        yaml += "  cache_params: {" + params + "}\n";
    return yaml;
}

QByteArray messageBody(const QByteArray& text, const QByteArray& extra = {})
{
    return "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]"
        + (extra.isEmpty() ? QByteArray() : ',' + extra) + '}';
}

QString contentOf(const RawHttpResponse& r)
{
    return r.json()["choices"].toArray().first().toObject()["message"].toObject()["content"].toString();
}

} // namespace

// The response cache through the real binary (issue #16): hits and misses for chat, streams and
// embeddings, in OpenAI's and Anthropic's dialects; the per-request and per-key controls; what
// is never stored; the admin endpoints, usage and metrics.
class TestResponseCaching : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockBackendThread> m_mock;
    std::unique_ptr<GatewayProcess> m_gateway;
    quint16 m_port = 0;

    /** Inference requests the backend saw (model listings for discovery and health do not count). */
    int backendCalls() const
    {
        const QJsonObject byPath = m_mock->backend()->stats()["requests_by_path"].toObject();
        int n = 0;
        for (auto it = byPath.begin(); it != byPath.end(); ++it)
            n += it.key().endsWith(u"/models") ? 0 : it.value().toInt();
        return n;
    }
    QJsonObject lastBackendBody() const
    {
        return QJsonDocument::fromJson(
                   m_mock->backend()->stats()["last_request"].toObject()["body"].toString().toUtf8())
            .object();
    }

    std::optional<RawHttpResponse> chat(const QByteArray& body, RawHttpClient::Headers headers = authHeaders())
    {
        return RawHttpClient::fetch(m_port, "POST", "/v1/chat/completions", body, headers);
    }

    double metric(const QByteArray& series)
    {
        const auto metrics = RawHttpClient::fetch(m_port, "GET", "/metrics");
        for (const QByteArray& line : metrics->body.split('\n')) {
            if (line.startsWith(series + ' '))
                return line.mid(series.size() + 1).toDouble();
        }
        return 0;
    }

private slots:
    void initTestCase()
    {
        m_mock = std::make_unique<MockBackendThread>();
        QVERIFY(m_mock->start());
        m_gateway = std::make_unique<GatewayProcess>();
        m_port = m_gateway->start(cacheConfig(m_mock->port()));
        QVERIFY2(m_port, m_gateway->stderrText().constData());
    }

    void cleanupTestCase()
    {
        if (m_gateway)
            QCOMPARE(m_gateway->terminate(), 0);
    }

    void secondIdenticalChatIsServedWithoutTheBackend()
    {
        const int before = backendCalls();
        const auto first = chat(messageBody("cache me once", "\"temperature\":0.5"));
        QCOMPARE(first->status, 200);
        QCOMPARE(first->header("x-switchyard-cache"), QByteArray("miss"));
        const QByteArray key = first->header("x-litellm-cache-key");
        QCOMPARE(key.size(), 64);
        QCOMPARE(backendCalls(), before + 1);
        // Same request, other key order and spacing: the same entry.
        const auto second = chat("{ \"temperature\": 0.5,\n \"messages\": [ { \"content\": \"cache me once\", "
                                 "\"role\": \"user\" } ], \"model\": \"chat\" }");
        QCOMPARE(second->status, 200);
        QCOMPARE(second->header("x-switchyard-cache"), QByteArray("hit"));
        QCOMPARE(second->header("x-litellm-cache-key"), key);
        QCOMPARE(backendCalls(), before + 1);
        QCOMPARE(contentOf(*second), contentOf(*first));
        const QJsonObject body = second->json();
        QCOMPARE(body["object"].toString(), QString("chat.completion"));
        QCOMPARE(body["model"].toString(), QString("chat"));
        QCOMPARE(body["usage"].toObject()["completion_tokens"].toInt(), 5);
        QVERIFY(!second->hasHeader("x-switchyard-backend")); // no deployment served it
        // Another parameter is another request.
        QCOMPARE(chat(messageBody("cache me once", "\"temperature\":0.6"))->header("x-switchyard-cache"),
                 QByteArray("miss"));
        QCOMPARE(backendCalls(), before + 2);
    }

    void aStreamHitIsAProperStream()
    {
        const int before = backendCalls();
        QCOMPARE(chat(messageBody("stream me"))->status, 200); // stored from a whole answer
        RawHttpClient client;
        QVERIFY(client.connectToHost(QHostAddress::LocalHost, m_port));
        client.send(
            client.buildRequest("POST",
                                "/v1/chat/completions",
                                messageBody("stream me", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"),
                                authHeaders()));
        const auto head = client.waitForHead();
        QVERIFY(head);
        QCOMPARE(head->header("x-switchyard-cache"), QByteArray("hit"));
        QVERIFY(head->header("content-type").startsWith("text/event-stream"));
        const QList<SseEvent> events = client.readAllEvents();
        QString text;
        bool usage = false, done = false, finished = false;
        for (const SseEvent& e : events) {
            if (e.data == "[DONE]") {
                done = true;
                continue;
            }
            const QJsonObject j = e.json();
            const QJsonArray choices = j["choices"].toArray();
            if (choices.isEmpty() && j["usage"].isObject())
                usage = j["usage"].toObject()["total_tokens"].toInt() > 0;
            for (const QJsonValue& c : choices) {
                text += c.toObject()["delta"].toObject()["content"].toString();
                finished = finished || c.toObject()["finish_reason"].toString() == u"stop";
            }
        }
        QCOMPARE(text, QString("tok0 tok1 tok2 tok3 tok4 "));
        QVERIFY(usage);
        QVERIFY(finished);
        QVERIFY(done);
        QCOMPARE(backendCalls(), before + 1);
    }

    void anOllamaClientGetsItsHitAsNdjson()
    {
        // Ollama's /api/chat streams by default; the hit is replayed as Ollama's NDJSON lines.
        const int before = backendCalls();
        const QByteArray body = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"ollama me\"}]}";
        const auto first = RawHttpClient::fetch(m_port, "POST", "/api/chat", body, authHeaders());
        QCOMPARE(first->status, 200);
        QCOMPARE(first->header("x-switchyard-cache"), QByteArray("miss"));
        const auto hit = RawHttpClient::fetch(m_port, "POST", "/api/chat", body, authHeaders());
        QCOMPARE(hit->status, 200);
        QCOMPARE(hit->header("x-switchyard-cache"), QByteArray("hit"));
        QVERIFY2(hit->header("content-type").startsWith("application/x-ndjson"),
                 hit->header("content-type").constData());
        QString text;
        QJsonObject last;
        for (const QByteArray& line : hit->body.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            last = QJsonDocument::fromJson(line).object();
            text += last["message"].toObject()["content"].toString();
        }
        QCOMPARE(text, QString("tok0 tok1 tok2 tok3 tok4 "));
        QVERIFY(last["done"].toBool());
        QVERIFY(last["eval_count"].toInt() > 0);
        QCOMPARE(backendCalls(), before + 1);
    }

    void aStreamedAnswerIsStored()
    {
        const int before = backendCalls();
        RawHttpClient client;
        QVERIFY(client.connectToHost(QHostAddress::LocalHost, m_port));
        client.send(client.buildRequest(
            "POST", "/v1/chat/completions", messageBody("streamed first", "\"stream\":true"), authHeaders()));
        QVERIFY(!client.readAllEvents().isEmpty());
        QVERIFY(client.streamEnded());
        const auto whole = chat(messageBody("streamed first"));
        QCOMPARE(whole->header("x-switchyard-cache"), QByteArray("hit"));
        QCOMPARE(contentOf(*whole), QString("tok0 tok1 tok2 tok3 tok4 "));
        QCOMPARE(backendCalls(), before + 1);
    }

    void aCutStreamIsNeverStored()
    {
        const QByteArray body
            = messageBody("cut me", "\"stream\":true,\"mock\":{\"behavior\":\"cut\",\"cut_after\":2}");
        for (int round = 0; round < 2; ++round) {
            const int before = backendCalls();
            RawHttpClient client;
            QVERIFY(client.connectToHost(QHostAddress::LocalHost, m_port));
            client.send(client.buildRequest("POST", "/v1/chat/completions", body, authHeaders()));
            const QList<SseEvent> events = client.readAllEvents();
            QVERIFY(!events.isEmpty());
            QCOMPARE(events.last().event, QByteArray("error"));
            QCOMPARE(backendCalls(), before + 1); // a miss both times
        }
    }

    void errorsAreNeverCached()
    {
        const QByteArray body = messageBody("fails first");
        MockKnobs failing = m_mock->backend()->defaults();
        failing.status = 500;
        m_mock->backend()->setDefaults(failing);
        QVERIFY(chat(body)->status >= 500);
        failing.status = 200;
        m_mock->backend()->setDefaults(failing);
        const auto next = chat(body);
        QCOMPARE(next->status, 200);
        QCOMPARE(next->header("x-switchyard-cache"), QByteArray("miss"));
    }

    void embeddingsAreCached()
    {
        const int before = backendCalls();
        const QByteArray body = "{\"model\":\"embed\",\"input\":[\"one\",\"two\"]}";
        const auto first = RawHttpClient::fetch(m_port, "POST", "/v1/embeddings", body, authHeaders());
        const auto second = RawHttpClient::fetch(m_port, "POST", "/v1/embeddings", body, authHeaders());
        QCOMPARE(first->status, 200);
        QCOMPARE(second->status, 200);
        QCOMPARE(second->header("x-switchyard-cache"), QByteArray("hit"));
        QCOMPARE(second->json()["data"], first->json()["data"]);
        QCOMPARE(second->json()["model"].toString(), QString("embed"));
        QCOMPARE(backendCalls(), before + 1);
    }

    void anthropicAndChatShareOnlyEqualRequests()
    {
        const int before = backendCalls();
        const QByteArray messages = "{\"model\":\"chat\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                                    "\"content\":\"one entry for both\"}]}";
        const auto anthropic = RawHttpClient::fetch(m_port, "POST", "/v1/messages", messages, authHeaders());
        QCOMPARE(anthropic->status, 200);
        QCOMPARE(anthropic->json()["type"].toString(), QString("message"));
        QCOMPARE(anthropic->header("x-switchyard-cache"), QByteArray("miss"));
        // The same request in OpenAI's API: equal in the common language, so a hit ...
        const auto same = chat(messageBody("one entry for both", "\"max_tokens\":64"));
        QCOMPARE(same->header("x-switchyard-cache"), QByteArray("hit"));
        QCOMPARE(same->header("x-litellm-cache-key"), anthropic->header("x-litellm-cache-key"));
        QCOMPARE(contentOf(*same), anthropic->json()["content"].toArray().first().toObject()["text"].toString());
        // ... and without max_tokens it is another request.
        QCOMPARE(chat(messageBody("one entry for both"))->header("x-switchyard-cache"), QByteArray("miss"));
        // A hit replays in Anthropic's dialect too.
        const auto again = RawHttpClient::fetch(m_port, "POST", "/v1/messages", messages, authHeaders());
        QCOMPARE(again->header("x-switchyard-cache"), QByteArray("hit"));
        QCOMPARE(again->json()["type"].toString(), QString("message"));
        QCOMPARE(backendCalls(), before + 2);
    }

    void perRequestControls()
    {
        const QByteArray body = messageBody("controlled");
        QCOMPARE(chat(body)->header("x-switchyard-cache"), QByteArray("miss"));
        int before = backendCalls();
        // no-cache: a fresh answer (stored again); the backend never sees the `cache` field.
        const auto fresh = chat(messageBody("controlled", "\"cache\":{\"no-cache\":true}"));
        QCOMPARE(fresh->header("x-switchyard-cache"), QByteArray("bypass"));
        QCOMPARE(backendCalls(), before + 1);
        QVERIFY(!lastBackendBody().contains("cache"));
        // Cache-Control: no-cache does the same.
        RawHttpClient::Headers noCache = authHeaders();
        noCache.append(std::pair<QByteArray, QByteArray>("Cache-Control", "no-cache"));
        QCOMPARE(chat(body, noCache)->header("x-switchyard-cache"), QByteArray("bypass"));
        QCOMPARE(backendCalls(), before + 2);
        QCOMPARE(chat(body)->header("x-switchyard-cache"), QByteArray("hit"));
        // no-store: answered, not kept.
        before = backendCalls();
        QCOMPARE(chat(messageBody("not kept", "\"cache\":{\"no-store\":true}"))->status, 200);
        RawHttpClient::Headers noStore = authHeaders();
        noStore.append(std::pair<QByteArray, QByteArray>("x-litellm-cache-no-store", "true"));
        QCOMPARE(chat(messageBody("not kept"), noStore)->header("x-switchyard-cache"), QByteArray("miss"));
        QCOMPARE(backendCalls(), before + 2);
        // A malformed `cache` object is the client's to fix.
        const auto bad = chat(messageBody("bad", "\"cache\":{\"ttl\":\"soon\"}"));
        QCOMPARE(bad->status, 400);
        QCOMPARE(errorOf(*bad)["code"].toString(), QString("invalid_cache_controls"));
    }

    void aKeyCanHaveCachingOff()
    {
        const QByteArray key
            = generateKey(m_port,
                          {{"metadata", QJsonObject{{"cache", QJsonObject{{"no-cache", true}, {"no-store", true}}}}}})
                  .value("key")
                  .toString()
                  .toUtf8();
        QVERIFY(!key.isEmpty());
        QCOMPARE(chat(messageBody("keyed"))->header("x-switchyard-cache"), QByteArray("miss"));
        const int before = backendCalls();
        for (int i = 0; i < 2; ++i) {
            const auto r = chat(messageBody("keyed"), bearer(key));
            QCOMPARE(r->status, 200);
            QCOMPARE(r->header("x-switchyard-cache"), QByteArray("bypass"));
        }
        QCOMPARE(backendCalls(), before + 2);
    }

    void aHitCostsNothingButCounts()
    {
        const QByteArray key = generateKey(m_port).value("key").toString().toUtf8();
        QCOMPARE(chat(messageBody("priced"), bearer(key))->header("x-switchyard-cache"), QByteArray("miss"));
        QCOMPARE(chat(messageBody("priced"), bearer(key))->header("x-switchyard-cache"), QByteArray("hit"));
        // Spend: the miss only (1 prompt token, 5 completion tokens); the hit is free.
        QTRY_COMPARE(adminCall(m_port, "GET", "/key/info?key=" + key)->json()["info"].toObject()["spend"].toDouble(),
                     0.001 + 5 * 0.002);
        QTRY_VERIFY(metric("litellm_cache_hits_metric_total{requested_model=\"chat\"}") >= 1);
        QVERIFY(metric("litellm_cache_misses_metric_total{requested_model=\"chat\"}") >= 1);
        QVERIFY(metric("litellm_cached_tokens_metric_total{requested_model=\"chat\"}") >= 8);
        QVERIFY(metric("switchyard_cache_bytes") > 0);
        // The usage records say which was which (written in batches: wait for them).
        const auto hitsLogged = [&] {
            const auto logs = adminCall(m_port, "GET", "/spend/logs?api_key=" + tokenOf(key).toUtf8());
            const QJsonArray rows = logs ? QJsonDocument::fromJson(logs->body).array() : QJsonArray();
            QStringList flags;
            for (const QJsonValue& row : rows)
                flags.append(row["cache_hit"].toString() + u'/' + row["metadata"]["cache_status"].toString());
            flags.sort();
            return flags.join(u',');
        };
        QTRY_COMPARE(hitsLogged(), QString("False/miss,True/hit"));
    }

    void adminEndpoints()
    {
        const auto ping = adminCall(m_port, "GET", "/cache/ping");
        QCOMPARE(ping->status, 200);
        QCOMPARE(ping->json()["status"].toString(), QString("healthy"));
        QCOMPARE(ping->json()["cache_type"].toString(), QString("local"));
        QCOMPARE(RawHttpClient::fetch(m_port, "GET", "/cache/ping")->status, 401);
        const QByteArray key = generateKey(m_port).value("key").toString().toUtf8();
        QCOMPARE(RawHttpClient::fetch(m_port, "POST", "/cache/flushall", {}, bearer(key))->status, 403);
        QCOMPARE(adminCall(m_port, "GET", "/cache/flushall")->status, 405);

        const auto stored = chat(messageBody("to be deleted"));
        QCOMPARE(chat(messageBody("to be deleted"))->header("x-switchyard-cache"), QByteArray("hit"));
        const auto deleted
            = adminCall(m_port,
                        "POST",
                        "/cache/delete",
                        {{"keys", QJsonArray{QString::fromLatin1(stored->header("x-litellm-cache-key"))}}});
        QCOMPARE(deleted->status, 200);
        QCOMPARE(chat(messageBody("to be deleted"))->header("x-switchyard-cache"), QByteArray("miss"));
        QCOMPARE(chat(messageBody("to be deleted"))->header("x-switchyard-cache"), QByteArray("hit"));
        const auto flushed = adminCall(m_port, "POST", "/cache/flushall");
        QCOMPARE(flushed->status, 200);
        QCOMPARE(flushed->json()["status"].toString(), QString("success"));
        QCOMPARE(chat(messageBody("to be deleted"))->header("x-switchyard-cache"), QByteArray("miss"));
    }

    void defaultOffAsksRequestsToOptIn()
    {
        GatewayProcess off;
        const quint16 port = off.start(cacheConfig(m_mock->port(), "mode: default_off"));
        QVERIFY2(port, off.stderrText().constData());
        auto send = [port](const QByteArray& body) {
            return RawHttpClient::fetch(port, "POST", "/v1/chat/completions", body, authHeaders());
        };
        QVERIFY(!send(messageBody("opt in"))->hasHeader("x-switchyard-cache"));
        QCOMPARE(send(messageBody("opt in", "\"cache\":{\"use-cache\":true}"))->header("x-switchyard-cache"),
                 QByteArray("miss"));
        QCOMPARE(send(messageBody("opt in", "\"cache\":{\"use-cache\":true}"))->header("x-switchyard-cache"),
                 QByteArray("hit"));
        QCOMPARE(off.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestResponseCaching)
#include "TestResponseCaching.moc"
