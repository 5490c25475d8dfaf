#include "tests/support/GzipDecoder.h"
#include "tests/support/MockBackend.h"
#include "tests/support/MockBackendThread.h"
#include "tests/support/RawHttpClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

#include <memory>

using namespace sy::testing;
using namespace Qt::StringLiterals;

namespace {

// A chat request whose three words of content make prompt_tokens 3; `extra` is spliced in as more fields.
QByteArray chatBody(const QByteArray& extra = {})
{
    return R"({"model":"client-model","messages":[{"role":"user","content":"one two three"}])" + extra + "}";
}

QByteArray streamBody(bool includeUsage, const QByteArray& extra = {})
{
    return chatBody(R"(,"stream":true)" + QByteArray(includeUsage ? R"(,"stream_options":{"include_usage":true})" : "")
                    + extra);
}

} // namespace

class TestMockBackend : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MockBackend> m_backend;
    quint16 m_port = 0;

    std::unique_ptr<RawHttpClient> client()
    {
        auto c = std::make_unique<RawHttpClient>();
        if (!c->connectToHost(QHostAddress::LocalHost, m_port))
            return nullptr;
        return c;
    }

    RawHttpResponse fetch(const QByteArray& method,
                          const QByteArray& path,
                          const QByteArray& body = {},
                          const RawHttpClient::Headers& headers = {})
    {
        const auto response = RawHttpClient::fetch(m_port, method, path, body, headers);
        return response.value_or(RawHttpResponse{});
    }

    QJsonObject stats() { return fetch("GET", "/mock/stats").json(); }

    bool waitForStat(const QString& key, qint64 expected, int timeoutMs = RawHttpClient::kWaitMs)
    {
        return QTest::qWaitFor([&]() { return stats().value(key).toInteger() == expected; }, timeoutMs);
    }

    static void verifyError(const RawHttpResponse& r, int status, const QString& type)
    {
        QCOMPARE(r.status, status);
        const QJsonObject error = r.json().value(u"error"_s).toObject();
        QVERIFY(!error.value(u"message"_s).toString().isEmpty());
        QCOMPARE(error.value(u"type"_s).toString(), type);
        QVERIFY(error.contains(u"param"_s) && error.contains(u"code"_s));
    }

private slots:
    void init()
    {
        MockBackend::Options options;
        options.id = u"test-mock"_s;
        options.models = {u"mock-model"_s, u"other-model"_s};
        m_backend = std::make_unique<MockBackend>(options);
        m_port = m_backend->start();
        QVERIFY(m_port != 0);
    }

    void cleanup() { m_backend.reset(); }

    void models()
    {
        for (const QByteArray path : {"/v1/models", "/models"}) {
            const RawHttpResponse r = fetch("GET", path);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("x-mock-backend"), "test-mock");
            const QJsonObject json = r.json();
            QCOMPARE(json.value(u"object"_s).toString(), u"list"_s);
            const QJsonArray data = json.value(u"data"_s).toArray();
            QCOMPARE(data.size(), 2);
            QCOMPARE(data[1].toObject().value(u"id"_s).toString(), u"other-model"_s);
            QCOMPARE(data[0].toObject().value(u"object"_s).toString(), u"model"_s);
            QCOMPARE(data[0].toObject().value(u"owned_by"_s).toString(), u"mock"_s);
            QVERIFY(data[0].toObject().value(u"created"_s).toInteger() > 0);
        }
    }

    void tagsAndHealth()
    {
        const QJsonArray tags = fetch("GET", "/api/tags").json().value(u"models"_s).toArray();
        QCOMPARE(tags.size(), 2);
        QCOMPARE(tags[0].toObject().value(u"name"_s).toString(), u"mock-model"_s);
        QCOMPARE(tags[0].toObject().value(u"model"_s).toString(), u"mock-model"_s);
        const RawHttpResponse health = fetch("GET", "/health");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(u"status"_s).toString(), u"ok"_s);
    }

    void chatCompletion()
    {
        const RawHttpResponse r = fetch("POST", "/v1/chat/completions", chatBody());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), "application/json");
        QCOMPARE(r.header("content-length").toInt(), r.body.size());
        const QJsonObject json = r.json();
        QCOMPARE(json.value(u"object"_s).toString(), u"chat.completion"_s);
        QCOMPARE(json.value(u"model"_s).toString(), u"client-model"_s);
        QCOMPARE(json.value(u"system_fingerprint"_s).toString(), u"test-mock"_s);
        QVERIFY(json.value(u"id"_s).toString().startsWith(u"chatcmpl-"_s));
        const QJsonObject choice = json.value(u"choices"_s).toArray().at(0).toObject();
        QCOMPARE(choice.value(u"message"_s).toObject().value(u"role"_s).toString(), u"assistant"_s);
        QCOMPARE(choice.value(u"message"_s).toObject().value(u"content"_s).toString(), u"tok0 tok1 tok2 tok3 tok4 "_s);
        QCOMPARE(choice.value(u"finish_reason"_s).toString(), u"stop"_s);
        const QJsonObject usage = json.value(u"usage"_s).toObject();
        QCOMPARE(usage.value(u"prompt_tokens"_s).toInt(), 3);
        QCOMPARE(usage.value(u"completion_tokens"_s).toInt(), 5);
        QCOMPARE(usage.value(u"total_tokens"_s).toInt(), 8);
    }

    void promptTokens_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("expected");
        QTest::newRow("two messages") << QByteArray(
            R"({"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"a b  c"}]})")
                                      << 5;
        // An ordinary literal on purpose: moc mis-lexes backslashes inside raw strings.
        QTest::newRow("escapes are spaces")
            << QByteArray("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\\nb\\tc \\\"d\\\"\"}]}")
            << 4;
        QTest::newRow("multimodal parts") << QByteArray(
            R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x y"},{"type":"image_url","image_url":{"url":"u"}}]}]})")
                                          << 2;
        QTest::newRow("empty content counts 1")
            << QByteArray(R"({"model":"m","messages":[{"role":"user","content":""}]})") << 1;
        QTest::newRow("null content") << QByteArray(
            R"({"model":"m","messages":[{"role":"assistant","content":null},{"role":"user","content":"hi"}]})")
                                      << 1;
    }

    void promptTokens()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, expected);
        const RawHttpResponse r = fetch("POST", "/v1/chat/completions", body);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"usage"_s).toObject().value(u"prompt_tokens"_s).toInt(), expected);
    }

    void textCompletion()
    {
        const RawHttpResponse r
            = fetch("POST", "/v1/completions", R"({"model":"txt","prompt":"a b c d","mock":{"tokens":2}})");
        QCOMPARE(r.status, 200);
        const QJsonObject json = r.json();
        QCOMPARE(json.value(u"object"_s).toString(), u"text_completion"_s);
        QCOMPARE(json.value(u"model"_s).toString(), u"txt"_s);
        QCOMPARE(json.value(u"choices"_s).toArray().at(0).toObject().value(u"text"_s).toString(), u"tok0 tok1 "_s);
        QCOMPARE(json.value(u"usage"_s).toObject().value(u"prompt_tokens"_s).toInt(), 4);
        QCOMPARE(json.value(u"usage"_s).toObject().value(u"total_tokens"_s).toInt(), 6);
    }

    void streamWithoutUsage()
    {
        auto c = client();
        QVERIFY(c);
        c->send(c->buildRequest("POST", "/v1/chat/completions", streamBody(false)));
        const QList<SseEvent> events = c->readAllEvents();
        QCOMPARE(events.size(), 5 + 1 + 1);
        for (int i = 0; i < 5; ++i) {
            const QJsonObject chunk = events[i].json();
            QCOMPARE(chunk.value(u"object"_s).toString(), u"chat.completion.chunk"_s);
            QCOMPARE(chunk.value(u"model"_s).toString(), u"client-model"_s);
            QVERIFY(!chunk.contains(u"usage"_s));
            const QJsonObject choice = chunk.value(u"choices"_s).toArray().at(0).toObject();
            QCOMPARE(choice.value(u"delta"_s).toObject().value(u"content"_s).toString(), u"tok%1 "_s.arg(i));
            QVERIFY(choice.value(u"finish_reason"_s).isNull());
            QCOMPARE(choice.value(u"delta"_s).toObject().contains(u"role"_s), i == 0);
        }
        const QJsonObject finish = events[5].json().value(u"choices"_s).toArray().at(0).toObject();
        QCOMPARE(finish.value(u"finish_reason"_s).toString(), u"stop"_s);
        QVERIFY(finish.value(u"delta"_s).toObject().isEmpty());
        QCOMPARE(events[6].raw, "data: [DONE]\n\n");
        const auto response = c->readResponse();
        QVERIFY(response && response->complete && response->chunked);
        QCOMPARE(response->header("content-type"), "text/event-stream");
        QVERIFY(c->received().endsWith("\r\n0\r\n\r\n"));
    }

    void streamWithUsage()
    {
        auto c = client();
        QVERIFY(c);
        c->send(c->buildRequest("POST", "/v1/chat/completions", streamBody(true)));
        const QList<SseEvent> events = c->readAllEvents();
        QCOMPARE(events.size(), 5 + 1 + 1 + 1);
        for (int i = 0; i < 6; ++i) {
            QVERIFY(events[i].json().contains(u"usage"_s));
            QVERIFY(events[i].json().value(u"usage"_s).isNull());
        }
        const QJsonObject usageChunk = events[6].json();
        QCOMPARE(usageChunk.value(u"object"_s).toString(), u"chat.completion.chunk"_s);
        QVERIFY(usageChunk.value(u"choices"_s).isArray());
        QVERIFY(usageChunk.value(u"choices"_s).toArray().isEmpty());
        const QJsonObject usage = usageChunk.value(u"usage"_s).toObject();
        QCOMPARE(usage.value(u"prompt_tokens"_s).toInt(), 3);
        QCOMPARE(usage.value(u"completion_tokens"_s).toInt(), 5);
        QCOMPARE(usage.value(u"total_tokens"_s).toInt(), 8);
        QCOMPARE(events[7].data, "[DONE]");
    }

    void usageChunkFollowsFinishAtOnce()
    {
        // Real servers send usage right behind the finish chunk; only tokens are paced. With a
        // 4 s token delay the usage chunk would come 4 s after the finish chunk if it were paced
        // too: waiting 2 s for it tells the two apart unless the machine stalls for 2 s.
        auto c = client();
        QVERIFY(c);
        c->send(c->buildRequest(
            "POST", "/v1/chat/completions", streamBody(true, R"(,"mock":{"tokens":1,"token_delay_ms":4000})")));
        const auto token = c->readEvent();
        QVERIFY(token);
        const auto finish = c->readEvent(15000);
        QVERIFY(finish);
        QCOMPARE(finish->json().value(u"choices"_s).toArray().at(0).toObject().value(u"finish_reason"_s).toString(),
                 u"stop"_s);
        const auto usage = c->readEvent(2000);
        QVERIFY2(usage, "the usage chunk was paced like a token");
        QCOMPARE(usage->json().value(u"usage"_s).toObject().value(u"completion_tokens"_s).toInt(), 1);
    }

    void streamTextCompletion()
    {
        auto c = client();
        QVERIFY(c);
        c->send(c->buildRequest(
            "POST", "/v1/completions", R"({"model":"t","prompt":"x","stream":true,"mock":{"tokens":1}})"));
        const QList<SseEvent> events = c->readAllEvents();
        QCOMPARE(events.size(), 3);
        QCOMPARE(events[0].json().value(u"object"_s).toString(), u"text_completion"_s);
        QCOMPARE(events[0].json().value(u"choices"_s).toArray().at(0).toObject().value(u"text"_s).toString(),
                 u"tok0 "_s);
        QCOMPARE(events[1].json().value(u"choices"_s).toArray().at(0).toObject().value(u"finish_reason"_s).toString(),
                 u"stop"_s);
    }

    void streamEventTiming()
    {
        auto c = client();
        QVERIFY(c);
        const qint64 sentAt = c->elapsedMs();
        c->send(c->buildRequest("POST",
                                "/v1/chat/completions",
                                streamBody(false),
                                {{"x-mock-token-delay-ms", "200"}, {"x-mock-tokens", "3"}}));
        const QList<SseEvent> events = c->readAllEvents();
        QCOMPARE(events.size(), 5);
        // Four delays of 200 ms lie between the first event and the last. Gaps between arrivals
        // prove nothing on a loaded machine (two events can arrive in one read), the total does.
        const qint64 total = events.last().arrivalMs - sentAt;
        QVERIFY2(total >= 800, qPrintable(u"%1 ms"_s.arg(total)));
    }

    void stepKnobSendsEachEventWhenReleased()
    {
        auto c = client();
        QVERIFY(c);
        c->send(
            c->buildRequest("POST", "/v1/chat/completions", streamBody(false, R"(,"mock":{"tokens":3,"step":true})")));
        // The first event comes at once; each next one only after a release, and one per release.
        const auto first = c->readEvent();
        QVERIFY(first);
        QList<SseEvent> events{*first};
        for (int i = 1; i < 5; ++i) {
            QVERIFY(!c->readEvent(100)); // held
            QCOMPARE(events.size(), i);
            m_backend->releaseEvents(1);
            const auto next = c->readEvent();
            QVERIFY(next);
            events << *next;
        }
        QCOMPARE(events.last().data, QByteArray("[DONE]"));
        QVERIFY(c->readAllEvents().isEmpty());
        QVERIFY(c->streamEnded());
    }

    void embeddings()
    {
        const RawHttpResponse one = fetch("POST", "/v1/embeddings", R"({"model":"emb","input":"hello world"})");
        QCOMPARE(one.status, 200);
        const QJsonObject json = one.json();
        QCOMPARE(json.value(u"object"_s).toString(), u"list"_s);
        QCOMPARE(json.value(u"model"_s).toString(), u"emb"_s);
        const QJsonArray data = json.value(u"data"_s).toArray();
        QCOMPARE(data.size(), 1);
        QCOMPARE(data[0].toObject().value(u"object"_s).toString(), u"embedding"_s);
        QCOMPARE(data[0].toObject().value(u"embedding"_s).toArray().size(), 8);
        QCOMPARE(json.value(u"usage"_s).toObject().value(u"prompt_tokens"_s).toInt(), 2);
        QCOMPARE(json.value(u"usage"_s).toObject().value(u"total_tokens"_s).toInt(), 2);

        const RawHttpResponse many = fetch(
            "POST", "/v1/embeddings", R"({"model":"emb","input":["a","hello world","a"],"mock":{"embedding_dim":4}})");
        const QJsonArray vectors = many.json().value(u"data"_s).toArray();
        QCOMPARE(vectors.size(), 3);
        QCOMPARE(vectors[2].toObject().value(u"index"_s).toInt(), 2);
        QCOMPARE(vectors[0].toObject().value(u"embedding"_s).toArray().size(), 4);
        // Deterministic: equal inputs give equal vectors, different inputs differ.
        QCOMPARE(vectors[0].toObject().value(u"embedding"_s), vectors[2].toObject().value(u"embedding"_s));
        QVERIFY(vectors[0].toObject().value(u"embedding"_s) != vectors[1].toObject().value(u"embedding"_s));
    }

    void unknownPath()
    {
        const RawHttpResponse r = fetch("POST", "/v1/nothing-here", "{}");
        verifyError(r, 404, u"invalid_request_error"_s);
        QCOMPARE(r.header("x-mock-backend"), "test-mock");
        const QJsonObject error = r.json().value(u"error"_s).toObject();
        QVERIFY(error.value(u"param"_s).isNull());
        QVERIFY(error.value(u"code"_s).isNull());
    }

    void wrongMethod() { verifyError(fetch("GET", "/v1/chat/completions"), 405, u"invalid_request_error"_s); }

    void invalidJson_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated") << QByteArray(R"({"model":"m","messages":[)");
        QTest::newRow("trailing comma") << QByteArray(R"({"model":"m",})");
        QTest::newRow("not an object") << QByteArray("[1,2]");
        QTest::newRow("bad escape") << QByteArray(R"({"model":"\x"})");
        QTest::newRow("bad literal") << QByteArray(R"({"stream":tru})");
        QTest::newRow("trailing garbage") << QByteArray(R"({"model":"m"} x)");
        QTest::newRow("raw newline in string") << QByteArray("{\"model\":\"a\nb\"}");
        QTest::newRow("mock not an object") << QByteArray(R"({"model":"m","mock":3})");
        QTest::newRow("unknown behavior") << QByteArray(R"({"model":"m","mock":{"behavior":"explode"}})");
        QTest::newRow("knob out of range") << QByteArray(R"({"model":"m","mock":{"status":42}})");
        QTest::newRow("deep nesting") << QByteArray(R"({"x":)" + QByteArray(100, '[') + QByteArray(100, ']') + "}");
    }

    void invalidJson()
    {
        QFETCH(QByteArray, body);
        auto c = client();
        QVERIFY(c);
        const auto r = c->request("POST", "/v1/chat/completions", body);
        QVERIFY(r);
        verifyError(*r, 400, u"invalid_request_error"_s);
        // A bad body is an application error, not a framing one: the connection stays usable.
        const auto again = c->request("GET", "/health");
        QVERIFY(again && again->status == 200);
    }

    void malformedHttp()
    {
        auto c = client();
        QVERIFY(c);
        c->send("THIS IS NOT HTTP\r\n\r\n");
        const auto r = c->readResponse();
        QVERIFY(r);
        verifyError(*r, 400, u"invalid_request_error"_s);
        QVERIFY(c->waitForDisconnected());
        auto d = client();
        QVERIFY(d);
        d->send("POST /v1/chat/completions HTTP/1.1\r\nContent-Length: nope\r\n\r\n");
        const auto bad = d->readResponse();
        QVERIFY(bad && bad->status == 400);
        QVERIFY(d->waitForDisconnected());
        QCOMPARE(fetch("GET", "/health").status, 200); // the server itself is fine
    }

    void invalidHeaderKnob()
    {
        verifyError(fetch("GET", "/health", {}, {{"x-mock-latency-ms", "soon"}}), 400, u"invalid_request_error"_s);
        verifyError(fetch("GET", "/health", {}, {{"x-mock-frobnicate", "1"}}), 400, u"invalid_request_error"_s);
    }

    void keepAliveAndPipelining()
    {
        auto c = client();
        QVERIFY(c);
        // Three requests in one write; the first is slow, so in-order answers prove queueing.
        c->send(c->buildRequest("POST", "/v1/chat/completions", chatBody(R"(,"mock":{"latency_ms":100,"tokens":1})"))
                + c->buildRequest("GET", "/health")
                + c->buildRequest("POST", "/v1/completions", R"({"prompt":"p","mock":{"tokens":2}})"));
        const auto first = c->readResponse();
        const auto second = c->readResponse();
        const auto third = c->readResponse();
        QVERIFY(first && second && third);
        QCOMPARE(first->json().value(u"object"_s).toString(), u"chat.completion"_s);
        QCOMPARE(second->json().value(u"status"_s).toString(), u"ok"_s);
        QCOMPARE(third->json().value(u"object"_s).toString(), u"text_completion"_s);
        QVERIFY(c->isConnected());
        const QJsonObject s = stats();
        QCOMPARE(s.value(u"requests"_s).toInt(), 3);
        QCOMPARE(s.value(u"connections_opened"_s).toInt(), 2); // the pipelined one plus the stats fetch
    }

    void connectionClose()
    {
        auto c = client();
        QVERIFY(c);
        const auto r = c->request("GET", "/health", {}, {{"Connection", "close"}});
        QVERIFY(r && r->status == 200);
        QCOMPARE(r->header("connection"), "close");
        QVERIFY(c->waitForDisconnected());
    }

    void http10ClosesByDefault()
    {
        auto c = client();
        QVERIFY(c);
        c->send("GET /health HTTP/1.0\r\n\r\n");
        const auto r = c->readResponse();
        QVERIFY(r && r->status == 200);
        QVERIFY(c->waitForDisconnected());
    }

    void chunkedRequestBody()
    {
        auto c = client();
        QVERIFY(c);
        const QByteArray body = chatBody();
        const QByteArray head = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        c->send(head + QByteArray::number(10, 16) + "\r\n" + body.first(10) + "\r\n");
        QTest::qWait(20);
        const QByteArray rest = body.sliced(10);
        c->send(QByteArray::number(rest.size(), 16) + ";ext=1\r\n" + rest + "\r\n0\r\n\r\n");
        const auto r = c->readResponse();
        QVERIFY(r && r->status == 200);
        QCOMPARE(r->json().value(u"usage"_s).toObject().value(u"prompt_tokens"_s).toInt(), 3);
        QCOMPARE(stats().value(u"last_request"_s).toObject().value(u"body"_s).toString().toUtf8(), body);
    }

    void expectContinue()
    {
        auto c = client();
        QVERIFY(c);
        const QByteArray body = chatBody();
        c->send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n");
        QVERIFY(QTest::qWaitFor([&]() { return c->received().startsWith("HTTP/1.1 100 Continue\r\n\r\n"); },
                                RawHttpClient::kWaitMs));
        c->send(body);
        const auto r = c->readResponse();
        QVERIFY(r && r->status == 200);
    }

    void latencyKnob_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("body") << chatBody(R"(,"mock":{"latency_ms":150})") << QByteArray();
        QTest::newRow("header") << chatBody() << QByteArray("150");
    }

    void latencyKnob()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, header);
        RawHttpClient::Headers headers;
        if (!header.isEmpty())
            headers.append({"X-Mock-Latency-Ms", header});
        QElapsedTimer timer;
        timer.start();
        const RawHttpResponse r = fetch("POST", "/v1/chat/completions", body, headers);
        QCOMPARE(r.status, 200);
        QVERIFY2(timer.elapsed() >= 140, qPrintable(QString::number(timer.elapsed())));
    }

    void tokensKnob()
    {
        const QJsonObject json = fetch("POST", "/v1/chat/completions", chatBody(R"(,"mock":{"tokens":2})")).json();
        QCOMPARE(json.value(u"choices"_s)
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(u"message"_s)
                     .toObject()
                     .value(u"content"_s)
                     .toString(),
                 u"tok0 tok1 "_s);
        QCOMPARE(json.value(u"usage"_s).toObject().value(u"completion_tokens"_s).toInt(), 2);
    }

    void statusKnob_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<RawHttpClient::Headers>("headers");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::newRow("500 body") << chatBody(R"(,"mock":{"status":500})") << RawHttpClient::Headers{} << 500
                                  << u"server_error"_s;
        QTest::newRow("503 header") << chatBody() << RawHttpClient::Headers{{"x-mock-status", "503"}} << 503
                                    << u"server_error"_s;
        QTest::newRow("400 body") << chatBody(R"(,"mock":{"status":400})") << RawHttpClient::Headers{} << 400
                                  << u"invalid_request_error"_s;
        QTest::newRow("401 header") << chatBody() << RawHttpClient::Headers{{"x-mock-status", "401"}} << 401
                                    << u"authentication_error"_s;
        QTest::newRow("stream 502") << streamBody(true, R"(,"mock":{"status":502})") << RawHttpClient::Headers{} << 502
                                    << u"server_error"_s;
    }

    void statusKnob()
    {
        QFETCH(QByteArray, body);
        QFETCH(RawHttpClient::Headers, headers);
        QFETCH(int, status);
        QFETCH(QString, type);
        const RawHttpResponse r = fetch("POST", "/v1/chat/completions", body, headers);
        verifyError(r, status, type);
        QCOMPARE(r.header("content-type"), "application/json");
        QVERIFY(!r.hasHeader("retry-after"));
    }

    void rateLimited()
    {
        const RawHttpResponse plain = fetch("POST", "/v1/chat/completions", chatBody(R"(,"mock":{"status":429})"));
        verifyError(plain, 429, u"rate_limit_error"_s);
        QCOMPARE(plain.header("retry-after"), "1");
        QCOMPARE(plain.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"rate_limit_exceeded"_s);
        const RawHttpResponse custom = fetch(
            "POST", "/v1/chat/completions", chatBody(), {{"x-mock-status", "429"}, {"x-mock-retry-after", "7"}});
        QCOMPARE(custom.header("retry-after"), "7");
    }

    void contextError()
    {
        const RawHttpResponse r = fetch("POST", "/v1/chat/completions", chatBody(R"(,"mock":{"context_error":true})"));
        verifyError(r, 400, u"invalid_request_error"_s);
        const QJsonObject error = r.json().value(u"error"_s).toObject();
        QCOMPARE(error.value(u"code"_s).toString(), u"context_length_exceeded"_s);
        QVERIFY(error.value(u"message"_s).toString().contains(u"maximum context length"_s));
    }

    void behaviorHang()
    {
        auto c = client();
        QVERIFY(c);
        c->send(c->buildRequest("POST", "/v1/chat/completions", chatBody(R"(,"mock":{"behavior":"hang"})")));
        QVERIFY(!c->readResponse(300));
        QVERIFY(c->isConnected());
        QVERIFY(c->received().isEmpty());
        QCOMPARE(stats().value(u"in_flight"_s).toInt(), 1);
        c->abort();
        QVERIFY(waitForStat(u"cancelled"_s, 1));
        QCOMPARE(stats().value(u"in_flight"_s).toInt(), 0);
    }

    void behaviorClose()
    {
        auto c = client();
        QVERIFY(c);
        c->send(c->buildRequest("GET", "/health", {}, {{"x-mock-behavior", "close"}}));
        QVERIFY(c->waitForDisconnected());
        QVERIFY(c->received().isEmpty());
        QCOMPARE(stats().value(u"cancelled"_s).toInt(), 0);
    }

    void behaviorGarbage()
    {
        auto c = client();
        QVERIFY(c);
        c->send(c->buildRequest("POST", "/v1/chat/completions", chatBody(R"(,"mock":{"behavior":"garbage"})")));
        QVERIFY(c->waitForDisconnected());
        QVERIFY(c->received().startsWith("NOT HTTP AT ALL"));
        QVERIFY(c->protocolError());
        QVERIFY(!c->readResponse(100));
    }

    void behaviorCutStream()
    {
        auto c = client();
        QVERIFY(c);
        c->send(c->buildRequest("POST", "/v1/chat/completions", streamBody(true, R"(,"mock":{"behavior":"cut"})")));
        const QList<SseEvent> events = c->readAllEvents();
        QCOMPARE(events.size(), 2);
        QVERIFY(c->waitForDisconnected());
        const auto r = c->readResponse();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QVERIFY(!r->complete);
        QVERIFY(!c->received().contains("[DONE]"));
        QVERIFY(!c->received().endsWith("0\r\n\r\n"));
        // cut_after beyond the event count still stops before [DONE].
        auto d = client();
        d->send(d->buildRequest("POST",
                                "/v1/chat/completions",
                                streamBody(false),
                                {{"x-mock-behavior", "cut"}, {"x-mock-cut-after", "99"}}));
        QCOMPARE(d->readAllEvents().size(), 6);
        QVERIFY(!d->received().contains("[DONE]"));
    }

    void behaviorCutNonStream()
    {
        auto c = client();
        QVERIFY(c);
        c->send(c->buildRequest("POST", "/v1/chat/completions", chatBody(R"(,"mock":{"behavior":"cut"})")));
        QVERIFY(c->waitForDisconnected());
        const auto r = c->readResponse();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QVERIFY(!r->complete);
        QVERIFY(r->header("content-length").toInt() > r->body.size());
    }

    void behaviorBadJson()
    {
        const RawHttpResponse r = fetch("POST", "/v1/chat/completions", chatBody(R"(,"mock":{"behavior":"bad_json"})"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), "application/json");
        QJsonParseError error;
        QJsonDocument::fromJson(r.body, &error);
        QVERIFY(error.error != QJsonParseError::NoError);
    }

    void gzipBody()
    {
        const RawHttpResponse r = fetch("POST", "/v1/chat/completions", chatBody(R"(,"mock":{"gzip":true})"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-encoding"), "gzip");
        QVERIFY(r.body.startsWith("\x1f\x8b"));
        bool ok = false;
        const QByteArray plain = GzipDecoder::gunzip(r.body, &ok);
        QVERIFY(ok);
        QCOMPARE(QJsonDocument::fromJson(plain).object().value(u"object"_s).toString(), u"chat.completion"_s);
    }

    void gzipStream()
    {
        auto c = client();
        QVERIFY(c);
        c->send(c->buildRequest(
            "POST", "/v1/chat/completions", streamBody(true, R"(,"mock":{"gzip":true,"token_delay_ms":50})")));
        // Each event is decodable on arrival, long before the gzip trailer.
        const auto first = c->readEvent();
        QVERIFY(first);
        QVERIFY(!c->streamEnded());
        QCOMPARE(first->json().value(u"object"_s).toString(), u"chat.completion.chunk"_s);
        const QList<SseEvent> rest = c->readAllEvents();
        QCOMPARE(rest.size(), 7);
        QCOMPARE(rest.last().data, "[DONE]");
        const auto r = c->readResponse();
        QVERIFY(r && r->complete);
        QCOMPARE(r->header("content-encoding"), "gzip");
        bool ok = false;
        QVERIFY(GzipDecoder::gunzip(r->body, &ok).endsWith("data: [DONE]\n\n"));
        QVERIFY(ok);
    }

    void chunkedResponse()
    {
        const RawHttpResponse r = fetch("POST", "/v1/chat/completions", chatBody(), {{"x-mock-chunked", "true"}});
        QCOMPARE(r.status, 200);
        QVERIFY(r.chunked && r.complete);
        QVERIFY(!r.hasHeader("content-length"));
        QCOMPARE(r.json().value(u"object"_s).toString(), u"chat.completion"_s);
        const RawHttpResponse both = fetch("GET", "/v1/models", {}, {{"x-mock-chunked", "1"}, {"x-mock-gzip", "1"}});
        QVERIFY(both.chunked);
        QCOMPARE(both.json().value(u"data"_s).toArray().size(), 2);
    }

    void statsCounters()
    {
        QCOMPARE(fetch("POST", "/mock/reset").status, 200);
        fetch("POST", "/v1/chat/completions", chatBody(), {{"X-Custom-Header", "Value"}});
        fetch("GET", "/v1/models");
        fetch("GET", "/nowhere");
        const QByteArray body = R"({"model":"x","input":"a"})";
        fetch("POST", "/v1/embeddings?trace=1", body, {{"Authorization", "Bearer k"}});
        const QJsonObject s = stats();
        QCOMPARE(s.value(u"requests"_s).toInt(), 4);
        QCOMPARE(s.value(u"in_flight"_s).toInt(), 0);
        QCOMPARE(s.value(u"max_in_flight"_s).toInt(), 1);
        QCOMPARE(s.value(u"cancelled"_s).toInt(), 0);
        QCOMPARE(s.value(u"connections_opened"_s).toInt(), 5); // four API fetches + this stats fetch
        QCOMPARE(s.value(u"connections_active"_s).toInt(), 1);
        const QJsonObject byPath = s.value(u"requests_by_path"_s).toObject();
        QCOMPARE(byPath.value(u"/v1/chat/completions"_s).toInt(), 1);
        QCOMPARE(byPath.value(u"/nowhere"_s).toInt(), 1);
        QCOMPARE(byPath.value(u"/v1/embeddings"_s).toInt(), 1);
        QVERIFY(!byPath.contains(u"/mock/stats"_s));
        const QJsonObject last = s.value(u"last_request"_s).toObject();
        QCOMPARE(last.value(u"method"_s).toString(), u"POST"_s);
        QCOMPARE(last.value(u"path"_s).toString(), u"/v1/embeddings"_s);
        QCOMPARE(last.value(u"body"_s).toString().toUtf8(), body);
        QCOMPARE(last.value(u"headers"_s).toObject().value(u"authorization"_s).toString(), u"Bearer k"_s);
        QCOMPARE(m_backend->stats().value(u"requests"_s).toInt(), 4);
    }

    void maxInFlight()
    {
        std::vector<std::unique_ptr<RawHttpClient>> clients;
        for (int i = 0; i < 3; ++i) {
            clients.push_back(client());
            clients.back()->send(clients.back()->buildRequest(
                "POST", "/v1/chat/completions", chatBody(R"(,"mock":{"behavior":"hang"})")));
        }
        QVERIFY(waitForStat(u"in_flight"_s, 3));
        clients.clear();
        QVERIFY(waitForStat(u"in_flight"_s, 0));
        const QJsonObject s = stats();
        QCOMPARE(s.value(u"max_in_flight"_s).toInt(), 3);
        QCOMPARE(s.value(u"cancelled"_s).toInt(), 3);
    }

    void cancelledWhenClientLeavesMidStream()
    {
        // A stepped stream never ends by itself: only the client leaving can end it.
        auto c = client();
        QVERIFY(c);
        c->send(
            c->buildRequest("POST", "/v1/chat/completions", streamBody(false, R"(,"mock":{"tokens":50,"step":true})")));
        QVERIFY(c->readEvent());
        m_backend->releaseEvents(1);
        QVERIFY(c->readEvent());
        QCOMPARE(stats().value(u"in_flight"_s).toInt(), 1);
        c->abort();
        QVERIFY(waitForStat(u"cancelled"_s, 1));
        const QJsonObject s = stats();
        QCOMPARE(s.value(u"in_flight"_s).toInt(), 0);
        QCOMPARE(s.value(u"connections_active"_s).toInt(), 1); // just the stats fetch
    }

    void configEndpoint()
    {
        RawHttpResponse r = fetch("POST", "/mock/config", R"({"status":503})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"status"_s).toInt(), 503);
        QCOMPARE(fetch("POST", "/v1/chat/completions", chatBody()).status, 503);
        QCOMPARE(fetch("GET", "/health").status, 503); // health checks see the outage too
        QCOMPARE(fetch("GET", "/mock/config").json().value(u"status"_s).toInt(), 503);
        QCOMPARE(fetch("GET", "/mock/stats").status, 200); // control endpoints ignore the knobs
        // A per-request knob still overrides the process default.
        QCOMPARE(fetch("GET", "/health", {}, {{"x-mock-status", "200"}}).status, 200);
        QCOMPARE(fetch("POST", "/mock/config", R"({"behavior":"bogus"})").status, 400);
        r = fetch("POST", "/mock/config", R"({"reset":true,"tokens":1})");
        QCOMPARE(r.json().value(u"status"_s).toInt(), 200);
        const QJsonObject json = fetch("POST", "/v1/chat/completions", chatBody()).json();
        QCOMPARE(json.value(u"usage"_s).toObject().value(u"completion_tokens"_s).toInt(), 1);
        QCOMPARE(m_backend->defaults().tokens, 1);
    }

    void listenEndpoint()
    {
        auto keep = client();
        QVERIFY(keep);
        auto r = keep->request("POST", "/mock/listen", R"({"enabled":false})");
        QVERIFY(r && r->status == 200);
        QCOMPARE(r->json().value(u"listening"_s).toBool(), false);
        RawHttpClient refused;
        QVERIFY(!refused.connectToHost(QHostAddress::LocalHost, m_port, 2000));
        QCOMPARE(refused.lastError(), QAbstractSocket::ConnectionRefusedError);
        // Connections that were already open keep working.
        r = keep->request("GET", "/health");
        QVERIFY(r && r->status == 200);
        r = keep->request("POST", "/mock/listen", R"({"enabled":true})");
        QVERIFY(r && r->json().value(u"listening"_s).toBool());
        QCOMPARE(fetch("GET", "/health").status, 200);
        QCOMPARE(keep->request("POST", "/mock/listen", "{}")->status, 400);
    }

    void multipleThreads()
    {
        MockBackend::Options options;
        options.threads = 3;
        MockBackend backend(options);
        const quint16 port = backend.start();
        QVERIFY(port);
        std::vector<std::unique_ptr<RawHttpClient>> clients;
        for (int i = 0; i < 6; ++i) {
            clients.push_back(std::make_unique<RawHttpClient>());
            QVERIFY(clients.back()->connectToHost(QHostAddress::LocalHost, port));
            clients.back()->send(clients.back()->buildRequest(
                "POST", "/v1/chat/completions", chatBody(R"(,"mock":{"behavior":"hang"})")));
        }
        // All six are held at once by the three workers; then they go.
        QVERIFY(QTest::qWaitFor([&] { return backend.stats().value(u"in_flight"_s).toInt() == 6; },
                                RawHttpClient::kWaitMs));
        clients.clear();
        QVERIFY(QTest::qWaitFor([&] { return backend.stats().value(u"cancelled"_s).toInt() == 6; },
                                RawHttpClient::kWaitMs));
        QCOMPARE(backend.stats().value(u"requests"_s).toInt(), 6);
        const auto answered = RawHttpClient::fetch(port, "POST", "/v1/chat/completions", chatBody());
        QVERIFY(answered && answered->status == 200);
        auto r = RawHttpClient::fetch(port, "POST", "/mock/listen", R"({"enabled":false})");
        QVERIFY(r && r->status == 200);
        QVERIFY(!RawHttpClient::fetch(port, "GET", "/health", {}, {}, 1000));
        QVERIFY(backend.setListening(true));
        QVERIFY(RawHttpClient::fetch(port, "GET", "/health"));
    }

    void ownThreadWithBlockingClient()
    {
        MockBackendThread mock;
        const quint16 port = mock.start();
        QVERIFY(port);
        // A blocking client on this thread: only works because the mock runs elsewhere.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(socket.waitForConnected(RawHttpClient::kWaitMs));
        socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray received;
        while (!received.contains("{\"status\":\"ok\"}") && socket.waitForReadyRead(RawHttpClient::kWaitMs))
            received += socket.readAll();
        QVERIFY(received.startsWith("HTTP/1.1 200 OK\r\n"));
        QCOMPARE(mock.backend()->stats().value(u"requests"_s).toInt(), 1);
    }

    void executable()
    {
        const QString program = QCoreApplication::applicationDirPath() + u"/mock-backend"_s;
        if (!QFile::exists(program))
            QSKIP("mock-backend executable not built");
        QProcess process;
        process.start(program,
                      {u"--id"_s, u"exe"_s, u"--tokens"_s, u"2"_s, u"--models"_s, u"a,b"_s, u"--threads"_s, u"2"_s});
        QVERIFY(process.waitForReadyRead(RawHttpClient::kWaitMs));
        const QByteArray line = process.readLine();
        QVERIFY2(line.startsWith("LISTENING "), line.constData());
        const quint16 port = static_cast<quint16>(line.sliced(10).trimmed().toUInt());
        QVERIFY(port);
        const auto r = RawHttpClient::fetch(port, "POST", "/v1/chat/completions", chatBody());
        QVERIFY(r);
        QCOMPARE(r->header("x-mock-backend"), "exe");
        QCOMPARE(r->json().value(u"usage"_s).toObject().value(u"completion_tokens"_s).toInt(), 2);
        QCOMPARE(RawHttpClient::fetch(port, "GET", "/v1/models")->json().value(u"data"_s).toArray().size(), 2);
        process.terminate(); // SIGTERM
        QVERIFY(process.waitForFinished(RawHttpClient::kWaitMs));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().isEmpty()); // exactly one line was printed
    }

    void executableRejectsBadArguments()
    {
        const QString program = QCoreApplication::applicationDirPath() + u"/mock-backend"_s;
        if (!QFile::exists(program))
            QSKIP("mock-backend executable not built");
        QProcess help;
        help.start(program, {u"--help"_s});
        QVERIFY(help.waitForFinished(5000));
        const QByteArray text = help.readAllStandardOutput();
        for (const char* option : {"--host",
                                   "--port",
                                   "--models",
                                   "--id",
                                   "--latency-ms",
                                   "--token-delay-ms",
                                   "--tokens",
                                   "--status",
                                   "--behavior",
                                   "--gzip",
                                   "--chunked",
                                   "--embedding-dim",
                                   "--threads"})
            QVERIFY2(text.contains(option), option);
        QProcess bad;
        bad.start(program, {u"--behavior"_s, u"explode"_s});
        QVERIFY(bad.waitForFinished(5000));
        QCOMPARE(bad.exitCode(), 2);
    }
};

QTEST_GUILESS_MAIN(TestMockBackend)
#include "TestMockBackend.moc"
