#include "OllamaTestSupport.h"

#include "gateway/core/JsonBody.h"
#include "gateway/dialects/ollama/ChatToOllama.h"
#include "gateway/dialects/ollama/OllamaAdapter.h"
#include "gateway/dialects/ollama/OllamaDecoder.h"
#include "gateway/dialects/ollama/OllamaEncoder.h"
#include "gateway/dialects/ollama/OllamaStreamFilter.h"
#include "gateway/dialects/ollama/OllamaToChat.h"
#include "gateway/dialects/ollama/OllamaWire.h"
#include "gateway/dialects/openai/ChatAnswerDecoder.h"
#include "gateway/dialects/openai/ChatAnswerEncoder.h"

#include <QRandomGenerator>

using namespace sy;
using namespace sy::test;
using namespace Qt::StringLiterals;

namespace {

AnswerContext context(const char* model)
{
    return {QString::fromLatin1(model), 42, 1733400000, true};
}

// What an OpenAI client receives: content, reasoning, tool calls and usage.
struct ChatView
{
    QString content;
    QString reasoning;
    QHash<int, QJsonObject> tools;
    QString finishReason;
    QJsonObject usage;
    bool done = false;
};

ChatView chatView(const QByteArray& stream)
{
    ChatView view;
    for (const ParsedEvent& e : parsed(stream)) {
        if (e.data == "[DONE]") {
            view.done = true;
            continue;
        }
        if (e.json.contains(u"usage"))
            view.usage = e.json.value(u"usage").toObject();
        for (const QJsonValue& c : e.json.value(u"choices").toArray()) {
            const QJsonObject delta = c.toObject().value(u"delta").toObject();
            view.content += delta.value(u"content").toString();
            view.reasoning += delta.value(u"reasoning_content").toString();
            for (const QJsonValue& t : delta.value(u"tool_calls").toArray()) {
                const QJsonObject call = t.toObject();
                QJsonObject& tool = view.tools[call.value(u"index").toInt()];
                const QJsonObject f = call.value(u"function").toObject();
                if (call.contains(u"id"))
                    tool.insert(u"id", call.value(u"id"));
                if (f.contains(u"name"))
                    tool.insert(u"name", f.value(u"name"));
                tool.insert(u"arguments", tool.value(u"arguments").toString() + f.value(u"arguments").toString());
            }
            if (!c.toObject().value(u"finish_reason").isNull())
                view.finishReason = c.toObject().value(u"finish_reason").toString();
        }
    }
    return view;
}

QJsonObject openAiOf(Endpoint endpoint, const QByteArray& ollama, bool stream = true)
{
    ApiError error;
    const std::optional<QByteArray> out = OllamaToChat::translate(endpoint, ollama, stream, &error);
    if (!out)
        qWarning() << "translation failed:" << error.message;
    return out ? object(*out) : QJsonObject();
}

} // namespace

class TestOllamaTranslation : public QObject
{
    Q_OBJECT

private slots:
    // ---- Answers for Ollama clients of OpenAI-compatible backends ----

    void chatStreamBecomesNdjsonLines_data()
    {
        QTest::addColumn<qsizetype>("piece");
        QTest::newRow("whole") << qsizetype(1 << 20);
        QTest::newRow("byte by byte") << qsizetype(1);
    }

    void chatStreamBecomesNdjsonLines()
    {
        QFETCH(qsizetype, piece);
        ChatAnswerDecoder decoder;
        OllamaEncoder encoder(context("qwen2.5:7b"), OllamaEncoder::Shape::Chat);
        QCOMPARE(encoder.streamContentType(), QByteArray("application/x-ndjson"));
        const QByteArray out = translate(recorded("openai-text.sse"), decoder, encoder, piece);
        QVERIFY(out.endsWith('\n'));
        const QList<QJsonObject> lines = objectsOf(out);
        QCOMPARE(lines.size(), 4); // thinking, two tokens, done
        for (const QJsonObject& line : lines) {
            QCOMPARE(line.value(u"model").toString(), QStringLiteral("qwen2.5:7b")); // never the .gguf path
            QVERIFY(line.value(u"created_at").toString().endsWith(u'Z'));
            QCOMPARE(line.value(u"message").toObject().value(u"role").toString(), QStringLiteral("assistant"));
        }
        for (qsizetype i = 0; i + 1 < lines.size(); ++i)
            QCOMPARE(lines[i].value(u"done").toBool(true), false);
        const OllamaView view = ollamaView(out);
        QCOMPARE(view.thinking, QStringLiteral("The user greets."));
        QCOMPARE(view.content, QStringLiteral("Hi there \u00e9\n"));
        QCOMPARE(view.doneLines, 1);
        const QJsonObject& done = view.last;
        QCOMPARE(done.value(u"done_reason").toString(), QStringLiteral("stop"));
        QCOMPARE(done.value(u"prompt_eval_count").toInt(), 31);
        QCOMPARE(done.value(u"eval_count").toInt(), 9);
        for (const auto key : {u"total_duration", u"load_duration", u"prompt_eval_duration", u"eval_duration"}) {
            QVERIFY2(done.value(QStringView(key)).isDouble(), qPrintable(QString::fromUtf16(key)));
            QVERIFY(done.value(QStringView(key)).toDouble() >= 0);
        }
        QVERIFY(done.value(u"total_duration").toDouble()
                >= done.value(u"prompt_eval_duration").toDouble() + done.value(u"eval_duration").toDouble() - 1);
    }

    void toolCallsGoOutWholeWithArgumentObjects()
    {
        ChatAnswerDecoder decoder;
        OllamaEncoder encoder(context("qwen"), OllamaEncoder::Shape::Chat);
        const OllamaView view = ollamaView(translate(recorded("openai-tool-calls.sse"), decoder, encoder));
        QCOMPARE(view.toolCalls.size(), 2);
        const QJsonObject first = view.toolCalls[0].toObject();
        QCOMPARE(first.value(u"id").toString(), QStringLiteral("call_abc"));
        const QJsonObject f = first.value(u"function").toObject();
        QCOMPARE(f.value(u"name").toString(), QStringLiteral("get_weather"));
        QCOMPARE(f.value(u"arguments").toObject(), (QJsonObject{{u"city"_s, u"Paris"_s}}));
        QCOMPARE(view.toolCalls[1].toObject().value(u"function").toObject().value(u"index").toInt(), 1);
        QCOMPARE(view.toolCalls[1].toObject().value(u"function").toObject().value(u"arguments").toObject(),
                 QJsonObject());
        QCOMPARE(view.last.value(u"done_reason").toString(), QStringLiteral("stop"));
        QCOMPARE(view.last.value(u"eval_count").toInt(), 30);
    }

    void generateAnswersInResponse()
    {
        ChatAnswerDecoder decoder;
        OllamaEncoder encoder(context("llama3.2"), OllamaEncoder::Shape::Generate);
        const QByteArray out = translate(recorded("openai-text.sse"), decoder, encoder);
        for (const QJsonObject& line : objectsOf(out)) {
            QVERIFY(!line.contains(u"message"));
            QVERIFY(line.value(u"response").isString());
        }
        const OllamaView view = ollamaView(out);
        QCOMPARE(view.content, QStringLiteral("Hi there \u00e9\n"));
        QCOMPARE(view.thinking, QStringLiteral("The user greets."));
        QCOMPARE(view.last.value(u"response").toString(), QString());
    }

    void aBrokenStreamEndsWithAnErrorObjectNeverDone()
    {
        OllamaEncoder encoder(context("m"), OllamaEncoder::Shape::Chat);
        ChatDelta delta;
        delta.text = QStringLiteral("Once");
        QByteArray out = encoder.encode(delta);
        out += encoder.fail(ApiError::badGateway(QStringLiteral("backend gone"), "upstream_connection_closed"));
        const OllamaView view = ollamaView(out);
        QCOMPARE(view.content, QStringLiteral("Once"));
        QCOMPARE(view.error, QStringLiteral("backend gone"));
        QCOMPARE(view.doneLines, 0);
        QVERIFY(out.endsWith("}\n"));
    }

    void wholeChatAnswer()
    {
        ChatAnswerDecoder decoder;
        QString why;
        const std::optional<ChatCompletion> answer = decoder.decodeWhole(
            "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"finish_reason\":\"length\",\"message\":{\"role\":\"assistant\","
            "\"content\":\"Hi\",\"reasoning_content\":\"hmm\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]}}],"
            "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}",
            &why);
        QVERIFY2(answer, qPrintable(why));
        OllamaEncoder encoder(context("m:latest"), OllamaEncoder::Shape::Chat);
        const QJsonObject whole = object(encoder.encodeWhole(*answer));
        QCOMPARE(whole.value(u"model").toString(), QStringLiteral("m:latest"));
        QCOMPARE(whole.value(u"done").toBool(), true);
        QCOMPARE(whole.value(u"done_reason").toString(), QStringLiteral("length"));
        const QJsonObject message = whole.value(u"message").toObject();
        QCOMPARE(message.value(u"content").toString(), QStringLiteral("Hi"));
        QCOMPARE(message.value(u"thinking").toString(), QStringLiteral("hmm"));
        const QJsonObject call = message.value(u"tool_calls").toArray().first().toObject();
        QCOMPARE(call.value(u"function").toObject().value(u"arguments").toObject().value(u"a").toInt(), 1);
        QCOMPARE(whole.value(u"prompt_eval_count").toInt(), 3);
        QCOMPARE(whole.value(u"eval_count").toInt(), 4);
    }

    // ---- Ollama backends, passed through to Ollama clients ----

    void nativeStreamPassesThroughWithTheAskedModel()
    {
        const QByteArray stream = recorded("ollama-chat-thinking.ndjson");
        OllamaStreamFilter filter(context("qwen3"));
        QByteArray out;
        for (const SseEvent& line : linesOf(stream, 7))
            out += filter.process(line);
        out += filter.finish();
        QVERIFY(filter.ended());
        QVERIFY(!filter.streamError());
        QCOMPARE(filter.usage()->promptTokens, 17);
        QCOMPARE(filter.usage()->completionTokens, 63);
        QCOMPARE(filter.deliveredChars(),
                 qint64(QStringLiteral("The user says hi.Hello! Caf\u00e9 \"time\"?\n").size()));
        // Every byte as sent, but for the model name.
        QByteArray expected = stream;
        expected.replace("\"model\":\"qwen3:8b\"", "\"model\":\"qwen3\"");
        QCOMPARE(out, expected);
    }

    void nativeStreamErrorIsSeen()
    {
        OllamaStreamFilter filter(context("llama3.2"));
        QByteArray out;
        for (const SseEvent& line : linesOf(recorded("ollama-chat-error.ndjson")))
            out += filter.process(line);
        QVERIFY(!filter.ended());
        QVERIFY(filter.streamError());
        QVERIFY(filter.streamError()->message.contains(u"unexpected EOF"));
        QCOMPARE(ollamaView(out).error, filter.streamError()->message);
    }

    void aNativeStreamThatFailsAtOnceIsHeldBack()
    {
        // Nothing reached the client: the relay can still fail over, so the error line waits.
        OllamaStreamFilter filter(context("llama3.2"));
        const QList<SseEvent> lines = linesOf("{\"error\":\"llama runner process has terminated\"}\n");
        QCOMPARE(filter.process(lines.first()), QByteArray());
        QVERIFY(filter.streamError());
        QCOMPARE(filter.streamError()->message, QStringLiteral("llama runner process has terminated"));
        QVERIFY(!filter.ended());
    }

    void nativeWholeAnswerGetsTheAskedModel()
    {
        OllamaStreamFilter filter(context("all-minilm"));
        std::optional<TokenUsage> usage;
        const QByteArray body
            = filter
                  .filterWhole("{\"model\":\"all-minilm:latest\",\"embeddings\":[[0.1,0.2]],\"prompt_eval_count\":8}",
                               &usage)
                  .value_or("invalid");
        QCOMPARE(object(body).value(u"model").toString(), QStringLiteral("all-minilm"));
        QCOMPARE(usage->promptTokens, 8);
        QCOMPARE(usage->completionTokens, 0);
    }

    // ---- Ollama backends, for clients of another dialect ----

    void ollamaStreamBecomesChatChunks()
    {
        OllamaDecoder decoder;
        ChatAnswerEncoder encoder(context("qwen3"));
        const ChatView view = chatView(translateLines(recorded("ollama-chat-thinking.ndjson"), decoder, encoder, 5));
        QCOMPARE(view.reasoning, QStringLiteral("The user says hi."));
        QCOMPARE(view.content, QStringLiteral("Hello! Caf\u00e9 \"time\"?\n"));
        QCOMPARE(view.finishReason, QStringLiteral("stop"));
        QCOMPARE(view.usage.value(u"prompt_tokens").toInt(), 17);
        QCOMPARE(view.usage.value(u"completion_tokens").toInt(), 63);
        QVERIFY(view.done);
    }

    void ollamaToolCallsBecomeChatToolCalls()
    {
        OllamaDecoder decoder;
        ChatAnswerEncoder encoder(context("llama3.2"));
        const ChatView view = chatView(translateLines(recorded("ollama-chat-tools.ndjson"), decoder, encoder));
        QCOMPARE(view.tools.size(), 2);
        QCOMPARE(view.tools[0].value(u"name").toString(), QStringLiteral("get_current_weather"));
        QVERIFY(!view.tools[0].value(u"id").toString().isEmpty()); // OpenAI clients need one
        QCOMPARE(object(view.tools[0].value(u"arguments").toString().toUtf8()),
                 (QJsonObject{{u"format"_s, u"celsius"_s}, {u"location"_s, u"Paris, FR"_s}}));
        QCOMPARE(view.tools[1].value(u"id").toString(), QStringLiteral("call_7"));
        QCOMPARE(view.finishReason, QStringLiteral("tool_calls"));
    }

    void ollamaGenerateAndLengthStop()
    {
        OllamaDecoder decoder;
        ChatAnswerEncoder encoder(context("llama3.2"));
        const ChatView view = chatView(translateLines(recorded("ollama-generate.ndjson"), decoder, encoder));
        QCOMPARE(view.content, QStringLiteral("The sky is blue."));
        QCOMPARE(view.finishReason, QStringLiteral("length"));
    }

    void ollamaStreamErrorIsReported()
    {
        OllamaDecoder decoder;
        ChatAnswerEncoder encoder(context("llama3.2"));
        const QByteArray out = translateLines(recorded("ollama-chat-error.ndjson"), decoder, encoder);
        QVERIFY(decoder.streamError());
        QVERIFY(!decoder.ended());
        QVERIFY(out.contains("event: error"));
        QVERIFY(!out.contains("[DONE]"));
    }

    void ollamaWholeAnswer()
    {
        OllamaDecoder decoder;
        QString why;
        const std::optional<ChatCompletion> answer
            = decoder.decodeWhole(recorded("ollama-chat-tools.ndjson").split('\n').first(), &why);
        QVERIFY2(answer, qPrintable(why));
        QCOMPARE(answer->toolCalls.size(), 2);
        QCOMPARE(answer->finishReason, QByteArray("tool_calls"));
        QVERIFY(!decoder.decodeWhole("{\"models\":[]}", &why));
    }

    // ---- Requests ----

    void chatRequestBecomesChatCompletions()
    {
        const QJsonObject chat = openAiOf(Endpoint::OllamaChat, recorded("ollama-chat-request.json"));
        const QJsonArray messages = chat.value(u"messages").toArray();
        QCOMPARE(messages.size(), 6);
        QCOMPARE(messages[0].toObject(), (QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, u"Be brief."_s}}));
        const QJsonArray parts = messages[1].toObject().value(u"content").toArray();
        QCOMPARE(parts.size(), 3);
        QCOMPARE(parts[0].toObject().value(u"type").toString(), QStringLiteral("text"));
        QVERIFY(parts[1]
                    .toObject()
                    .value(u"image_url")
                    .toObject()
                    .value(u"url")
                    .toString()
                    .startsWith(u"data:image/png;base64,iVBORw0KGgo"));
        QVERIFY(parts[2]
                    .toObject()
                    .value(u"image_url")
                    .toObject()
                    .value(u"url")
                    .toString()
                    .startsWith(u"data:image/jpeg;base64,/9j/"));
        const QJsonObject assistant = messages[2].toObject();
        QVERIFY(assistant.value(u"content").isNull());
        QVERIFY(!assistant.contains(u"thinking"));
        const QJsonArray calls = assistant.value(u"tool_calls").toArray();
        QCOMPARE(calls.size(), 2);
        const QString weatherId = calls[0].toObject().value(u"id").toString();
        const QString timeId = calls[1].toObject().value(u"id").toString();
        QVERIFY(!weatherId.isEmpty() && weatherId != timeId);
        const QJsonObject weather = calls[0].toObject().value(u"function").toObject();
        QCOMPARE(object(weather.value(u"arguments").toString().toUtf8()),
                 (QJsonObject{{u"location"_s, u"Paris, FR"_s}, {u"format"_s, u"celsius"_s}}));
        // Results find their calls: by tool_name, then the one left.
        QCOMPARE(messages[3].toObject().value(u"tool_call_id").toString(), timeId);
        QCOMPARE(messages[4].toObject().value(u"tool_call_id").toString(), weatherId);
        QCOMPARE(messages[4].toObject().value(u"content").toString(), QStringLiteral("22 degrees, sunny"));
        QCOMPARE(messages[5].toObject().value(u"content").toString(), QStringLiteral("Thanks."));
        QCOMPARE(chat.value(u"tools").toArray().size(), 2);
    }

    void chatRequestOptionsFormatAndThink()
    {
        const QJsonObject chat = openAiOf(Endpoint::OllamaChat, recorded("ollama-chat-request.json"));
        QCOMPARE(chat.value(u"model").toString(), QStringLiteral("llava:latest"));
        QCOMPARE(chat.value(u"temperature").toDouble(), 0.2);
        QCOMPARE(chat.value(u"top_p").toDouble(), 0.9);
        QCOMPARE(chat.value(u"top_k").toInt(), 40);
        QCOMPARE(chat.value(u"max_tokens").toInt(), 128);
        QCOMPARE(chat.value(u"seed").toInt(), 42);
        QCOMPARE(chat.value(u"repeat_penalty").toDouble(), 1.1);
        QCOMPARE(chat.value(u"stop").toArray(), (QJsonArray{u"\n\n"_s, u"user:"_s}));
        for (const auto dropped : {u"num_ctx", u"mirostat", u"options", u"keep_alive", u"think", u"format"})
            QVERIFY2(!chat.contains(QStringView(dropped)), qPrintable(QString::fromUtf16(dropped)));
        const QJsonObject format = chat.value(u"response_format").toObject();
        QCOMPARE(format.value(u"type").toString(), QStringLiteral("json_schema"));
        QCOMPARE(format.value(u"json_schema").toObject().value(u"schema").toObject().value(u"required").toArray(),
                 QJsonArray{u"answer"_s});
        QCOMPARE(chat.value(u"reasoning_effort").toString(), QStringLiteral("high"));
        QCOMPARE(chat.value(u"stream").toBool(), true);
        QCOMPARE(chat.value(u"stream_options").toObject().value(u"include_usage").toBool(), true);
    }

    void formatJsonThinkFalseAndNoStream()
    {
        const QJsonObject chat = openAiOf(Endpoint::OllamaChat,
                                          "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                                          "\"format\":\"json\",\"think\":false,\"options\":{\"num_predict\":-1}}",
                                          false);
        QCOMPARE(chat.value(u"response_format").toObject().value(u"type").toString(), QStringLiteral("json_object"));
        QCOMPARE(chat.value(u"chat_template_kwargs").toObject().value(u"enable_thinking").toBool(true), false);
        QVERIFY(!chat.contains(u"max_tokens")); // -1: no limit
        QCOMPARE(chat.value(u"stream").toBool(true), false);
        QVERIFY(!chat.contains(u"stream_options"));
    }

    void generateRequestBecomesChat()
    {
        const QJsonObject chat = openAiOf(Endpoint::OllamaGenerate,
                                          "{\"model\":\"llava\",\"system\":\"Be terse.\",\"prompt\":\"What is this?\","
                                          "\"images\":[\"R0lGODlhAQABAAAAACw=\"],\"raw\":true,\"context\":[1,2],"
                                          "\"options\":{\"temperature\":0}}");
        const QJsonArray messages = chat.value(u"messages").toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[0].toObject().value(u"content").toString(), QStringLiteral("Be terse."));
        const QJsonArray parts = messages[1].toObject().value(u"content").toArray();
        QCOMPARE(parts[0].toObject().value(u"text").toString(), QStringLiteral("What is this?"));
        QVERIFY(parts[1]
                    .toObject()
                    .value(u"image_url")
                    .toObject()
                    .value(u"url")
                    .toString()
                    .startsWith(u"data:image/gif;base64,"));
        QCOMPARE(chat.value(u"temperature").toInt(-1), 0);
        QVERIFY(!chat.contains(u"context"));
        QVERIFY(!chat.contains(u"raw"));
    }

    // The translation copies values as JSON text (no DOM): odd but valid shapes keep their meaning.
    void oddShapesKeepTheirMeaning()
    {
        const QJsonObject chat
            = openAiOf(Endpoint::OllamaChat,
                       "{ \"messages\" : [ {\"role\":\"user\",\"content\":\"caf\\u00e9 \\\"q\\\"\",\"images\":[]},"
                       " {\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"function\":{\"name\":\"f\","
                       "\"arguments\": { \"a\" : [1, 2] } }}]},"
                       " {\"role\":\"tool\",\"content\":7} ], \"model\" : \"m\", \"tools\": [ ], \"think\":true,"
                       " \"options\": {\"stop\": 3, \"num_predict\": 12.0, \"temperature\": 1e-1} }",
                       false);
        QCOMPARE(chat.value(u"model").toString(), QStringLiteral("m"));
        const QJsonArray messages = chat.value(u"messages").toArray();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages[0].toObject().value(u"content").toString(), QStringLiteral("caf\u00e9 \"q\""));
        const QJsonObject call = messages[1].toObject().value(u"tool_calls").toArray()[0].toObject();
        QCOMPARE(object(call.value(u"function").toObject().value(u"arguments").toString().toUtf8()),
                 (QJsonObject{{u"a"_s, QJsonArray{1, 2}}}));
        QVERIFY(messages[1].toObject().value(u"content").isNull());
        QCOMPARE(messages[2].toObject().value(u"tool_call_id").toString(), call.value(u"id").toString());
        QCOMPARE(messages[2].toObject().value(u"content").toString(u"not a string"_s), QString()); // 7 is not text
        QVERIFY(!chat.contains(u"tools")); // empty
        QVERIFY(!chat.contains(u"reasoning_effort") && !chat.contains(u"chat_template_kwargs"));
        QVERIFY(!chat.contains(u"stop")); // a number is neither a string nor a list
        QCOMPARE(chat.value(u"max_tokens").toInteger(), 12);
        QCOMPARE(chat.value(u"temperature").toDouble(), 0.1);
    }

    void createdAtIsQtsIsoDateWithMilliseconds()
    {
        QRandomGenerator random(14);
        QList<qint64> times{0, 951782400000, 951868799999, 4102444800000, 253402300799999}; // leap days, 9999
        for (int i = 0; i < 20000; ++i)
            times << qint64(random.bounded(Q_INT64_C(253402300799999)));
        for (const qint64 ms : std::as_const(times)) {
            QCOMPARE(OllamaWire::createdAt(ms),
                     QDateTime::fromMSecsSinceEpoch(ms).toUTC().toString(Qt::ISODateWithMs).toLatin1());
        }
    }

    void suffixNeedsAnOllamaBackend()
    {
        ApiError error;
        QVERIFY(!OllamaToChat::translate(Endpoint::OllamaGenerate,
                                         "{\"model\":\"c\",\"prompt\":\"def f():\",\"suffix\":\"    return x\"}",
                                         false,
                                         &error));
        QCOMPARE(error.status, 400);
        QVERIFY(error.message.contains(u"suffix"));
    }

    void embedRequests()
    {
        const QJsonObject embed
            = openAiOf(Endpoint::OllamaEmbed, "{\"model\":\"e\",\"input\":[\"a\",\"b\"],\"truncate\":true}", false);
        QCOMPARE(embed, (QJsonObject{{u"model"_s, u"e"_s}, {u"input"_s, QJsonArray{u"a"_s, u"b"_s}}}));
        const QJsonObject older = openAiOf(Endpoint::OllamaEmbeddings, "{\"model\":\"e\",\"prompt\":\"hello\"}", false);
        QCOMPARE(older, (QJsonObject{{u"model"_s, u"e"_s}, {u"input"_s, u"hello"_s}}));
    }

    void embeddingAnswers()
    {
        const QByteArray openAi = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":["
                                  "0.5,-1.25e-3]},{\"object\":\"embedding\",\"index\":1,\"embedding\":[1,2]}],"
                                  "\"model\":\"/m.gguf\",\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}";
        const OllamaAdapter adapter;
        QString why;
        const std::optional<QByteArray> embed
            = adapter.fromOpenAiWhole(Endpoint::OllamaEmbed, openAi, context("all-minilm"), &why);
        QVERIFY2(embed, qPrintable(why));
        QVERIFY(embed->contains("[0.5,-1.25e-3]")); // the numbers as the backend wrote them
        const QJsonObject e = object(*embed);
        QCOMPARE(e.value(u"model").toString(), QStringLiteral("all-minilm"));
        QCOMPARE(e.value(u"embeddings").toArray().size(), 2);
        QCOMPARE(e.value(u"prompt_eval_count").toInt(), 4);
        const std::optional<QByteArray> older
            = adapter.fromOpenAiWhole(Endpoint::OllamaEmbeddings, openAi, context("all-minilm"), &why);
        QCOMPARE(object(*older).value(u"embedding").toArray(), (QJsonArray{0.5, -1.25e-3}));
        QVERIFY(!adapter.fromOpenAiWhole(Endpoint::OllamaEmbed, "{\"data\":[]}", context("e"), &why));
    }

    // ---- Round trips ----

    void openAiRequestThroughOllamaAndBack()
    {
        ApiError error;
        const std::optional<QByteArray> ollama
            = ChatToOllama::translate(recorded("chat-request-tools.json"), QStringLiteral("qwen3:8b"), &error);
        QVERIFY(ollama);
        const QJsonObject o = object(*ollama);
        QCOMPARE(o.value(u"model").toString(), QStringLiteral("qwen3:8b"));
        QCOMPARE(o.value(u"options").toObject().value(u"stop").toArray(), QJsonArray{u"END"_s});
        QCOMPARE(o.value(u"messages").toArray()[1].toObject().value(u"role").toString(), QStringLiteral("system"));
        QCOMPARE(o.value(u"messages").toArray()[2].toObject().value(u"images").toArray(), QJsonArray{u"/9j/4AAQ"_s});
        const QJsonObject toolResult = o.value(u"messages").toArray()[6].toObject();
        QCOMPARE(toolResult.value(u"tool_name").toString(), QStringLiteral("time"));

        const QJsonObject back = openAiOf(Endpoint::OllamaChat, *ollama);
        const QJsonObject original = object(recorded("chat-request-tools.json"));
        QCOMPARE(back.value(u"temperature"), original.value(u"temperature"));
        QCOMPARE(back.value(u"tools"), original.value(u"tools"));
        const QJsonArray a = original.value(u"messages").toArray();
        const QJsonArray b = back.value(u"messages").toArray();
        QCOMPARE(b.size(), a.size());
        const QJsonArray callsA = a[4].toObject().value(u"tool_calls").toArray();
        const QJsonArray callsB = b[4].toObject().value(u"tool_calls").toArray();
        QCOMPARE(callsB, callsA); // ids, names and arguments text survive both ways
        QCOMPARE(b[5].toObject().value(u"tool_call_id"), a[5].toObject().value(u"tool_call_id"));
        QCOMPARE(b[6].toObject().value(u"tool_call_id"), a[6].toObject().value(u"tool_call_id"));
        QCOMPARE(b[3].toObject().value(u"content"), a[3].toObject().value(u"content"));
    }

    void openAiStreamThroughOllamaAndBack()
    {
        // An OpenAI stream written as Ollama's, read back: what an OpenAI client would see is kept.
        ChatAnswerDecoder first;
        OllamaEncoder ollama(context("m"), OllamaEncoder::Shape::Chat);
        const QByteArray ndjson = translate(recorded("openai-tool-calls.sse"), first, ollama);
        OllamaDecoder second;
        ChatAnswerEncoder openAi(context("m"));
        const ChatView view = chatView(translateLines(ndjson, second, openAi));
        QCOMPARE(view.tools.size(), 2);
        QCOMPARE(view.tools[0].value(u"id").toString(), QStringLiteral("call_abc"));
        QCOMPARE(object(view.tools[0].value(u"arguments").toString().toUtf8()), (QJsonObject{{u"city"_s, u"Paris"_s}}));
        QCOMPARE(view.finishReason, QStringLiteral("tool_calls"));
        QCOMPARE(view.usage.value(u"prompt_tokens").toInt(), 120);
        QCOMPARE(view.usage.value(u"completion_tokens").toInt(), 30);

        ChatAnswerDecoder textIn;
        OllamaEncoder textOllama(context("m"), OllamaEncoder::Shape::Chat);
        OllamaDecoder textBack;
        ChatAnswerEncoder textOut(context("m"));
        const ChatView text
            = chatView(translateLines(translate(recorded("openai-text.sse"), textIn, textOllama), textBack, textOut));
        QCOMPARE(text.content, QStringLiteral("Hi there \u00e9\n"));
        QCOMPARE(text.reasoning, QStringLiteral("The user greets."));
        QCOMPARE(text.finishReason, QStringLiteral("stop"));
    }
};

QTEST_GUILESS_MAIN(TestOllamaTranslation)
#include "TestOllamaTranslation.moc"
