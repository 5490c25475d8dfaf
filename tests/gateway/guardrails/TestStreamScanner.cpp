#include "gateway/guardrails/BannedSubstrings.h"
#include "gateway/guardrails/SecretsScanner.h"
#include "gateway/guardrails/StreamScanner.h"
#include "gateway/guardrails/TokenLimit.h"

#include <QTest>

using namespace sy;

namespace {

GuardrailSpec spec(const char* name, const char* type)
{
    GuardrailSpec s;
    s.name = QString::fromLatin1(name);
    s.type = QString::fromLatin1(type);
    s.modes = GuardrailSpec::PostCall;
    return s;
}

} // namespace

class TestStreamScanner : public QObject
{
    Q_OBJECT

private slots:
    void aSecretSplitAcrossTwoEventsIsCaughtOnTheSecond()
    {
        const SecretsScanner secrets(spec("no-secrets", "secrets"));
        StreamScanner scanner({&secrets});
        QVERIFY(!scanner.feed(u"Sure, the key is sk-proj-4f9Kd8"));
        const std::optional<Violation> v = scanner.feed(u"3JdkeLs02mXq7Z and that is all.");
        QVERIFY(v);
        QCOMPARE(v->guardrail, QString("no-secrets"));
        QCOMPARE(v->kind, QString("an API key"));
    }

    void aBannedPhraseSplitAcrossManyPieces()
    {
        GuardrailSpec s = spec("words", "banned_substrings");
        s.substrings = {QStringLiteral("project falcon")};
        const BannedSubstrings banned(s);
        StreamScanner scanner({&banned});
        for (const char16_t* piece : {u"The ", u"pro", u"ject", u" fal"})
            QVERIFY(!scanner.feed(piece));
        QVERIFY(scanner.feed(u"con is secret"));
    }

    void aBannedPhraseLooksBackOnlyAsFarAsItCanSpan()
    {
        // Its window is the longest phrase and a little more: enough for the character before a
        // whole word, however the pieces fall.
        GuardrailSpec s = spec("words", "banned_substrings");
        s.substrings = {QStringLiteral("project falcon")};
        s.wholeWords = true;
        const BannedSubstrings banned(s);
        QCOMPARE(banned.window(), 14 + 16);
        StreamScanner glued({&banned});
        for (const char16_t* piece : {u"a long answer about the x", u"project", u" falc"})
            QVERIFY(!glued.feed(piece));
        QVERIFY(!glued.feed(u"on is not a word of its own"));
        StreamScanner apart({&banned});
        for (const char16_t* piece : {u"a long answer about the ", u"p", u"roject falc"})
            QVERIFY(!apart.feed(piece));
        QVERIFY(apart.feed(u"on is"));
    }

    void whatPassedBeforeIsNotReportedAgain()
    {
        // Only a finding that reaches into the new piece is new: text already sent was judged.
        GuardrailSpec s = spec("words", "banned_substrings");
        s.substrings = {QStringLiteral("falcon")};
        const BannedSubstrings banned(s);
        StreamScanner scanner({&banned});
        QVERIFY(scanner.feed(u"falcon"));
        QVERIFY(!scanner.feed(u" clean text"));
    }

    void theWindowIsBounded()
    {
        const SecretsScanner secrets(spec("no-secrets", "secrets"));
        StreamScanner scanner({&secrets});
        for (int i = 0; i < 10000; ++i)
            QVERIFY(!scanner.feed(u"ordinary words go by, "));
        QVERIFY(scanner.feed(u"AKIAIOSFODNN7EXAMPLE"));
    }

    void wholeTextGuardrailsDoNotScanStreams()
    {
        GuardrailSpec s = spec("limit", "token_limit");
        s.tokenLimit = 1;
        const TokenLimit limit(s);
        StreamScanner scanner({&limit});
        QVERIFY(scanner.isEmpty());
        QVERIFY(!scanner.feed(u"a long answer that is far over one token"));
    }
};

QTEST_GUILESS_MAIN(TestStreamScanner)
#include "TestStreamScanner.moc"
