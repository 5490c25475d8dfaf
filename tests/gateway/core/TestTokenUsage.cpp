#include "gateway/core/JsonBody.h"
#include "gateway/core/TokenUsage.h"

#include <QTest>

#include <limits>

using namespace sy;

// Backend-reported usage is validated (issue #15): a lying or broken backend must not overflow
// sums (UBSan found it in totalTokens) nor refund budgets with negative counts.
class TestTokenUsage : public QObject
{
    Q_OBJECT

private slots:
    void fromResponse_data()
    {
        QTest::addColumn<QByteArray>("usage");
        QTest::addColumn<qint64>("prompt");
        QTest::addColumn<qint64>("completion");
        QTest::addColumn<bool>("estimated");
        QTest::newRow("normal") << QByteArray(R"({"prompt_tokens":12,"completion_tokens":30})") << qint64(12)
                                << qint64(30) << false;
        QTest::newRow("embeddings") << QByteArray(R"({"prompt_tokens":8,"total_tokens":8})") << qint64(8) << qint64(0)
                                    << false;
        QTest::newRow("int64 max") << QByteArray(R"({"prompt_tokens":1,"completion_tokens":9223372036854775807})")
                                   << qint64(1) << qint64(0) << true;
        QTest::newRow("both at max") << QByteArray(
            R"({"prompt_tokens":9223372036854775807,"completion_tokens":9223372036854775807})")
                                     << qint64(0) << qint64(0) << true;
        QTest::newRow("negative") << QByteArray(R"({"prompt_tokens":-500,"completion_tokens":7})") << qint64(0)
                                  << qint64(7) << true;
        QTest::newRow("beyond int64") << QByteArray(R"({"prompt_tokens":5,"completion_tokens":99999999999999999999})")
                                      << qint64(5) << qint64(0) << true;
        QTest::newRow("embeddings total at max")
            << QByteArray(R"({"prompt_tokens":-9223372036854775807,"total_tokens":9223372036854775807})") << qint64(0)
            << qint64(0) << true;
        QTest::newRow("largest allowed") << QByteArray(R"({"prompt_tokens":100000000,"completion_tokens":0})")
                                         << qint64(100'000'000) << qint64(0) << false;
    }

    void fromResponse()
    {
        QFETCH(QByteArray, usage);
        QFETCH(qint64, prompt);
        QFETCH(qint64, completion);
        QFETCH(bool, estimated);
        const std::optional<JsonBody> body = JsonBody::parse(R"({"id":"x","usage":)" + usage + '}', nullptr);
        QVERIFY(body);
        const std::optional<TokenUsage> read = TokenUsage::fromResponse(*body);
        QVERIFY(read);
        QCOMPARE(read->promptTokens, prompt);
        QCOMPARE(read->completionTokens, completion);
        QCOMPARE(read->estimated, estimated);
        QVERIFY(read->totalTokens() >= 0);
        QVERIFY(read->totalTokens() <= 2 * TokenUsage::kMaxTokens);
    }

    void totalSaturates()
    {
        const qint64 max = std::numeric_limits<qint64>::max();
        QCOMPARE((TokenUsage{max, max, false}.totalTokens()), max);
        QCOMPARE((TokenUsage{max, 1, false}.totalTokens()), max);
        QCOMPARE((TokenUsage{std::numeric_limits<qint64>::min(), -1, false}.totalTokens()),
                 std::numeric_limits<qint64>::min());
        QCOMPARE((TokenUsage{3, 4, false}.totalTokens()), qint64(7));
    }

    void validatedKeepsGoodCounts()
    {
        const TokenUsage ok = TokenUsage{10, 20, true}.validated();
        QCOMPARE(ok.promptTokens, qint64(10));
        QCOMPARE(ok.completionTokens, qint64(20));
        QVERIFY(ok.estimated);
        const TokenUsage bad = TokenUsage{TokenUsage::kMaxTokens + 1, 20, false}.validated();
        QCOMPARE(bad.promptTokens, qint64(0));
        QCOMPARE(bad.completionTokens, qint64(20));
        QVERIFY(bad.estimated);
    }
};

QTEST_GUILESS_MAIN(TestTokenUsage)
#include "TestTokenUsage.moc"
