#include "DialectTestSupport.h"

#include "gateway/core/JsonBody.h"
#include "gateway/dialects/openai/ChatAnswerDecoder.h"
#include "gateway/dialects/openai/ChatAnswerEncoder.h"
#include "gateway/dialects/responses/ChatToResponses.h"
#include "gateway/dialects/responses/ResponsesAdapter.h"
#include "gateway/dialects/responses/ResponsesDecoder.h"
#include "gateway/dialects/responses/ResponsesEncoder.h"
#include "gateway/dialects/responses/ResponsesFilter.h"
#include "gateway/dialects/responses/ResponsesHistory.h"
#include "gateway/dialects/responses/ResponsesToChat.h"
#include "gateway/dialects/responses/ResponsesWire.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;
using namespace sy;
using namespace sy::test;

namespace {

AnswerContext context(const char* model, const QByteArray& request = {})
{
    return {QString::fromLatin1(model), 42, 1733400000, false, request};
}

QStringList typesOf(const QList<ParsedEvent>& events)
{
    QStringList types;
    for (const ParsedEvent& e : events)
        types.append(e.json.value(u"type").toString());
    return types;
}

QByteArray filtered(const QByteArray& stream, ResponsesFilter& filter)
{
    QByteArray out;
    for (const SseEvent& event : eventsOf(stream))
        out += filter.process(event);
    return out + filter.finish();
}

/**
 * What the openai SDK's ResponseStream accumulator does with a stream (lib/responses/
 * ResponseAccumulator): items by output_index, parts by content_index, text appended. Any event
 * it would throw on fails the test, so a stream that passes this is one the SDK accepts.
 */
struct Accumulated
{
    QJsonArray output;
    QString status;
    QString text;
    QString error;
    QList<qint64> sequence;
};

QJsonObject itemAt(QJsonArray& output, const QJsonObject& event, QString* error)
{
    const QJsonValue index = event.value(u"output_index");
    if (!index.isDouble() || index.toInt() >= output.size()) {
        *error = u"missing output at index in "_s + QString::fromUtf8(QJsonDocument(event).toJson());
        return {};
    }
    return output[index.toInt()].toObject();
}

Accumulated accumulate(const QByteArray& stream)
{
    Accumulated a;
    for (const ParsedEvent& e : parsed(stream)) {
        const QJsonObject& j = e.json;
        const QString type = j.value(u"type").toString();
        if (QString::fromLatin1(e.name) != type) {
            a.error = u"event name "_s + QString::fromLatin1(e.name) + u" for "_s + type;
            return a;
        }
        a.sequence.append(j.value(u"sequence_number").toInteger(-1));
        if (type.startsWith(u"response.") && j.contains(u"response")) {
            const QJsonObject r = j.value(u"response").toObject();
            if (!r.value(u"output").isArray()) {
                a.error = u"a response without output: "_s + type;
                return a;
            }
            a.output = r.value(u"output").toArray();
            a.status = r.value(u"status").toString();
            continue;
        }
        if (type == u"response.output_item.added") {
            a.output.append(j.value(u"item"));
            continue;
        }
        if (!j.contains(u"output_index") && type != u"error" && type != u"keepalive") {
            a.error = u"no output_index: "_s + type;
            return a;
        }
        if (type == u"response.output_item.done") {
            itemAt(a.output, j, &a.error);
            a.output[j.value(u"output_index").toInt()] = j.value(u"item");
        } else if (type == u"response.content_part.added") {
            QJsonObject item = itemAt(a.output, j, &a.error);
            QJsonArray content = item.value(u"content").toArray();
            content.append(j.value(u"part"));
            item.insert(u"content", content);
            a.output[j.value(u"output_index").toInt()] = item;
        } else if (type == u"response.output_text.delta" || type == u"response.reasoning_text.delta") {
            const QJsonObject item = itemAt(a.output, j, &a.error);
            const QJsonArray content = item.value(u"content").toArray();
            if (!j.value(u"content_index").isDouble() || j.value(u"content_index").toInt() >= content.size())
                a.error = u"missing content at index for "_s + type;
            if (type == u"response.output_text.delta")
                a.text += j.value(u"delta").toString();
        }
        if (!a.error.isEmpty())
            return a;
    }
    return a;
}

bool numberedInOrder(const QList<qint64>& sequence)
{
    for (qsizetype i = 0; i < sequence.size(); ++i) {
        if (sequence[i] != i)
            return false;
    }
    return true;
}

} // namespace

class TestResponsesTranslation : public QObject
{
    Q_OBJECT

private slots:
    // ---- Requests: Responses → chat completions ----

    void codexRequestBecomesChatMessages()
    {
        ApiError error;
        const std::optional<QByteArray> chat
            = ResponsesToChat::translate(recorded("responses-request-codex.json"), &error);
        QVERIFY(chat);
        const QJsonObject c = object(*chat);
        const QJsonArray m = c.value(u"messages").toArray();
        QCOMPARE(m.size(), 9);
        QCOMPARE(m[0].toObject().value(u"role").toString(), u"system"_s); // instructions
        QCOMPARE(m[0].toObject().value(u"content").toString(), u"You are Codex, a coding agent. Be concise."_s);
        QCOMPARE(m[1].toObject().value(u"role").toString(), u"system"_s); // developer
        QCOMPARE(m[2].toObject().value(u"content").toString(),
                 u"<environment_context><cwd>/tmp/project</cwd></environment_context>"_s);
        const QJsonArray parts = m[3].toObject().value(u"content").toArray();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts[1].toObject().value(u"image_url").toObject().value(u"url").toString(),
                 u"data:image/png;base64,iVBORw0KGgo="_s);
        // The assistant's text and its call are one message; the reasoning item is dropped.
        const QJsonObject assistant = m[4].toObject();
        QCOMPARE(assistant.value(u"content").toString(), u"Listing."_s);
        QCOMPARE(assistant.value(u"tool_calls").toArray()[0].toObject().value(u"id").toString(), u"call_1"_s);
        QCOMPARE(m[5].toObject().value(u"role").toString(), u"tool"_s);
        QCOMPARE(m[5].toObject().value(u"content").toString(), u"README.md\nsrc"_s);
        // A freeform (custom) tool call travels as {"input": …}.
        const QJsonObject custom = m[6].toObject().value(u"tool_calls").toArray()[0].toObject();
        QCOMPARE(object(custom.value(u"function").toObject().value(u"arguments").toString().toUtf8())
                     .value(u"input")
                     .toString(),
                 u"*** Begin Patch\n*** End Patch"_s);
        QVERIFY(m[6].toObject().value(u"content").isNull());
        QCOMPARE(m[7].toObject().value(u"tool_call_id").toString(), u"call_2"_s);
        QCOMPARE(m[8].toObject().value(u"content").toString(), u"Thanks. Now summarize."_s);

        const QJsonArray tools = c.value(u"tools").toArray();
        QCOMPARE(tools.size(), 2); // web_search is OpenAI's to run, not a local model's
        QCOMPARE(tools[0].toObject().value(u"function").toObject().value(u"name").toString(), u"shell"_s);
        QCOMPARE(tools[1].toObject().value(u"function").toObject().value(u"name").toString(), u"apply_patch"_s);
        QCOMPARE(c.value(u"tool_choice").toString(), u"auto"_s);
        QCOMPARE(c.value(u"parallel_tool_calls").toBool(true), false);
        QCOMPARE(c.value(u"max_tokens").toInt(), 2048);
        QCOMPARE(c.value(u"temperature").toDouble(), 0.2);
        QCOMPARE(c.value(u"top_p").toDouble(), 0.9);
        QCOMPARE(c.value(u"user").toString(), u"dev-1"_s);
        QCOMPARE(c.value(u"reasoning_effort").toString(), u"medium"_s);
        const QJsonObject format = c.value(u"response_format").toObject();
        QCOMPARE(format.value(u"type").toString(), u"json_schema"_s);
        QCOMPARE(format.value(u"json_schema").toObject().value(u"name").toString(), u"summary"_s);
        QVERIFY(format.value(u"json_schema").toObject().value(u"strict").toBool());
        QVERIFY(c.value(u"stream").toBool());
        QVERIFY(c.value(u"stream_options").toObject().value(u"include_usage").toBool());
        for (const auto key : {u"store", u"include", u"prompt_cache_key", u"metadata", u"input", u"instructions"})
            QVERIFY2(!c.contains(QString::fromUtf16(key)), qPrintable(QString::fromUtf16(key)));
    }

    void stringInputIsAUserMessage()
    {
        ApiError error;
        const QJsonObject c = object(*ResponsesToChat::translate(
            R"({"model":"m","input":"Hello","instructions":"Be brief","tool_choice":{"type":"function","name":"f"},"tools":[{"type":"function","name":"f"}]})",
            &error));
        const QJsonArray m = c.value(u"messages").toArray();
        QCOMPARE(m.size(), 2);
        QCOMPARE(m[1].toObject().value(u"role").toString(), u"user"_s);
        QCOMPARE(m[1].toObject().value(u"content").toString(), u"Hello"_s);
        QCOMPARE(c.value(u"tool_choice").toObject().value(u"function").toObject().value(u"name").toString(), u"f"_s);
        QCOMPARE(c.value(u"tools")
                     .toArray()[0]
                     .toObject()
                     .value(u"function")
                     .toObject()
                     .value(u"parameters")
                     .toObject()
                     .value(u"type")
                     .toString(),
                 u"object"_s);
        QVERIFY(!c.contains(u"stream"));
    }

    // Copied as JSON text, no DOM: the less common shapes keep their meaning.
    void lessCommonShapes()
    {
        ApiError error;
        const std::optional<QByteArray> out = ResponsesToChat::translate(
            "{\"input\":[{\"content\":[{\"type\":\"input_text\",\"text\":\"a "
            "\\\"b\\\"\"},{\"type\":\"input_file\",\"filename\":\"x.pdf\"}]},"
            "{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"image_url\":\"http://i/"
            "1.png\",\"detail\":\"low\"},"
            "{\"type\":\"input_text\",\"text\":\"what?\"}]},"
            "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"f\",\"arguments\":{\"not\":\"text\"}},"
            "{\"role\":\"assistant\",\"content\":\"after the call\"},"
            "{\"type\":\"reasoning\",\"summary\":[]}, 7],"
            "\"instructions\":[{\"role\":\"developer\",\"content\":\"dev\"}],"
            "\"temperature\":null, \"parallel_tool_calls\":true, \"text\":{\"format\":{\"type\":\"json_object\"}},"
            "\"stream\":false, \"model\":{\"odd\":1}}",
            &error);
        QVERIFY(out);
        const QJsonObject c = object(*out);
        QCOMPARE(c.value(u"model").toObject().value(u"odd").toInt(), 1);
        const QJsonArray m = c.value(u"messages").toArray();
        QCOMPARE(m.size(), 6);
        QCOMPARE(m[0].toObject(), (QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, u"dev"_s}}));
        QCOMPARE(m[1].toObject(),
                 (QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u"a \"b\"\n\n[file omitted: x.pdf]"_s}}));
        const QJsonArray parts = m[2].toObject().value(u"content").toArray();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts[0].toObject().value(u"image_url").toObject(),
                 (QJsonObject{{u"url"_s, u"http://i/1.png"_s}, {u"detail"_s, u"low"_s}}));
        QCOMPARE(parts[1].toObject(), (QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, u"what?"_s}}));
        const QJsonObject call = m[3].toObject();
        QVERIFY(call.value(u"content").isNull());
        QCOMPARE(call.value(u"tool_calls").toArray()[0].toObject().value(u"function").toObject().value(u"arguments"),
                 QJsonValue(u"{}"_s)); // arguments that are not JSON text
        QCOMPARE(m[4].toObject(), (QJsonObject{{u"role"_s, u"assistant"_s}, {u"content"_s, u"after the call"_s}}));
        QCOMPARE(m[5].toObject(), (QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u""_s}})); // 7: an empty message
        QVERIFY(!c.contains(u"temperature")); // null
        QVERIFY(!c.contains(u"parallel_tool_calls")); // no tools
        QCOMPARE(c.value(u"response_format").toObject(), (QJsonObject{{u"type"_s, u"json_object"_s}}));
        QVERIFY(!c.contains(u"stream") && !c.contains(u"stream_options"));
        QVERIFY(!ResponsesToChat::translate("{\"input\":", &error));
        QCOMPARE(error.status, 400);
    }

    void parseChecksWhatTheApiRequires_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("param"); // empty: valid
        QTest::newRow("string input") << QByteArray(R"({"model":"m","input":"hi"})") << QByteArray();
        QTest::newRow("items") << QByteArray(R"({"model":"m","input":[{"role":"user","content":"hi"}]})")
                               << QByteArray();
        QTest::newRow("continuation only")
            << QByteArray(R"({"model":"m","previous_response_id":"resp_1"})") << QByteArray();
        QTest::newRow("no model") << QByteArray(R"({"input":"hi"})") << QByteArray("model");
        QTest::newRow("no input") << QByteArray(R"({"model":"m"})") << QByteArray("input");
        QTest::newRow("input number") << QByteArray(R"({"model":"m","input":3})") << QByteArray("input");
        QTest::newRow("stream string") << QByteArray(R"({"model":"m","input":"x","stream":"yes"})")
                                       << QByteArray("stream");
        QTest::newRow("tools object") << QByteArray(R"({"model":"m","input":"x","tools":{}})") << QByteArray("tools");
    }

    void parseChecksWhatTheApiRequires()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, param);
        ParsedRequest out;
        const std::optional<ApiError> error
            = ResponsesAdapter().parse(Endpoint::Responses, *JsonBody::parse(body, nullptr), &out);
        QCOMPARE(error.has_value(), !param.isEmpty());
        if (error) {
            QCOMPARE(error->status, 400);
            QCOMPARE(error->param, param);
        } else {
            QCOMPARE(out.model, u"m"_s);
            QVERIFY(out.wantsUsage);
        }
    }

    // ---- Answers: chat completions → Responses ----

    void echoRepeatsWhatTheRequestSet()
    {
        // Every member a response object repeats, each set: found at the top level only, the
        // last of duplicates winning (as JsonBody reads them), defaults for the rest.
        const QByteArray request
            = "{\"model\":\"m\",\"input\":[{\"temperature\":9}],\"metadata\":{\"top_p\":7},"
              "\"instructions\":\"Be brief\",\"max_output_tokens\":64,\"parallel_tool_calls\":false,"
              "\"previous_response_id\":\"resp_1\",\"reasoning\":{\"effort\":\"low\"},\"store\":false,"
              "\"temperature\":0.2,\"temperature\":0.3,\"text\":{\"format\":{\"type\":\"json_object\"}},"
              "\"tool_choice\":\"none\",\"tools\":[],\"truncation\":\"auto\",\"user\":\"u1\"}";
        QHash<QByteArray, QByteArray> echo;
        for (const auto& [key, value] : ResponsesWire::echoOf(request))
            echo.insert(key, value);
        QCOMPARE(echo.size(), 14);
        QCOMPARE(echo.value("instructions"), QByteArray("\"Be brief\""));
        QCOMPARE(echo.value("max_output_tokens"), QByteArray("64"));
        QCOMPARE(echo.value("metadata"), QByteArray("{\"top_p\":7}"));
        QCOMPARE(echo.value("parallel_tool_calls"), QByteArray("false"));
        QCOMPARE(echo.value("previous_response_id"), QByteArray("\"resp_1\""));
        QCOMPARE(echo.value("reasoning"), QByteArray("{\"effort\":\"low\"}"));
        QCOMPARE(echo.value("store"), QByteArray("false"));
        QCOMPARE(echo.value("temperature"), QByteArray("0.3"));
        QCOMPARE(echo.value("text"), QByteArray("{\"format\":{\"type\":\"json_object\"}}"));
        QCOMPARE(echo.value("tool_choice"), QByteArray("\"none\""));
        QCOMPARE(echo.value("tools"), QByteArray("[]"));
        QCOMPARE(echo.value("top_p"), QByteArray("1")); // only nested in metadata: the default
        QCOMPARE(echo.value("truncation"), QByteArray("\"auto\""));
        QCOMPARE(echo.value("user"), QByteArray("\"u1\""));
    }

    void chatStreamBecomesResponsesEvents()
    {
        ChatAnswerDecoder decoder;
        ResponsesEncoder encoder(
            context("local-coder", R"({"model":"local-coder","input":"hi","instructions":"Be nice","store":false})"));
        const QByteArray stream = translate(recorded("openai-text.sse"), decoder, encoder);
        const QList<ParsedEvent> events = parsed(stream);
        QCOMPARE(typesOf(events),
                 (QStringList{"response.created",
                              "response.in_progress",
                              "response.output_item.added", // reasoning
                              "response.content_part.added",
                              "response.reasoning_text.delta",
                              "response.reasoning_text.done",
                              "response.content_part.done",
                              "response.output_item.done",
                              "response.output_item.added", // message
                              "response.content_part.added",
                              "response.output_text.delta",
                              "response.output_text.delta",
                              "response.output_text.done",
                              "response.content_part.done",
                              "response.output_item.done",
                              "response.completed"}));
        const Accumulated a = accumulate(stream);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QVERIFY(numberedInOrder(a.sequence));
        QCOMPARE(a.text, u"Hi there \u00e9\n"_s);
        const QJsonObject created = events[0].json.value(u"response").toObject();
        QCOMPARE(created.value(u"model").toString(), u"local-coder"_s); // never the .gguf path
        QCOMPARE(created.value(u"status").toString(), u"in_progress"_s);
        QCOMPARE(created.value(u"instructions").toString(), u"Be nice"_s);
        QCOMPARE(created.value(u"store").toBool(true), false);
        const QJsonObject done = events.last().json.value(u"response").toObject();
        QCOMPARE(done.value(u"id").toString(), created.value(u"id").toString());
        QVERIFY(done.value(u"id").toString().startsWith(u"resp_"));
        QCOMPARE(done.value(u"status").toString(), u"completed"_s);
        QCOMPARE(done.value(u"output_text").toString(), u"Hi there \u00e9\n"_s);
        QCOMPARE(done.value(u"output").toArray().size(), 2);
        QCOMPARE(done.value(u"output")
                     .toArray()[0]
                     .toObject()
                     .value(u"content")
                     .toArray()[0]
                     .toObject()
                     .value(u"text")
                     .toString(),
                 u"The user greets."_s);
        const QJsonObject usage = done.value(u"usage").toObject();
        QCOMPARE(usage.value(u"input_tokens").toInt(), 31);
        QCOMPARE(usage.value(u"output_tokens").toInt(), 9);
        QCOMPARE(usage.value(u"total_tokens").toInt(), 40);
        QCOMPARE(usage.value(u"input_tokens_details").toObject().value(u"cached_tokens").toInt(), 16);
        QCOMPARE(object(encoder.finalAnswer()), done); // what is stored is what the client got
    }

    void chatToolCallsBecomeFunctionCallItems()
    {
        ChatAnswerDecoder decoder;
        ResponsesEncoder encoder(context("m"));
        const QByteArray stream = translate(recorded("openai-tool-calls.sse"), decoder, encoder);
        const Accumulated a = accumulate(stream);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QCOMPARE(a.output.size(), 2);
        const QJsonObject first = a.output[0].toObject();
        QCOMPARE(first.value(u"type").toString(), u"function_call"_s);
        QCOMPARE(first.value(u"call_id").toString(), u"call_abc"_s);
        QCOMPARE(first.value(u"name").toString(), u"get_weather"_s);
        QCOMPARE(object(first.value(u"arguments").toString().toUtf8()).value(u"city").toString(), u"Paris"_s);
        QCOMPARE(first.value(u"status").toString(), u"completed"_s);
        QVERIFY(first.value(u"id").toString().startsWith(u"fc_"));
        QCOMPARE(a.output[1].toObject().value(u"arguments").toString(), u"{}"_s);
        QString deltas;
        for (const ParsedEvent& e : parsed(stream)) {
            if (e.json.value(u"type").toString() == u"response.function_call_arguments.delta"
                && e.json.value(u"output_index").toInt() == 0)
                deltas += e.json.value(u"delta").toString();
        }
        QCOMPARE(deltas, first.value(u"arguments").toString());
        QCOMPARE(a.status, u"completed"_s);
    }

    void translationIsTheSameWhateverTheChunking()
    {
        const auto run = [](qsizetype piece) {
            ChatAnswerDecoder decoder;
            ResponsesEncoder encoder(context("m"));
            QByteArray out = translate(recorded("openai-tool-calls.sse"), decoder, encoder, piece);
            // Ids are random per response: compare without them.
            static const QRegularExpression ids(u"\"(resp|fc)_[0-9a-f]{48}\""_s);
            return QString::fromUtf8(out).replace(ids, u"\"id\""_s);
        };
        const QString whole = run(1 << 20);
        for (const qsizetype piece : {1, 3, 64})
            QCOMPARE(run(piece), whole);
    }

    void maxTokensMakesItIncomplete()
    {
        ResponsesEncoder encoder(context("m"));
        ChatDelta delta;
        delta.text = u"cut"_s;
        delta.finishReason = "length";
        encoder.encode(delta);
        const QList<ParsedEvent> events = parsed(encoder.finish());
        QCOMPARE(events.last().json.value(u"type").toString(), u"response.incomplete"_s);
        const QJsonObject r = events.last().json.value(u"response").toObject();
        QCOMPARE(r.value(u"status").toString(), u"incomplete"_s);
        QCOMPARE(r.value(u"incomplete_details").toObject().value(u"reason").toString(), u"max_output_tokens"_s);
    }

    void aBrokenStreamFailsNeverCompletes()
    {
        ResponsesEncoder encoder(context("m"));
        ChatDelta delta;
        delta.text = u"part"_s;
        const QByteArray start = encoder.encode(delta);
        const QByteArray end = encoder.fail(ApiError::badGateway(u"backend cut"_s, "upstream_connection_closed"));
        QVERIFY(!end.contains("response.completed"));
        const QList<ParsedEvent> events = parsed(end);
        QCOMPARE(typesOf(events), (QStringList{"error", "response.failed"}));
        QCOMPARE(events[0].json.value(u"code").toString(), u"upstream_connection_closed"_s);
        QVERIFY(!events[0].json.contains(u"error")); // the openai SDK would throw on a top-level error
        const QJsonObject r = events[1].json.value(u"response").toObject();
        QCOMPARE(r.value(u"status").toString(), u"failed"_s);
        QCOMPARE(r.value(u"error").toObject().value(u"message").toString(), u"backend cut"_s);
        // The message it cut short keeps its text so far.
        const QJsonObject item = r.value(u"output").toArray().first().toObject();
        QCOMPARE(item.value(u"status").toString(), u"incomplete"_s);
        QCOMPARE(item.value(u"content").toArray().first().toObject().value(u"text").toString(), u"part"_s);
        QVERIFY(encoder.failureEndsStream());
        QVERIFY(numberedInOrder(accumulate(start + end).sequence));
    }

    void keepAliveIsNumberedToo()
    {
        ResponsesEncoder encoder(context("m"));
        QVERIFY(!encoder.keepAlive().isEmpty()); // asked before begin(): a probe, no number spent
        const QByteArray begun = encoder.begin();
        QCOMPARE(parsed(begun)[0].json.value(u"sequence_number").toInt(-1), 0);
        QVERIFY(encoder.begin().isEmpty()); // once
        const QByteArray ping = encoder.keepAlive();
        QCOMPARE(parsed(ping)[0].json.value(u"type").toString(), u"keepalive"_s);
        QCOMPARE(parsed(ping)[0].json.value(u"sequence_number").toInt(), 2);
        ChatDelta delta;
        delta.text = u"x"_s;
        QVERIFY(!encoder.encode(delta).contains("response.created"));
    }

    void wholeChatAnswerBecomesAResponse()
    {
        ChatAnswerDecoder decoder;
        QString why;
        const std::optional<ChatCompletion> answer = decoder.decodeWhole(
            "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":{\"role\":"
            "\"assistant\",\"content\":\"Checking.\",\"tool_calls\":[{\"id\":\"call_9\",\"type\":\"function\","
            "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]}}],\"usage\":{\"prompt_tokens\":12,"
            "\"completion_tokens\":7,\"total_tokens\":19}}",
            &why);
        QVERIFY(answer);
        ResponsesEncoder encoder(context("m"));
        const QJsonObject r = object(encoder.encodeWhole(*answer));
        QCOMPARE(r.value(u"object").toString(), u"response"_s);
        QCOMPARE(r.value(u"status").toString(), u"completed"_s);
        QCOMPARE(r.value(u"model").toString(), u"m"_s);
        QCOMPARE(r.value(u"output_text").toString(), u"Checking."_s);
        const QJsonArray output = r.value(u"output").toArray();
        QCOMPARE(output.size(), 2);
        QCOMPARE(output[0].toObject().value(u"type").toString(), u"message"_s);
        QCOMPARE(output[1].toObject().value(u"call_id").toString(), u"call_9"_s);
        QCOMPARE(output[1].toObject().value(u"name").toString(), u"get_weather"_s);
        QCOMPARE(r.value(u"usage").toObject().value(u"total_tokens").toInt(), 19);
        QVERIFY(r.value(u"incomplete_details").isNull());
        QVERIFY(r.value(u"error").isNull());
    }

    // ---- Native answers: checked and normalized ----

    void openAiStreamPassesWithTheClientsModel()
    {
        ResponsesFilter filter(context("gpt-4.1"));
        const QByteArray out = filtered(recorded("responses-text.sse"), filter);
        const QList<ParsedEvent> in = parsed(recorded("responses-text.sse"));
        const QList<ParsedEvent> events = parsed(out);
        QCOMPARE(typesOf(events), typesOf(in)); // nothing added or dropped
        for (qsizetype i = 2; i < events.size() - 1; ++i)
            QCOMPARE(events[i].json, in[i].json); // deltas and items unchanged
        const Accumulated a = accumulate(out);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QCOMPARE(a.text, u"Hi there! How can I assist you today?"_s);
        const QJsonObject done = events.last().json.value(u"response").toObject();
        QCOMPARE(done.value(u"model").toString(), u"gpt-4.1"_s);
        QCOMPARE(done.value(u"id").toString(), events[0].json.value(u"response").toObject().value(u"id").toString());
        QVERIFY(filter.ended());
        QVERIFY(!filter.streamError());
        QCOMPARE(filter.usage()->promptTokens, 37);
        QCOMPARE(filter.usage()->completionTokens, 11);
        QCOMPARE(filter.deliveredChars(), 37);
        QCOMPARE(object(filter.finalAnswer()), done);
    }

    void llamaCppStreamIsRepaired()
    {
        ResponsesFilter filter(context("qwen3"));
        const QByteArray out = filtered(recorded("responses-llamacpp.sse"), filter);
        const Accumulated a = accumulate(out);
        QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
        QVERIFY(numberedInOrder(a.sequence));
        QCOMPARE(a.text, u"Let me check."_s);
        const QList<ParsedEvent> events = parsed(out);
        QCOMPARE(events[0].json.value(u"response").toObject().value(u"model").toString(), u"qwen3"_s);
        QVERIFY(events[0].json.value(u"response").toObject().value(u"output").isArray());
        QVERIFY(events[0].json.value(u"response").toObject().value(u"created_at").isDouble());
        // The reasoning item's content part, which llama.cpp never announces, comes first.
        QCOMPARE(events[3].json.value(u"type").toString(), u"response.content_part.added"_s);
        QCOMPARE(events[3].json.value(u"part").toObject().value(u"type").toString(), u"reasoning_text"_s);
        QStringList doneIds;
        for (const ParsedEvent& e : events) {
            const QString type = e.json.value(u"type").toString();
            if (type == u"response.output_item.done") {
                QVERIFY(e.json.value(u"output_index").isDouble()); // what the Vercel AI SDK insists on
                doneIds.append(e.json.value(u"item").toObject().value(u"id").toString());
            }
            if (type == u"response.function_call_arguments.delta")
                QCOMPARE(e.json.value(u"output_index").toInt(), 2);
        }
        QCOMPARE(doneIds.size(), 3);
        QVERIFY(doneIds[2].startsWith(u"fc_")); // the function call got an item id
        const QJsonObject done = events.last().json.value(u"response").toObject();
        QCOMPARE(done.value(u"model").toString(), u"qwen3"_s); // never the .gguf path
        QCOMPARE(done.value(u"output").toArray()[2].toObject().value(u"id").toString(), doneIds[2]);
        QCOMPARE(a.output.size(), 3);
        QCOMPARE(filter.usage()->promptTokens, 42);
        QCOMPARE(filter.usage()->cacheReadTokens, 8);
        QVERIFY(filter.ended());
    }

    void repairIsTheSameWhateverTheChunking()
    {
        const auto run = [](qsizetype piece) {
            ResponsesFilter filter(context("m"));
            QByteArray out;
            for (const SseEvent& event : eventsOf(recorded("responses-llamacpp.sse"), piece))
                out += filter.process(event);
            static const QRegularExpression ids(u"\"(resp|fc)_[0-9a-f]{48}\""_s);
            return QString::fromUtf8(out).replace(ids, u"\"id\""_s);
        };
        const QString whole = run(1 << 20);
        for (const qsizetype piece : {1, 5, 100})
            QCOMPARE(run(piece), whole);
    }

    void failedNativeStreamIsAnError()
    {
        ResponsesFilter filter(context("m"));
        const QByteArray out = filtered(recorded("responses-failed.sse"), filter);
        QVERIFY(!filter.ended());
        QVERIFY(filter.streamError());
        QVERIFY(filter.streamError()->message.contains(u"The model failed to generate a response."_s));
        QVERIFY(out.contains("response.failed"));
        QVERIFY(filter.finalAnswer().isEmpty()); // nothing to store
    }

    void wholeNativeAnswerGetsIdsAndModel()
    {
        ResponsesFilter filter(context("qwen3"));
        std::optional<TokenUsage> usage;
        const QByteArray body
            = filter
                  .filterWhole(
                      R"({"id":"resp_x","object":"response","created_at":1,"status":"completed","model":"/m.gguf","output":[{"type":"function_call","status":"completed","arguments":"{}","call_id":"fc_1","name":"f"}],"usage":{"input_tokens":3,"output_tokens":2,"total_tokens":5}})",
                      &usage)
                  .value_or("invalid");
        const QJsonObject r = object(body);
        QCOMPARE(r.value(u"model").toString(), u"qwen3"_s);
        QVERIFY(r.value(u"id").toString() != u"resp_x"_s);
        QVERIFY(r.value(u"output").toArray()[0].toObject().value(u"id").toString().startsWith(u"fc_"));
        QCOMPARE(usage->completionTokens, 2);
        QCOMPARE(filter.finalAnswer(), body);
    }

    // ---- Responses-only backends: the other direction ----

    void responsesStreamDecodesToChat()
    {
        ResponsesDecoder decoder;
        ChatAnswerEncoder encoder(context("m"));
        QList<ChatDelta> deltas;
        for (const SseEvent& event : eventsOf(recorded("responses-function-call.sse")))
            decoder.decode(event, deltas);
        QVERIFY(decoder.ended());
        QString arguments;
        QString name;
        QByteArray finish;
        std::optional<TokenUsage> usage;
        for (const ChatDelta& d : std::as_const(deltas)) {
            for (const ToolCallDelta& call : d.toolCalls) {
                QCOMPARE(call.index, 0);
                arguments += call.arguments;
                name += call.name;
            }
            if (!d.finishReason.isEmpty())
                finish = d.finishReason;
            if (d.usage)
                usage = d.usage;
        }
        QCOMPARE(name, u"get_weather"_s);
        QCOMPARE(arguments, u"{\"location\":\"Paris, France\"}"_s);
        QCOMPARE(finish, QByteArray("tool_calls"));
        QCOMPARE(usage->totalTokens(), 79);
    }

    void roundTripThroughBothDirections()
    {
        // chat → Responses (encoder) → chat (decoder): the same text, reasoning and calls.
        ChatAnswerDecoder chatIn;
        ResponsesEncoder responses(context("m"));
        const QByteArray middle = translate(recorded("openai-tool-calls.sse"), chatIn, responses);
        ResponsesDecoder back;
        QList<ChatDelta> deltas;
        for (const SseEvent& event : eventsOf(middle))
            back.decode(event, deltas);
        QHash<int, QString> args;
        QHash<int, QString> ids;
        for (const ChatDelta& d : std::as_const(deltas)) {
            for (const ToolCallDelta& call : d.toolCalls) {
                args[call.index] += call.arguments;
                ids[call.index] += call.id;
            }
        }
        QCOMPARE(ids.value(0), u"call_abc"_s);
        QCOMPARE(ids.value(1), u"call_def"_s);
        QCOMPARE(args.value(0), u"{\"city\": \"Paris\"}"_s);
        QCOMPARE(args.value(1), u"{}"_s);
    }

    void chatRequestBecomesResponsesRequest()
    {
        ApiError error;
        const QJsonObject r
            = object(*ChatToResponses::translate(recorded("chat-request-tools.json"), u"gpt-5"_s, &error));
        QCOMPARE(r.value(u"model").toString(), u"gpt-5"_s);
        QCOMPARE(r.value(u"instructions").toString(), u"Be brief.\n\nUse tools."_s);
        QCOMPARE(r.value(u"store").toBool(true), false);
        const QJsonArray input = r.value(u"input").toArray();
        QCOMPARE(input.size(), 6);
        QCOMPARE(input[0].toObject().value(u"content").toArray()[1].toObject().value(u"type").toString(),
                 u"input_image"_s);
        QCOMPARE(input[2].toObject().value(u"type").toString(), u"function_call"_s);
        QCOMPARE(input[3].toObject().value(u"call_id").toString(), u"call_2"_s);
        QCOMPARE(input[4].toObject().value(u"output").toString(), u"sunny"_s);
        QCOMPARE(r.value(u"tools").toArray()[0].toObject().value(u"name").toString(), u"weather"_s);
        QCOMPARE(r.value(u"tool_choice").toString(), u"required"_s);
        QVERIFY(r.value(u"stream").toBool());
    }

    // ---- Stored conversations ----

    void conversationsContinueAndResolveReferences()
    {
        const QByteArray request
            = R"({"model":"m","previous_response_id":"resp_1","input":[{"type":"item_reference","id":"fc_7"},{"type":"function_call_output","call_id":"c7","output":"42"}],"store":false})";
        const ResponsesHistory::Needs needs = ResponsesHistory::needsOf(request);
        QCOMPARE(needs.previousId, u"resp_1"_s);
        QCOMPARE(needs.itemRefs, QStringList{u"fc_7"_s});
        QVERIFY(!needs.store);
        ApiError error;
        QVERIFY(!ResponsesHistory::ownInput(request, {}, &error));
        QCOMPARE(error.status, 404);
        const std::optional<QJsonArray> own = ResponsesHistory::ownInput(
            request,
            {{u"fc_7"_s, R"({"id":"fc_7","type":"function_call","call_id":"c7","name":"f","arguments":"{}"})"}},
            &error);
        QVERIFY(own);
        QCOMPARE(own->at(0).toObject().value(u"call_id").toString(), u"c7"_s);
        QJsonArray conversation = ResponsesHistory::continuation(
            R"([{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}])",
            R"({"id":"resp_1","output":[{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":"hello"}]}]})");
        QCOMPARE(conversation.size(), 2);
        for (const QJsonValue& item : *own)
            conversation.append(item);
        const QJsonObject expanded = object(ResponsesHistory::withConversation(request, conversation));
        QVERIFY(!expanded.contains(u"previous_response_id"));
        QCOMPARE(expanded.value(u"input").toArray().size(), 4);
        // Translated, it is one chat conversation.
        const QJsonArray messages = object(*ResponsesToChat::translate(QJsonDocument(expanded).toJson(), &error))
                                        .value(u"messages")
                                        .toArray();
        QCOMPARE(messages.size(), 3); // user, assistant "hello" with the call, tool
        QCOMPARE(messages[1].toObject().value(u"content").toString(), u"hello"_s);
        QCOMPARE(messages[2].toObject().value(u"role").toString(), u"tool"_s);
    }

    void inputItemsArePaged()
    {
        const QByteArray input
            = R"([{"type":"message","role":"user","content":"a"},{"id":"msg_b","type":"message","role":"user","content":"b"},{"type":"message","role":"user","content":"c"}])";
        const QJsonObject first = object(ResponsesHistory::inputItemsPage(u"resp_abc"_s, input, u"desc"_s, {}, 2));
        QCOMPARE(first.value(u"object").toString(), u"list"_s);
        const QJsonArray data = first.value(u"data").toArray();
        QCOMPARE(data.size(), 2);
        QCOMPARE(data[0].toObject().value(u"content").toString(), u"c"_s); // newest first
        QCOMPARE(data[1].toObject().value(u"id").toString(), u"msg_b"_s);
        QVERIFY(first.value(u"has_more").toBool());
        const QJsonObject next = object(
            ResponsesHistory::inputItemsPage(u"resp_abc"_s, input, u"desc"_s, first.value(u"last_id").toString(), 2));
        QCOMPARE(next.value(u"data").toArray().size(), 1);
        QVERIFY(!next.value(u"has_more").toBool());
        QCOMPARE(next.value(u"data").toArray()[0].toObject().value(u"id").toString(), u"item_abc_0"_s); // stable ids
        const QJsonObject asc = object(ResponsesHistory::inputItemsPage(u"resp_abc"_s, input, u"asc"_s, {}, 20));
        QCOMPARE(asc.value(u"first_id").toString(), u"item_abc_0"_s);
    }
};

QTEST_GUILESS_MAIN(TestResponsesTranslation)
#include "TestResponsesTranslation.moc"
