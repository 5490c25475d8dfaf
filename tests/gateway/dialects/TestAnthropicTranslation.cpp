#include "DialectTestSupport.h"

#include "gateway/dialects/anthropic/AnthropicAdapter.h"
#include "gateway/dialects/anthropic/ChatToMessages.h"
#include "gateway/dialects/anthropic/MessagesDecoder.h"
#include "gateway/dialects/anthropic/MessagesEncoder.h"
#include "gateway/dialects/anthropic/MessagesFilter.h"
#include "gateway/dialects/anthropic/MessagesToChat.h"
#include "gateway/dialects/openai/ChatAnswerDecoder.h"
#include "gateway/dialects/openai/ChatAnswerEncoder.h"

#include <QJsonArray>

using namespace sy;
using namespace Qt::StringLiterals;
using namespace sy::test;

namespace {

AnswerContext context(const char* model)
{
    return {QString::fromLatin1(model), 42, 1733400000, false};
}

QStringList namesOf(const QList<ParsedEvent>& events)
{
    QStringList names;
    for (const ParsedEvent& e : events)
        names.append(QString::fromLatin1(e.name));
    return names;
}

// Every content_block_delta's text, thinking or partial_json, joined per block index.
QHash<int, QString> blockTexts(const QList<ParsedEvent>& events)
{
    QHash<int, QString> texts;
    for (const ParsedEvent& e : events) {
        if (e.name != "content_block_delta")
            continue;
        const QJsonObject d = e.json.value(u"delta").toObject();
        const int index = e.json.value(u"index").toInt();
        texts[index]
            += d.value(u"text").toString() + d.value(u"thinking").toString() + d.value(u"partial_json").toString();
    }
    return texts;
}

struct ChatView
{
    QString content;
    QString reasoning;
    QHash<int, QJsonObject> tools; ///< index → {id, name, arguments}
    QString finishReason;
    QJsonObject usage;
    bool done = false;
    QString model;
};

ChatView chatView(const QByteArray& stream)
{
    ChatView view;
    for (const ParsedEvent& e : parsed(stream)) {
        if (e.data == "[DONE]") {
            view.done = true;
            continue;
        }
        view.model = e.json.value(u"model").toString();
        if (e.json.contains(u"usage"))
            view.usage = e.json.value(u"usage").toObject();
        for (const QJsonValue& c : e.json.value(u"choices").toArray()) {
            const QJsonObject delta = c.toObject().value(u"delta").toObject();
            view.content += delta.value(u"content").toString();
            view.reasoning += delta.value(u"reasoning_content").toString();
            for (const QJsonValue& t : delta.value(u"tool_calls").toArray()) {
                const QJsonObject call = t.toObject();
                QJsonObject& tool = view.tools[call.value(u"index").toInt()];
                if (call.contains(u"id"))
                    tool.insert(u"id", call.value(u"id"));
                const QJsonObject f = call.value(u"function").toObject();
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

} // namespace

class TestAnthropicTranslation : public QObject
{
    Q_OBJECT

private slots:
    // ---- Answers for Anthropic clients of OpenAI-compatible backends ----

    void chatStreamBecomesMessagesEventsInAnthropicsOrder()
    {
        ChatAnswerDecoder decoder;
        MessagesEncoder encoder(context("claude-sonnet-4-5"));
        const QList<ParsedEvent> events = parsed(translate(recorded("openai-text.sse"), decoder, encoder));
        QCOMPARE(namesOf(events),
                 (QStringList{"message_start",
                              "content_block_start",
                              "content_block_delta",
                              "content_block_stop",
                              "content_block_start",
                              "content_block_delta",
                              "content_block_delta",
                              "content_block_stop",
                              "message_delta",
                              "message_stop"}));
        const QJsonObject message = events[0].json.value(u"message").toObject();
        QCOMPARE(message.value(u"model").toString(), QStringLiteral("claude-sonnet-4-5")); // never the .gguf path
        QCOMPARE(message.value(u"id").toString(), QStringLiteral("msg_sy42"));
        QCOMPARE(events[1].json.value(u"content_block").toObject().value(u"type").toString(),
                 QStringLiteral("thinking"));
        QCOMPARE(events[2].json.value(u"delta").toObject().value(u"type").toString(), QStringLiteral("thinking_delta"));
        QCOMPARE(events[4].json.value(u"index").toInt(), 1);
        QCOMPARE(blockTexts(events).value(1), QStringLiteral("Hi there \u00e9\n"));
        const QJsonObject delta = events[8].json;
        QCOMPARE(delta.value(u"delta").toObject().value(u"stop_reason").toString(), QStringLiteral("end_turn"));
        const QJsonObject usage = delta.value(u"usage").toObject();
        QCOMPARE(usage.value(u"output_tokens").toInt(), 9);
        QCOMPARE(usage.value(u"input_tokens").toInt(), 31 - 16); // Anthropic counts the cache apart
        QCOMPARE(usage.value(u"cache_read_input_tokens").toInt(), 16);
    }

    void translationIsTheSameWhateverTheChunking()
    {
        // Incremental: events cut at any byte give the same answer as whole ones.
        ChatAnswerDecoder wholeDecoder;
        MessagesEncoder wholeEncoder(context("m"));
        const QByteArray whole = translate(recorded("openai-tool-calls.sse"), wholeDecoder, wholeEncoder);
        for (const qsizetype piece : {1, 2, 7, 64}) {
            ChatAnswerDecoder decoder;
            MessagesEncoder encoder(context("m"));
            QCOMPARE(translate(recorded("openai-tool-calls.sse"), decoder, encoder, piece), whole);
        }
    }

    void chatToolCallsBecomeToolUseBlocks()
    {
        ChatAnswerDecoder decoder;
        MessagesEncoder encoder(context("m"));
        const QList<ParsedEvent> events = parsed(translate(recorded("openai-tool-calls.sse"), decoder, encoder));
        QList<QJsonObject> blocks;
        for (const ParsedEvent& e : events) {
            if (e.name == "content_block_start")
                blocks.append(e.json.value(u"content_block").toObject());
        }
        QCOMPARE(blocks.size(), 2); // an empty content "" opens no text block
        QCOMPARE(blocks[0].value(u"type").toString(), QStringLiteral("tool_use"));
        QCOMPARE(blocks[0].value(u"id").toString(), QStringLiteral("call_abc"));
        QCOMPARE(blocks[0].value(u"name").toString(), QStringLiteral("get_weather"));
        QCOMPARE(blocks[1].value(u"name").toString(), QStringLiteral("get_time"));
        const QHash<int, QString> args = blockTexts(events);
        QCOMPARE(object(args.value(0).toUtf8()).value(u"city").toString(), QStringLiteral("Paris"));
        QCOMPARE(args.value(1), QStringLiteral("{}"));
        const QJsonObject last = events[events.size() - 2].json;
        QCOMPARE(last.value(u"delta").toObject().value(u"stop_reason").toString(), QStringLiteral("tool_use"));
        QCOMPARE(last.value(u"usage").toObject().value(u"output_tokens").toInt(), 30);
        QCOMPARE(events.last().name, QByteArray("message_stop"));
    }

    void keepAliveIsAPing()
    {
        MessagesEncoder encoder(context("m"));
        QVERIFY(encoder.begin().startsWith("event: message_start\n"));
        QVERIFY(encoder.begin().isEmpty()); // once
        QCOMPARE(encoder.keepAlive(), QByteArray("event: ping\ndata: {\"type\":\"ping\"}\n\n"));
        // What began the stream early is not repeated when content arrives.
        ChatDelta delta;
        delta.text = QStringLiteral("x");
        QVERIFY(!encoder.encode(delta).contains("message_start"));
    }

    void aBrokenStreamEndsWithAnErrorEventNeverMessageStop()
    {
        MessagesEncoder encoder(context("m"));
        ChatDelta delta;
        delta.text = QStringLiteral("part");
        encoder.encode(delta);
        const QByteArray end
            = encoder.fail(ApiError::badGateway(QStringLiteral("backend cut"), "upstream_connection_closed"));
        const QList<ParsedEvent> events = parsed(end);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].name, QByteArray("error"));
        QCOMPARE(events[0].json.value(u"type").toString(), QStringLiteral("error"));
        QCOMPARE(events[0].json.value(u"error").toObject().value(u"type").toString(), QStringLiteral("api_error"));
        QVERIFY(!end.contains("message_stop"));
    }

    void wholeChatAnswerBecomesAMessage()
    {
        ChatAnswerDecoder decoder;
        QString why;
        const std::optional<ChatCompletion> answer = decoder.decodeWhole(
            "{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Let me "
            "look.\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"lookup\","
            "\"arguments\":\"{\\\"q\\\":\\\"x\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_"
            "tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}",
            &why);
        QVERIFY2(answer, qPrintable(why));
        MessagesEncoder encoder(context("claude-haiku-4-5"));
        const QJsonObject message = object(encoder.encodeWhole(*answer));
        QCOMPARE(message.value(u"type").toString(), QStringLiteral("message"));
        QCOMPARE(message.value(u"model").toString(), QStringLiteral("claude-haiku-4-5"));
        QCOMPARE(message.value(u"stop_reason").toString(), QStringLiteral("tool_use"));
        const QJsonArray content = message.value(u"content").toArray();
        QCOMPARE(content.size(), 2);
        QCOMPARE(content[0].toObject().value(u"text").toString(), QStringLiteral("Let me look."));
        QCOMPARE(content[1].toObject().value(u"type").toString(), QStringLiteral("tool_use"));
        // The input is parsed JSON, not a string.
        QCOMPARE(content[1].toObject().value(u"input").toObject().value(u"q").toString(), QStringLiteral("x"));
        QCOMPARE(message.value(u"usage").toObject().value(u"input_tokens").toInt(), 10);
        QCOMPARE(message.value(u"usage").toObject().value(u"output_tokens").toInt(), 5);
    }

    void stopReasonsMap_data()
    {
        QTest::addColumn<QByteArray>("finish");
        QTest::addColumn<bool>("tools");
        QTest::addColumn<bool>("stopSequence");
        QTest::addColumn<QByteArray>("stop");
        QTest::newRow("stop") << QByteArray("stop") << false << false << QByteArray("end_turn");
        QTest::newRow("length") << QByteArray("length") << false << false << QByteArray("max_tokens");
        QTest::newRow("tools") << QByteArray("tool_calls") << true << false << QByteArray("tool_use");
        QTest::newRow("tools, said stop") << QByteArray("stop") << true << false << QByteArray("tool_use");
        QTest::newRow("stop sequence") << QByteArray("stop") << false << true << QByteArray("stop_sequence");
    }

    void stopReasonsMap()
    {
        QFETCH(QByteArray, finish);
        QFETCH(bool, tools);
        QFETCH(bool, stopSequence);
        QFETCH(QByteArray, stop);
        ChatCompletion answer;
        answer.finishReason = finish;
        if (tools)
            answer.toolCalls.append({QStringLiteral("t"), QStringLiteral("f"), QStringLiteral("{}")});
        if (stopSequence)
            answer.stopSequence = QStringLiteral("###");
        MessagesEncoder encoder(context("m"));
        const QJsonObject message = object(encoder.encodeWhole(answer));
        QCOMPARE(message.value(u"stop_reason").toString().toUtf8(), stop);
        QCOMPARE(message.value(u"stop_sequence").toString(), stopSequence ? QStringLiteral("###") : QString());
    }

    // ---- Answers from Anthropic for OpenAI clients ----

    void messagesStreamBecomesChatChunks()
    {
        MessagesDecoder decoder;
        ChatAnswerEncoder encoder({QStringLiteral("claude"), 7, 1, true});
        const ChatView view = chatView(translate(recorded("anthropic-tool-use.sse"), decoder, encoder));
        QCOMPARE(view.content, QStringLiteral("Okay, let's check the weather."));
        QCOMPARE(view.tools.size(), 1);
        QCOMPARE(view.tools[0].value(u"id").toString(), QStringLiteral("toolu_01T1x1fJ34qAmk2tNTrN7Up6"));
        QCOMPARE(view.tools[0].value(u"name").toString(), QStringLiteral("get_weather"));
        QCOMPARE(object(view.tools[0].value(u"arguments").toString().toUtf8()).value(u"location").toString(),
                 QStringLiteral("San Francisco, CA"));
        QCOMPARE(view.finishReason, QStringLiteral("tool_calls"));
        QCOMPARE(view.usage.value(u"prompt_tokens").toInt(), 472);
        QCOMPARE(view.usage.value(u"completion_tokens").toInt(), 89);
        QCOMPARE(view.model, QStringLiteral("claude"));
        QVERIFY(view.done);
    }

    void thinkingBecomesReasoningAndCacheTokensCount()
    {
        MessagesDecoder decoder;
        ChatAnswerEncoder encoder({QStringLiteral("claude"), 7, 1, true});
        const ChatView view = chatView(translate(recorded("anthropic-thinking.sse"), decoder, encoder));
        QCOMPARE(view.reasoning, QStringLiteral("27 * 453 = 12231"));
        QCOMPARE(view.content, QStringLiteral("27 * 453 = 12,231"));
        QCOMPARE(view.usage.value(u"prompt_tokens").toInt(), 12 + 100 + 2000); // OpenAI counts the cache in
        QCOMPARE(view.usage.value(u"prompt_tokens_details").toObject().value(u"cached_tokens").toInt(), 2000);
        QCOMPARE(view.usage.value(u"completion_tokens").toInt(), 40);
    }

    void theUsageChunkOnlyWhenAsked()
    {
        MessagesDecoder decoder;
        ChatAnswerEncoder encoder({QStringLiteral("claude"), 7, 1, false});
        const ChatView view = chatView(translate(recorded("anthropic-text.sse"), decoder, encoder));
        QVERIFY(view.usage.isEmpty());
        QCOMPARE(view.content, QStringLiteral("Hello!"));
        QCOMPARE(view.finishReason, QStringLiteral("stop"));
    }

    void anOverloadedStreamFails()
    {
        MessagesDecoder decoder;
        ChatAnswerEncoder encoder({QStringLiteral("claude"), 7, 1, true});
        const QByteArray out = translate(recorded("anthropic-overloaded.sse"), decoder, encoder);
        QVERIFY(decoder.streamError());
        QCOMPARE(decoder.streamError()->status, 529);
        QCOMPARE(decoder.streamError()->message, QStringLiteral("Overloaded"));
        QVERIFY(out.contains("Partial"));
        QVERIFY(out.endsWith("\n\n"));
        QVERIFY(!out.contains("[DONE]"));
        QCOMPARE(parsed(out).last().name, QByteArray("error"));
    }

    void wholeMessageBecomesAChatCompletion()
    {
        MessagesDecoder decoder;
        QString why;
        const std::optional<ChatCompletion> answer = decoder.decodeWhole(
            "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[{"
            "\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"s\"},{\"type\":\"text\",\"text\":\"Hi\"},{"
            "\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{\"a\":1}}],\"stop_reason\":\"tool_"
            "use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"cache_read_input_tokens\":4,\"output_"
            "tokens\":2}}",
            &why);
        QVERIFY2(answer, qPrintable(why));
        ChatAnswerEncoder encoder({QStringLiteral("claude"), 9, 5, false});
        const QJsonObject chat = object(encoder.encodeWhole(*answer));
        const QJsonObject message = chat.value(u"choices").toArray()[0].toObject().value(u"message").toObject();
        QCOMPARE(message.value(u"content").toString(), QStringLiteral("Hi"));
        QCOMPARE(message.value(u"reasoning_content").toString(), QStringLiteral("hmm"));
        const QJsonObject call = message.value(u"tool_calls").toArray()[0].toObject();
        QCOMPARE(call.value(u"id").toString(), QStringLiteral("toolu_1"));
        QCOMPARE(object(call.value(u"function").toObject().value(u"arguments").toString().toUtf8()).value(u"a").toInt(),
                 1);
        QCOMPARE(chat.value(u"choices").toArray()[0].toObject().value(u"finish_reason").toString(),
                 QStringLiteral("tool_calls"));
        QCOMPARE(chat.value(u"usage").toObject().value(u"prompt_tokens").toInt(), 7);
        QCOMPARE(chat.value(u"model").toString(), QStringLiteral("claude"));
    }

    // ---- Anthropic in, Anthropic out: a pass-through that only watches ----

    void nativeStreamPassesThroughButTheModelName()
    {
        const QByteArray stream = recorded("anthropic-text.sse");
        MessagesFilter filter(context("claude-3-5-sonnet"));
        QByteArray out;
        for (const SseEvent& event : eventsOf(stream))
            out += filter.process(event);
        QCOMPARE(out.size(), stream.size() - qsizetype(QByteArray("-20241022").size()) + 0);
        QCOMPARE(QByteArray(out).replace("\"claude-3-5-sonnet\"", "\"claude-3-5-sonnet-20241022\""), stream);
        QVERIFY(filter.ended());
        QCOMPARE(filter.usage()->promptTokens, 25);
        QCOMPARE(filter.usage()->completionTokens, 15);
        QCOMPARE(filter.deliveredChars(), 6);
    }

    void nativeStreamErrorIsNoticed()
    {
        MessagesFilter filter(context("m"));
        for (const SseEvent& event : eventsOf(recorded("anthropic-overloaded.sse")))
            filter.process(event);
        QVERIFY(filter.streamError());
        QCOMPARE(filter.streamError()->status, 529);
        QVERIFY(!filter.ended());
    }

    // ---- Requests ----

    void messagesRequestBecomesChat()
    {
        const QByteArray in = recorded("messages-request-full.json");
        ApiError error;
        const std::optional<QByteArray> out = MessagesToChat::translate(in, &error);
        QVERIFY2(out, qPrintable(error.message));
        const QJsonObject chat = object(*out);
        const QJsonArray messages = chat.value(u"messages").toArray();
        QCOMPARE(messages.size(), 5);
        QCOMPARE(messages[0].toObject().value(u"role").toString(), QStringLiteral("system"));
        QCOMPARE(messages[0].toObject().value(u"content").toString(), QStringLiteral("You are terse."));
        const QJsonArray parts = messages[1].toObject().value(u"content").toArray();
        QCOMPARE(parts.size(), 3);
        QCOMPARE(parts[1].toObject().value(u"image_url").toObject().value(u"url").toString(),
                 QStringLiteral("data:image/png;base64,iVBORw0K"));
        QCOMPARE(parts[2].toObject().value(u"image_url").toObject().value(u"url").toString(),
                 QStringLiteral("https://example.com/a.jpg"));
        const QJsonObject assistant = messages[2].toObject();
        QCOMPARE(assistant.value(u"content").toString(), QStringLiteral("Checking.")); // thinking dropped
        const QJsonObject call = assistant.value(u"tool_calls").toArray()[0].toObject();
        QCOMPARE(call.value(u"id").toString(), QStringLiteral("toolu_9"));
        QCOMPARE(object(call.value(u"function").toObject().value(u"arguments").toString().toUtf8()).value(u"where"),
                 QJsonValue(QStringLiteral("here")));
        QCOMPARE(messages[3].toObject().value(u"role").toString(), QStringLiteral("tool"));
        QCOMPARE(messages[3].toObject().value(u"tool_call_id").toString(), QStringLiteral("toolu_9"));
        QCOMPARE(messages[3].toObject().value(u"content").toString(), QStringLiteral("a cat"));
        QCOMPARE(messages[4].toObject().value(u"content").toString(), QStringLiteral("And now?"));
        const QJsonArray tools = chat.value(u"tools").toArray();
        QCOMPARE(tools.size(), 1); // the server tool cannot run on a local model
        QCOMPARE(tools[0].toObject().value(u"function").toObject().value(u"name").toString(), QStringLiteral("look"));
        QCOMPARE(chat.value(u"tool_choice").toString(), QStringLiteral("required"));
        QCOMPARE(chat.value(u"parallel_tool_calls").toBool(true), false);
        QCOMPARE(chat.value(u"stop").toArray()[0].toString(), QStringLiteral("###"));
        QCOMPARE(chat.value(u"max_tokens").toInt(), 1024);
        QCOMPARE(chat.value(u"top_k").toInt(), 40);
        QCOMPARE(chat.value(u"user").toString(), QStringLiteral("user-7"));
        QCOMPARE(chat.value(u"stream").toBool(), true);
        QCOMPARE(chat.value(u"stream_options").toObject().value(u"include_usage").toBool(), true);
        QVERIFY(!chat.contains(u"thinking"));
        QVERIFY(!chat.contains(u"some_future_field"));
    }

    // Copied as JSON text, no DOM: the less common shapes keep their meaning.
    void lessCommonShapes()
    {
        ApiError error;
        const std::optional<QByteArray> out = MessagesToChat::translate(
            "{\"messages\":[{\"role\":\"assistant\",\"content\":\"said \\\"so\\\"\"},"
            "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":7}]},"
            "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
            "{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"is_error\":true,"
            "\"content\":[{\"type\":\"text\",\"text\":\"bad\"},{\"type\":\"image\"}]},"
            "{\"type\":\"document\",\"source\":{\"type\":\"text\",\"data\":\"doc\"}}]}],"
            "\"system\":[{\"type\":\"text\",\"text\":\"s1\"},{\"type\":\"text\",\"text\":\"s2\"}],"
            "\"stop_sequences\":[], \"temperature\":null, \"model\":\"m\"}",
            &error);
        QVERIFY2(out, qPrintable(error.message));
        const QJsonObject chat = object(*out);
        QCOMPARE(chat.value(u"model").toString(), QStringLiteral("m"));
        const QJsonArray m = chat.value(u"messages").toArray();
        QCOMPARE(m.size(), 5);
        QCOMPARE(m[0].toObject().value(u"content").toString(), QStringLiteral("s1\n\ns2"));
        QCOMPARE(m[1].toObject().value(u"content").toString(), QStringLiteral("said \"so\""));
        QVERIFY(m[2].toObject().value(u"content").isNull());
        QCOMPARE(m[2].toObject().value(u"tool_calls").toArray()[0].toObject().value(u"function").toObject(),
                 (QJsonObject{{u"name"_s, u"f"_s}, {u"arguments"_s, u"{}"_s}})); // input was not an object
        QCOMPARE(m[3].toObject().value(u"tool_call_id").toString(), QStringLiteral("t1")); // before the text
        QCOMPARE(m[3].toObject().value(u"content").toString(),
                 QStringLiteral("Error: bad\n[image omitted: this model's API takes no images in tool results]"));
        QCOMPARE(m[4].toObject(), (QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u"a\n\ndoc"_s}}));
        QVERIFY(!chat.contains(u"stop")); // empty
        QVERIFY(chat.value(u"temperature").isNull() && chat.contains(u"temperature")); // as sent
        QVERIFY(!chat.contains(u"stream"));
        QVERIFY(!MessagesToChat::translate("{\"messages\":[", &error));
        QCOMPARE(error.status, 400);
    }

    void toolChoicesMap_data()
    {
        QTest::addColumn<QByteArray>("anthropic");
        QTest::addColumn<QByteArray>("chat");
        QTest::newRow("auto") << QByteArray("{\"type\":\"auto\"}") << QByteArray("\"auto\"");
        QTest::newRow("any") << QByteArray("{\"type\":\"any\"}") << QByteArray("\"required\"");
        QTest::newRow("none") << QByteArray("{\"type\":\"none\"}") << QByteArray("\"none\"");
        QTest::newRow("tool") << QByteArray("{\"type\":\"tool\",\"name\":\"look\"}")
                              << QByteArray("{\"function\":{\"name\":\"look\"},\"type\":\"function\"}");
    }

    void toolChoicesMap()
    {
        QFETCH(QByteArray, anthropic);
        QFETCH(QByteArray, chat);
        const QByteArray in = "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                              "\"tools\":[{\"name\":\"look\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":"
            + anthropic + "}";
        ApiError error;
        const QJsonObject out = object(*MessagesToChat::translate(in, &error));
        const QJsonValue choice = out.value(u"tool_choice");
        const QByteArray written = choice.isString() ? '"' + choice.toString().toUtf8() + '"'
                                                     : QJsonDocument(choice.toObject()).toJson(QJsonDocument::Compact);
        QCOMPARE(written, chat);
    }

    void chatRequestBecomesMessages()
    {
        const QByteArray in = recorded("chat-request-tools.json");
        ApiError error;
        const std::optional<QByteArray> out
            = ChatToMessages::translate(in, QStringLiteral("claude-3-5-sonnet-20241022"), &error);
        QVERIFY2(out, qPrintable(error.message));
        const QJsonObject m = object(*out);
        QCOMPARE(m.value(u"model").toString(), QStringLiteral("claude-3-5-sonnet-20241022"));
        QCOMPARE(m.value(u"system").toString(), QStringLiteral("Be brief.\n\nUse tools."));
        QCOMPARE(m.value(u"max_tokens").toInt(), ChatToMessages::kDefaultMaxTokens); // Anthropic requires one
        QCOMPARE(m.value(u"stop_sequences").toArray()[0].toString(), QStringLiteral("END"));
        QCOMPARE(m.value(u"metadata").toObject().value(u"user_id").toString(), QStringLiteral("u1"));
        const QJsonArray messages = m.value(u"messages").toArray();
        QCOMPARE(messages.size(), 3); // user turns merged, tool results joined into one user turn
        const QJsonArray user = messages[0].toObject().value(u"content").toArray();
        QCOMPARE(user.size(), 3);
        const QJsonObject image = user[1].toObject().value(u"source").toObject();
        QCOMPARE(image.value(u"type").toString(), QStringLiteral("base64"));
        QCOMPARE(image.value(u"media_type").toString(), QStringLiteral("image/jpeg"));
        QCOMPARE(image.value(u"data").toString(), QStringLiteral("/9j/4AAQ"));
        const QJsonArray assistant = messages[1].toObject().value(u"content").toArray();
        QCOMPARE(assistant.size(), 2);
        QCOMPARE(assistant[0].toObject().value(u"input").toObject().value(u"city").toString(), QStringLiteral("Paris"));
        const QJsonArray results = messages[2].toObject().value(u"content").toArray();
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[1].toObject().value(u"tool_use_id").toString(), QStringLiteral("call_2"));
        QCOMPARE(m.value(u"tools").toArray()[1].toObject().value(u"input_schema").toObject().value(u"type").toString(),
                 QStringLiteral("object"));
        QCOMPARE(m.value(u"tool_choice").toObject().value(u"type").toString(), QStringLiteral("any"));
        QCOMPARE(m.value(u"tool_choice").toObject().value(u"disable_parallel_tool_use").toBool(), true);
        QCOMPARE(m.value(u"stream").toBool(), true);
    }

    void aRequestWithoutTurnsCannotGoToAnthropic()
    {
        ApiError error;
        QVERIFY(!ChatToMessages::translate(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}", QStringLiteral("m"), &error));
        QCOMPARE(error.status, 400);
    }

    void systemRoleMessagesBecomeSystemMessages()
    {
        // Claude Code 2.x sends some of its instructions as role "system" inside messages.
        ApiError error;
        const std::optional<QByteArray> chat = MessagesToChat::translate(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
            "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"be brief\"}]}]}",
            &error);
        QVERIFY(chat);
        const QJsonArray messages = QJsonDocument::fromJson(*chat).object().value(u"messages").toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[1].toObject().value(u"role").toString(), QStringLiteral("system"));
        QCOMPARE(messages[1].toObject().value(u"content").toString(), QStringLiteral("be brief"));
    }

    void unknownRoleIsAClearError()
    {
        ApiError error;
        QVERIFY(!MessagesToChat::translate(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"developer\",\"content\":\"x\"}]}", &error));
        QCOMPARE(error.status, 400);
        QVERIFY(error.message.contains(u"role"));
    }

    // ---- Errors and small things ----

    void errorsInAnthropicsShape_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("expectedStatus");
        QTest::addColumn<QString>("type");
        QTest::newRow("400") << 400 << 400 << QStringLiteral("invalid_request_error");
        QTest::newRow("401") << 401 << 401 << QStringLiteral("authentication_error");
        QTest::newRow("403") << 403 << 403 << QStringLiteral("permission_error");
        QTest::newRow("404") << 404 << 404 << QStringLiteral("not_found_error");
        QTest::newRow("413") << 413 << 413 << QStringLiteral("request_too_large");
        QTest::newRow("429") << 429 << 429 << QStringLiteral("rate_limit_error");
        QTest::newRow("500") << 500 << 500 << QStringLiteral("api_error");
        QTest::newRow("502") << 502 << 502 << QStringLiteral("api_error");
        QTest::newRow("503 → overloaded") << 503 << 529 << QStringLiteral("overloaded_error");
        QTest::newRow("529") << 529 << 529 << QStringLiteral("overloaded_error");
    }

    void errorsInAnthropicsShape()
    {
        QFETCH(int, status);
        QFETCH(int, expectedStatus);
        QFETCH(QString, type);
        ApiError error;
        error.status = status;
        error.message = QStringLiteral("why");
        const ErrorReply reply = AnthropicAdapter().renderError(error);
        QCOMPARE(reply.status, expectedStatus);
        const QJsonObject json = object(reply.body);
        QCOMPARE(json.value(u"type").toString(), QStringLiteral("error"));
        QCOMPARE(json.value(u"error").toObject().value(u"type").toString(), type);
        QCOMPARE(json.value(u"error").toObject().value(u"message").toString(), QStringLiteral("why"));
    }

    void backendErrorsAreRead()
    {
        const ApiError e = AnthropicAdapter().errorFrom(
            529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        QCOMPARE(e.status, 529);
        QCOMPARE(e.message, QStringLiteral("Overloaded"));
        QCOMPARE(e.code, QByteArray("overloaded_error"));
    }

    void requestsAreParsedLeniently()
    {
        AnthropicAdapter adapter;
        ParsedRequest request;
        const std::optional<JsonBody> body = JsonBody::parse(
            "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            "\"metadata\":{\"user_id\":\"u\"},\"context_management\":{\"edits\":[]},\"stream\":true}",
            nullptr);
        QVERIFY(!adapter.parse(Endpoint::Messages, *body, &request));
        QCOMPARE(request.model, QStringLiteral("claude-haiku-4-5"));
        QVERIFY(request.stream);
        QCOMPARE(request.user, QStringLiteral("u"));
        const std::optional<JsonBody> noMessages = JsonBody::parse("{\"model\":\"m\"}", nullptr);
        const std::optional<ApiError> error = adapter.parse(Endpoint::Messages, *noMessages, &request);
        QVERIFY(error);
        QCOMPARE(error->param, QByteArray("messages"));
    }

    void tokensAreCountedLocallyForBackendsWithoutTheEndpoint()
    {
        AnthropicAdapter adapter;
        const std::optional<JsonBody> body = JsonBody::parse("{\"model\":\"m\",\"system\":\"abcdefgh\",\"messages\":[{"
                                                             "\"role\":\"user\",\"content\":\"abcdefghijklmnop\"}]}",
                                                             nullptr);
        Deployment local;
        const std::optional<QByteArray> answer = adapter.localAnswer(Endpoint::MessagesCountTokens, *body, local);
        QVERIFY(answer);
        const int tokens = object(*answer).value(u"input_tokens").toInt();
        QVERIFY2(tokens >= 6 && tokens <= 12, qPrintable(QString::number(tokens)));
        Deployment anthropic;
        anthropic.dialects = Dialect::Anthropic;
        QVERIFY(!adapter.localAnswer(Endpoint::MessagesCountTokens, *body, anthropic)); // it counts itself
        QVERIFY(!adapter.localAnswer(Endpoint::Messages, *body, local));
    }
};

QTEST_GUILESS_MAIN(TestAnthropicTranslation)
#include "TestAnthropicTranslation.moc"
