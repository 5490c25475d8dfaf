#include "gateway/dialects/openai/ChatStreamFilter.h"

#include <QTest>

using namespace sy;

namespace {

const QByteArray kContent = "data: "
                            "{\"id\":\"c1\",\"model\":\"group\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                            "\"hello\"}}],\"usage\":null}\n\n";
const QByteArray kUsage = "data: {\"id\":\"c1\",\"model\":\"group\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,"
                          "\"completion_tokens\":3,\"total_tokens\":10}}\n\n";
const QByteArray kDone = "data: [DONE]\n\n";

AnswerContext context(const QString& model = QStringLiteral("group"))
{
    return {model, 1, 0, false};
}

QByteArray feed(ChatStreamFilter& filter, const QByteArray& raw)
{
    return filter.process(SseEvent::parse(raw));
}

} // namespace

class TestChatStreamFilter : public QObject
{
    Q_OBJECT

private slots:
    void stripsTheUsageChunkTheClientDidNotAskFor()
    {
        ChatStreamFilter filter(context(), true);
        QCOMPARE(feed(filter, kContent), kContent);
        QVERIFY(feed(filter, kUsage).isEmpty());
        QVERIFY(feed(filter, kDone).isEmpty()); // held for the end
        QVERIFY(filter.ended());
        QCOMPARE(filter.finish(), kDone);
        QCOMPARE(filter.usage()->promptTokens, 7);
        QCOMPARE(filter.usage()->completionTokens, 3);
        QVERIFY(!filter.usage()->estimated);
    }

    void aChunkCutShortIsPassedOnAsItCame()
    {
        // Ends where a value should begin: the scan once read one byte past the end there.
        for (const QByteArray& cut : {QByteArray("data: {\"usage\":\n\n"),
                                      QByteArray("data: {\"model\":\n\n"),
                                      QByteArray("data: {\"usage\": {\"prompt_tokens\":3\n\n")}) {
            ChatStreamFilter filter(context(), true);
            QCOMPARE(feed(filter, cut), cut);
            QVERIFY(!filter.usage());
        }
    }

    void keepsTheUsageChunkWhenAsked()
    {
        ChatStreamFilter filter(context(), false);
        QCOMPARE(feed(filter, kUsage), kUsage);
        QCOMPARE(filter.usage()->totalTokens(), 10);
    }

    void usageInsideAContentChunkIsNotStripped()
    {
        // Some servers put usage on the last content chunk instead of a separate one.
        const QByteArray last = "data: {\"choices\":[{\"delta\":{\"content\":\"!\"}}],\"usage\":{\"prompt_tokens\":1,"
                                "\"completion_tokens\":2}}\n\n";
        ChatStreamFilter filter(context(), true);
        QCOMPARE(feed(filter, last), last);
        QCOMPARE(filter.usage()->completionTokens, 2);
    }

    void countsDeliveredTextWithoutParsing()
    {
        ChatStreamFilter filter(context(), true);
        feed(filter, kContent);
        feed(filter, kContent);
        feed(filter, "data: {\"choices\":[{\"delta\":{\"content\":\"a\\\"b\\u00e9\"}}]}\n\n"); // a"bé: 4
        feed(filter,
             "data: "
             "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}}]}\n\n");
        QVERIFY(!filter.usage());
        QCOMPARE(filter.deliveredChars(), 10 + 4 + 2);
    }

    void theClientsModelNameReplacesTheBackends()
    {
        // A backend may name its model by a file path; the client hears the name it asked for.
        ChatStreamFilter filter(context(QStringLiteral("local-llama")), true);
        const QByteArray out
            = feed(filter, "data: {\"id\":\"x\",\"model\":\"/models/llama-8b.Q4.gguf\",\"choices\":[]}\n\n");
        QCOMPARE(out, QByteArray("data: {\"id\":\"x\",\"model\":\"local-llama\",\"choices\":[]}\n\n"));
        std::optional<TokenUsage> usage;
        QCOMPARE(filter.filterWhole("{\"model\":\"/m.gguf\",\"choices\":[]}", &usage).value_or("invalid"),
                 QByteArray("{\"model\":\"local-llama\",\"choices\":[]}"));
    }

    void noticesErrorsInTheStream()
    {
        ChatStreamFilter a(context(), true);
        feed(a, "data: {\"error\":{\"message\":\"boom\"}}\n\n");
        QVERIFY(a.streamError());
        QCOMPARE(a.streamError()->message, QStringLiteral("boom"));
        ChatStreamFilter b(context(), true);
        feed(b, "event: error\ndata: {}\n\n");
        QVERIFY(b.streamError());
        ChatStreamFilter c(context(), true);
        feed(c, kContent);
        QVERIFY(!c.streamError());
    }
};

QTEST_GUILESS_MAIN(TestChatStreamFilter)
#include "TestChatStreamFilter.moc"
