#include "gateway/streaming/CompletionStreamFilter.h"

#include <QTest>

using namespace sy;

namespace {

const QByteArray kContent = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hello\"}}],\"usage\":null}\n\n";
const QByteArray kUsage
    = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\n";
const QByteArray kDone = "data: [DONE]\n\n";

} // namespace

class TestCompletionStreamFilter : public QObject
{
    Q_OBJECT

private slots:
    void stripsTheUsageChunkTheClientDidNotAskFor()
    {
        CompletionStreamFilter filter(true);
        QCOMPARE(filter.process(kContent), kContent);
        QVERIFY(filter.process(kUsage).isEmpty());
        QVERIFY(filter.process(kDone).isEmpty()); // held for the end
        QVERIFY(filter.sawDone());
        QCOMPARE(filter.doneEvent(), kDone);
        QCOMPARE(filter.usage()->promptTokens, 7);
        QCOMPARE(filter.usage()->completionTokens, 3);
        QVERIFY(!filter.usage()->estimated);
    }

    void keepsTheUsageChunkWhenAsked()
    {
        CompletionStreamFilter filter(false);
        QCOMPARE(filter.process(kUsage), kUsage);
        QCOMPARE(filter.usage()->totalTokens(), 10);
    }

    void usageInsideAContentChunkIsNotStripped()
    {
        // Some servers put usage on the last content chunk instead of a separate one.
        const QByteArray last = "data: {\"choices\":[{\"delta\":{\"content\":\"!\"}}],\"usage\":{\"prompt_tokens\":1,"
                                "\"completion_tokens\":2}}\n\n";
        CompletionStreamFilter filter(true);
        QCOMPARE(filter.process(last), last);
        QCOMPARE(filter.usage()->completionTokens, 2);
    }

    void countsContentWhenNoUsageArrives()
    {
        CompletionStreamFilter filter(true);
        filter.process(kContent);
        filter.process(kContent);
        QVERIFY(!filter.usage());
        QCOMPARE(filter.contentChars(), 10);
        QVERIFY(filter.sawContent());
    }

    void noticesErrorsInTheStream()
    {
        CompletionStreamFilter a(true);
        a.process("data: {\"error\":{\"message\":\"boom\"}}\n\n");
        QVERIFY(a.sawError());
        CompletionStreamFilter b(true);
        b.process("event: error\ndata: {}\n\n");
        QVERIFY(b.sawError());
        CompletionStreamFilter c(true);
        c.process(kContent);
        QVERIFY(!c.sawError());
    }
};

QTEST_GUILESS_MAIN(TestCompletionStreamFilter)
#include "TestCompletionStreamFilter.moc"
